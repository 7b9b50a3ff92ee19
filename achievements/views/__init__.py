"""The achievements app's views, thin: parse, check access, call one service or selector."""

from .center import objection_answer, publicity_open, review_queue
from .desk import desk, export, import_template, import_view
from .public import (
    competition,
    competition_index,
    objection_create,
    public_detail,
    public_list,
    unit_public,
)
from .work import act, create, delete, detail, edit, mine

__all__ = [
    "act",
    "competition",
    "competition_index",
    "create",
    "delete",
    "desk",
    "detail",
    "edit",
    "export",
    "import_template",
    "import_view",
    "mine",
    "objection_answer",
    "objection_create",
    "public_detail",
    "public_list",
    "publicity_open",
    "review_queue",
    "unit_public",
]
