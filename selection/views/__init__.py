"""The selection app's views, thin: parse, check access, call one service or selector."""

from .center import (
    desk,
    entry_edit,
    entry_remove,
    ledger,
    panel_members,
    panel_state,
    run_decide,
    run_detail,
    run_progress,
    run_start,
    shortlist,
    shortlist_add,
)
from .public import public_index, public_list
from .reviewer import my_scores

__all__ = [
    "desk",
    "entry_edit",
    "entry_remove",
    "ledger",
    "my_scores",
    "panel_members",
    "panel_state",
    "public_index",
    "public_list",
    "run_decide",
    "run_detail",
    "run_progress",
    "run_start",
    "shortlist",
    "shortlist_add",
]
