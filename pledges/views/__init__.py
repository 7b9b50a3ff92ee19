"""The pledges app's views, thin: parse, check access, call one service or selector, render."""

from .center import breach_decide, breach_detail, breach_queue, export, progress, review_queue
from .fulfilment import (
    fulfilment_act,
    fulfilment_detail,
    fulfilment_edit,
    fulfilment_overview,
    fulfilment_start,
)
from .public import PledgeFeed, public_detail, public_list, public_pdf
from .work import act, breach_new, correct, detail, edit, mine, start

__all__ = [
    "PledgeFeed",
    "act",
    "breach_decide",
    "breach_detail",
    "breach_new",
    "breach_queue",
    "correct",
    "detail",
    "edit",
    "export",
    "fulfilment_act",
    "fulfilment_detail",
    "fulfilment_edit",
    "fulfilment_overview",
    "fulfilment_start",
    "mine",
    "progress",
    "public_detail",
    "public_list",
    "public_pdf",
    "review_queue",
    "start",
]
