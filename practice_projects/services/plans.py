"""The campaign plan (活动方案): filed by staff, signed by the head, accepted by the clerk."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from efficiency_center import review
from efficiency_center.uploads import attach, attachments_of

from ..models import CampaignPlan
from ._common import ensure_editable_by, record_created, take_action, tell_about_transition, touch

PLAN_FILE_KINDS = ("pdf", "docx")
PLAN_MAX_BYTES = 20 * 1024 * 1024


def _check_content(text, file, has_file):
    if not (text or "").strip() and not file and not has_file:
        raise ValidationError(
            _("Give the plan as text, or upload it as a PDF or Word file, or both."),
            code="no_content",
        )


@transaction.atomic
def plan_create(*, campaign, department, user, title, doc_number, text="", file=None):
    if not user.is_unit_user or user.department_id != department.pk:
        raise review.ReviewError(_("Only the unit's own staff file its plan."))
    _check_content(text, file, has_file=False)
    if CampaignPlan.objects.filter(campaign=campaign, department=department).exists():
        raise ValidationError(
            _("Our unit has already filed a plan for this campaign."), code="duplicate"
        )
    plan = CampaignPlan.objects.create(
        campaign=campaign,
        department=department,
        title=title,
        doc_number=doc_number,
        text=text,
        created_by=user,
    )
    if file:
        attach(plan, file, user=user, kinds=PLAN_FILE_KINDS, max_bytes=PLAN_MAX_BYTES)
    record_created(plan, user)
    return plan


@transaction.atomic
def plan_update(*, plan, user, expected_version, title, doc_number, text="", file=None):
    ensure_editable_by(plan, user)
    _check_content(text, file, has_file=attachments_of(plan).exists())
    plan.title, plan.doc_number, plan.text = title, doc_number, text
    touch(plan)
    review.save_draft(
        plan,
        expected_version=expected_version,
        fields=["title", "doc_number", "text", "updated_at"],
    )
    if file:
        attach(plan, file, user=user, kinds=PLAN_FILE_KINDS, max_bytes=PLAN_MAX_BYTES)
    return plan


@transaction.atomic
def plan_transition(*, plan, user, action, comment="", expected_version):
    """Sign off, endorse, send back, return or accept (approve) a plan. Plans are not public:
    an accepted plan stays approved."""
    if action == "publish":
        raise review.ReviewError(_("Campaign plans are not published."))
    change = take_action(
        plan, action=action, user=user, comment=comment, expected_version=expected_version
    )
    tell_about_transition(
        plan, action=action, actor=user, comment=change.comment, what=_("Campaign plan")
    )
    return change
