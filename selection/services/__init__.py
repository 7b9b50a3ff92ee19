"""Every write of the selection app: one function per user action, atomic."""

from .approval import ranking_decide
from .panel import panel_set_reviewers, panel_step
from .ranking import ranking_compute, ranking_start
from .scores import scores_save
from .shortlists import shortlist_add, shortlist_entry_update, shortlist_remove

__all__ = [
    "panel_set_reviewers",
    "panel_step",
    "ranking_compute",
    "ranking_decide",
    "ranking_start",
    "scores_save",
    "shortlist_add",
    "shortlist_entry_update",
    "shortlist_remove",
]
