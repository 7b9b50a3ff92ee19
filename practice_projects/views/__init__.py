"""Thin views: parse, check permissions, call one service or selector, render."""

from .desk import desk, desk_export, review_queue
from .filings import (
    filing_act,
    filing_detail,
    filing_edit,
    filing_pdf,
    mine,
    project_create,
    project_detail,
    project_revise,
)
from .plans import plan_act, plan_create, plan_detail, plan_edit
from .progress import (
    completion_act,
    completion_create,
    completion_detail,
    completion_edit,
    progress_act,
    progress_create,
    progress_detail,
    progress_edit,
    progress_pdf,
)
from .public import public_detail, public_list

__all__ = [
    "completion_act",
    "completion_create",
    "completion_detail",
    "completion_edit",
    "desk",
    "desk_export",
    "filing_act",
    "filing_detail",
    "filing_edit",
    "filing_pdf",
    "mine",
    "plan_act",
    "plan_create",
    "plan_detail",
    "plan_edit",
    "progress_act",
    "progress_create",
    "progress_detail",
    "progress_edit",
    "progress_pdf",
    "project_create",
    "project_detail",
    "project_revise",
    "public_detail",
    "public_list",
    "review_queue",
]
