"""Reading pages in tests."""

import re


def offered_steps(response):
    """The workflow actions a page offers (includes/step_buttons.html's forms), in order."""
    return re.findall(r'data-action-form="([^"]+)"', response.content.decode())
