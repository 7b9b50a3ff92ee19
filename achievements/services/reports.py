"""The unit's side: report, edit, delete a draft, and the shared review actions (sign off,
endorse, send back; the center's return and verify)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center import review
from efficiency_center.models import Department
from efficiency_center.notifications import notify
from efficiency_center.permissions import can_edit_record
from efficiency_center.review import ReviewError, StaleVersionError, State
from efficiency_center.uploads import Attachment, attach, attachments_of

from ..models import MAX_PER_QUARTER, Achievement
from ..rules import check_content
from ._common import check_version, clerks, unit_users
from .deadlines import missed_deadline_record

CONTENT_FIELDS = (
    "title",
    "focus_area",
    "category",
    "is_101",
    "description",
    "cases_handled",
    "workdays_saved",
    "enterprises_served",
    "people_served",
    "money_saved",
    "beneficiaries",
    "period_start",
    "period_end",
)
REVIEW_ACTIONS = ("submit", "endorse", "send_back", "return", "approve")


def _check_room(*, campaign, department, quarter, adding):
    """Refuse more than MAX_PER_QUARTER achievements of one unit in one quarter. The caller
    holds the department's row lock, so two concurrent reports cannot both squeeze in."""
    count = Achievement.objects.filter(
        campaign=campaign, department=department, quarter=quarter
    ).count()
    if count + adding > MAX_PER_QUARTER:
        raise ValidationError(
            _("A unit may report at most %(max)s achievements per quarter; it has %(count)s."),
            code="too_many",
            params={"max": MAX_PER_QUARTER, "count": count},
        )


def lock_department(department):
    return Department.objects.select_for_update().get(pk=department.pk)


def _content(data):
    return {name: data[name] for name in CONTENT_FIELDS if name in data}


@transaction.atomic
def achievement_report(*, user, campaign, quarter, data, evidence=None):
    """Staff (or head) reports an achievement of their own unit: a draft."""
    if not user.is_unit_user:
        raise PermissionDenied
    department = lock_department(user.department)
    check_content(campaign=campaign, quarter=quarter, data=data)
    _check_room(campaign=campaign, department=department, quarter=quarter, adding=1)
    achievement = Achievement.objects.create(
        campaign=campaign,
        department=department,
        quarter=quarter,
        created_by=user,
        **_content(data),
    )
    review.record_state_change(
        achievement, action="create", from_state="", to_state=State.DRAFT, actor=user
    )
    if evidence:
        attach(achievement, evidence, user=user)
    return achievement


@transaction.atomic
def achievement_update(*, achievement, user, expected_version, data, evidence=None):
    """Save the unit's edit of a draft or returned achievement (optimistic lock)."""
    if not can_edit_record(user, achievement):
        raise ReviewError(_("You may not edit this achievement now."))
    check_content(campaign=achievement.campaign, quarter=achievement.quarter, data=data)
    content = _content(data)
    for name, value in content.items():
        setattr(achievement, name, value)
    review.save_draft(achievement, expected_version=expected_version, fields=list(content))
    if evidence:
        attach(achievement, evidence, user=user)
    return achievement


@transaction.atomic
def achievement_delete(*, achievement, user, expected_version):
    """The unit deletes a draft that never left it (never signed off)."""
    if not can_edit_record(user, achievement) or achievement.filed_at is not None:
        raise ReviewError(_("Only a draft that was never signed off can be deleted."))
    attachment_ids = list(attachments_of(achievement).values_list("pk", flat=True))
    deleted, _rows = Achievement.objects.filter(
        pk=achievement.pk, version=expected_version, state=State.DRAFT
    ).delete()
    if not deleted:
        raise StaleVersionError()
    for attachment in Attachment.objects.filter(pk__in=attachment_ids):
        attachment.file.delete(save=False)
        attachment.delete()


@transaction.atomic
def achievement_act(*, achievement, user, action, expected_version, comment="", today=None):
    """Take one of the shared review actions; `approve` is the center's verification."""
    if action not in REVIEW_ACTIONS:
        raise ReviewError(_("Unknown action."))
    check_version(achievement, expected_version)
    if achievement.not_accepted_at is not None:
        raise ReviewError(_("This achievement was not accepted; nothing more can be done."))
    change = review.transition(
        achievement, action, user, comment=comment, expected_version=expected_version
    )
    if action == "submit" and achievement.filed_at is None:
        _mark_filed(achievement, user=user, today=today or timezone.localdate())
    _tell(achievement, action=action, comment=change.comment)
    return change


def _mark_filed(achievement, *, user, today):
    """The first sign-off is the filing: after the quarter's deadline it is marked late, and
    a unit with nothing filed on time loses the campaign's points once for the quarter."""
    deadline = achievement.campaign.quarter_deadlines()[achievement.quarter]
    achievement.filed_at = timezone.now()
    achievement.is_late = today > deadline
    Achievement.objects.filter(pk=achievement.pk).update(
        filed_at=achievement.filed_at, is_late=achievement.is_late
    )
    if not achievement.is_late:
        return
    on_time = Achievement.objects.filter(
        campaign=achievement.campaign,
        department=achievement.department,
        quarter=achievement.quarter,
        filed_at__isnull=False,
        is_late=False,
    ).exists()
    if not on_time:
        missed_deadline_record(
            campaign=achievement.campaign,
            department=achievement.department,
            quarter=achievement.quarter,
            recorded_by=user,
        )


def _tell(achievement, *, action, comment):
    title = achievement.title[:60]
    department = achievement.department
    if action == "submit" and achievement.state == State.SIGNED:
        heads = unit_users(department.supervisor_id, roles=("head",))
        notify(
            heads, _("A sub-unit's achievement awaits your endorsement: %s") % title, achievement
        )
    elif action in ("submit", "endorse"):
        notify(clerks(), _("An achievement awaits verification: %s") % title, achievement)
    elif action in ("send_back", "return"):
        notify(
            unit_users(department.pk),
            _("Achievement returned for changes: %(title)s. %(comment)s")
            % {"title": title, "comment": comment},
            achievement,
        )
    elif action == "approve":
        notify(unit_users(department.pk), _("Achievement verified: %s") % title, achievement)
