"""Every write of the selection app: one function per user action, atomic."""

from ._common import SelectionError
from .approval import IncompleteCandidatesError, ranking_approve, ranking_send_back
from .panel import panel_close, panel_open, panel_set_reviewers
from .ranking import RunInProgressError, ranking_compute, ranking_start
from .scores import scores_save
from .shortlists import shortlist_add, shortlist_entry_update, shortlist_remove

__all__ = [
    "IncompleteCandidatesError",
    "RunInProgressError",
    "SelectionError",
    "panel_close",
    "panel_open",
    "panel_set_reviewers",
    "ranking_approve",
    "ranking_compute",
    "ranking_send_back",
    "ranking_start",
    "scores_save",
    "shortlist_add",
    "shortlist_entry_update",
    "shortlist_remove",
]
