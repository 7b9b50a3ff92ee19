"""Every write of the achievements app: one function per user action, keyword-only, atomic,
dated `at` (default now). State changes go through efficiency_center.workflow.step, which
checks them against achievements/workflows.py, records and notifies them."""

from .categories import categories_ensure_defaults
from .deadlines import missed_deadlines_sweep
from .imports import achievements_import
from .publicity import (
    TooManyObjections,
    objection_answer,
    objection_raise,
    publicity_close_due,
    publicity_open,
)
from .reports import achievement_delete, achievement_report, achievement_step, achievement_update
from .verification import (
    achievement_forward,
    achievement_mark_typical,
    achievement_not_accept,
)

__all__ = [
    "TooManyObjections",
    "achievement_delete",
    "achievement_forward",
    "achievement_mark_typical",
    "achievement_not_accept",
    "achievement_report",
    "achievement_step",
    "achievement_update",
    "achievements_import",
    "categories_ensure_defaults",
    "missed_deadlines_sweep",
    "objection_answer",
    "objection_raise",
    "publicity_close_due",
    "publicity_open",
]
