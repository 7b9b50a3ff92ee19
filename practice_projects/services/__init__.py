"""Every write of the practice_projects app: one function per user action, keyword-only, atomic,
dated `at` (default now). State changes go through efficiency_center.workflow.step (its table
in practice_projects.workflows), which records and notifies them."""

from .plans import plan_create, plan_update
from .progress import (
    completion_approve,
    completion_save,
    progress_report_approve,
    progress_report_save,
)
from .projects import filing_approve, filing_update, project_file, project_revise
from .reminders import project_late_record, reminders_run
from .steps import document_step

__all__ = [
    "completion_approve",
    "completion_save",
    "document_step",
    "filing_approve",
    "filing_update",
    "plan_create",
    "plan_update",
    "progress_report_approve",
    "progress_report_save",
    "project_file",
    "project_late_record",
    "project_revise",
    "reminders_run",
]
