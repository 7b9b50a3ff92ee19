"""The campaign plan (活动方案): filed by staff, signed by the head, accepted by the clerk.
Plans are not public: an accepted plan stays approved. Its review steps are
steps.document_step."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.errors import Forbidden, Invalid
from efficiency_center.permissions import require_editor
from efficiency_center.uploads import attachments_of
from efficiency_center.workflow import record_created, update

from ..models import CampaignPlan
from .steps import attach_files, authored, create_unique

PLAN_FILE_KINDS = ("pdf", "docx")
PLAN_MAX_BYTES = 20 * 1024 * 1024


def _check_content(text, file, has_file):
    if not (text or "").strip() and not file and not has_file:
        raise Invalid(
            _("Give the plan as text, or upload it as a PDF or Word file, or both."),
            code="no_content",
        )


def _attach_plan(plan, file, user, at):
    if file:
        attach_files(
            plan,
            [file],
            user=user,
            kinds=PLAN_FILE_KINDS,
            max_bytes=PLAN_MAX_BYTES,
            field="file",
            at=at,
        )


@transaction.atomic
def plan_create(*, campaign, department, user, title, doc_number, text="", file=None, at=None):
    """The unit's plan for the campaign, as a draft (one per unit and campaign)."""
    at = at or timezone.now()
    if not user.is_unit_user or user.department_id != department.pk:
        raise Forbidden(_("Only the unit's own staff file its plan."))
    _check_content(text, file, has_file=False)
    plan = create_unique(
        CampaignPlan,
        duplicate=_("Our unit has already filed a plan for this campaign."),
        campaign=campaign,
        department=department,
        title=title,
        doc_number=doc_number,
        text=text,
        **authored(user, at),
    )
    _attach_plan(plan, file, user, at)
    record_created(plan, actor=user, at=at)
    return plan


@transaction.atomic
def plan_update(*, plan, user, expected_version, title, doc_number, text="", file=None, at=None):
    """Save the edit of a draft or returned plan; a file is added, never replaced.

    Raises StaleVersionError if someone saved since `expected_version` (nothing is written)."""
    at = at or timezone.now()
    require_editor(user, plan)
    _check_content(text, file, has_file=attachments_of(plan).exists())
    plan.title, plan.doc_number, plan.text, plan.updated_at = title, doc_number, text, at
    update(
        plan,
        expected_version=expected_version,
        fields=["title", "doc_number", "text", "updated_at"],
    )
    _attach_plan(plan, file, user, at)
    return plan
