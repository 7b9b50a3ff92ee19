"""A small HTML reader for the assessment's tests: CSS selectors over the parsed page, with the
parser and selector engine WeasyPrint already brings (tinyhtml5, cssselect2)."""

import cssselect2
import tinyhtml5


class Node:
    def __init__(self, wrapper):
        self._wrapper = wrapper
        self.element = wrapper.etree_element

    def select(self, selector):
        return [
            Node(w)
            for w in self._wrapper.query_all(selector)
            if w.etree_element is not self.element
        ]

    def select_one(self, selector):
        found = self.select(selector)
        return found[0] if found else None

    def get_text(self, separator="", strip=False):
        pieces = list(self.element.itertext())
        if strip:
            pieces = [piece.strip() for piece in pieces if piece.strip()]
        return separator.join(pieces)

    def get(self, name, default=None):
        value = self.element.get(name, default)
        return value.split() if name == "class" and value is not None else value

    def __getitem__(self, name):
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value


def parse(content):
    if isinstance(content, bytes):
        content = content.decode()
    root = tinyhtml5.parse(content, namespace_html_elements=False)
    return Node(cssselect2.ElementWrapper.from_html_root(root))
