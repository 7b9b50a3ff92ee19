"""Every write of the practice_projects app: one function per user action, atomic."""

from .plans import plan_create, plan_transition, plan_update
from .progress import (
    completion_open,
    completion_save,
    completion_transition,
    progress_report_save,
    progress_report_transition,
)
from .projects import (
    filing_transition,
    filing_update,
    indicator_missing,
    project_file,
    project_revise,
)
from .reminders import reminders_run

__all__ = [
    "completion_open",
    "completion_save",
    "completion_transition",
    "filing_transition",
    "filing_update",
    "indicator_missing",
    "plan_create",
    "plan_transition",
    "plan_update",
    "progress_report_save",
    "progress_report_transition",
    "project_file",
    "project_revise",
    "reminders_run",
]
