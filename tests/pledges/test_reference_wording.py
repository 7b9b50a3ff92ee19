"""The reference pledge is seed 000 附件3 word for word: officials compare it with their notice."""

import re
from pathlib import Path

from django.utils import translation

from efficiency_center.vocabulary import FocusArea
from pledges import reference
from pledges.models import Channel

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_000_notice.txt"


def attachment_3():
    text = SEED.read_text(encoding="utf-8")
    start = text.index("附件3\n")
    return text[start:]


def seed_items():
    """Items 1–6 of 附件3 without their numbers ("1." or "5、")."""
    lines = [line.strip() for line in attachment_3().splitlines()]
    return [re.sub(r"^\d[.、]", "", line) for line in lines if re.match(r"^\d[.、]", line)][:6]


def test_every_item_is_the_notices_own_text():
    items = seed_items()
    bracket = re.search(r"\[(.*)\]", items[3]).group(1)
    assert [i.text for i in (reference.ITEM_1, reference.ITEM_2, reference.ITEM_3)] == items[:3]
    assert reference.ITEM_4_APPROVAL.text == items[3].split("[")[0]
    assert [reference.ITEM_5.text, reference.ITEM_6.text] == items[4:6]
    # Non-approval units: the item's opening and the bracket's list of directions, nothing added.
    assert items[3].startswith(reference.ITEM_4_OPENING)
    assert reference.NON_APPROVAL_DIRECTIONS in bracket
    assert reference.ITEM_4_SERVICE.text == (
        reference.ITEM_4_OPENING + reference.NON_APPROVAL_DIRECTIONS + "。"
    )


def test_opening_closing_and_guidance_are_the_notices():
    text = attachment_3()
    assert reference.OPENING.replace("{unit}", "(单位名称)") in text.replace(" ", "")
    assert reference.CLOSING in text and reference.GUIDANCE in text


def test_focus_areas_are_the_notices_five():
    notice = SEED.read_text(encoding="utf-8")
    named = re.search(r"重点在(.*?)等方面作出具体而明确的承诺", notice).group(1)
    expected = re.split(r"、|及", named)
    with translation.override("zh-hans"):
        assert [str(label) for label in FocusArea.labels] == expected


def test_pledge_channels_use_the_notices_words():
    notice = SEED.read_text(encoding="utf-8")
    with translation.override("zh-hans"):
        labels = [str(label) for label in Channel.labels]
    for words in ("县广电台演播大厅", "公开栏", "承诺书", "责任状"):
        assert words in notice
        assert any(words in label for label in labels), words
