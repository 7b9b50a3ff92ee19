"""Every write of the achievements app: one function per user action, atomic."""

from .categories import categories_ensure_defaults
from .deadlines import missed_deadline_record, missed_deadlines_sweep
from .imports import achievements_import
from .publicity import (
    NotInPublicity,
    objection_answer,
    objection_raise,
    open_for_objections,
    publicity_close_due,
    publicity_open,
)
from .reports import achievement_act, achievement_delete, achievement_report, achievement_update
from .verification import (
    achievement_forward,
    achievement_mark_typical,
    achievement_not_accept,
)

__all__ = [
    "NotInPublicity",
    "achievement_act",
    "achievement_delete",
    "achievement_forward",
    "achievement_mark_typical",
    "achievement_not_accept",
    "achievement_report",
    "achievement_update",
    "achievements_import",
    "categories_ensure_defaults",
    "missed_deadline_record",
    "missed_deadlines_sweep",
    "objection_answer",
    "objection_raise",
    "open_for_objections",
    "publicity_close_due",
    "publicity_open",
]
