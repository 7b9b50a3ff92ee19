"""The unit's side: report, edit, delete a draft, and the shared review steps (sign off,
endorse, send back; the center's return and verification)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.errors import DomainError, Forbidden, Invalid
from efficiency_center.lateness import late_filing_record
from efficiency_center.models import Department
from efficiency_center.permissions import require_editor
from efficiency_center.review import State
from efficiency_center.uploads import Attachment, attach, attachments_of
from efficiency_center.vocabulary import Quarter
from efficiency_center.workflow import lock, record_created, step, update

from ..models import MAX_PER_QUARTER, Achievement
from ..rules import check_content

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
# The review steps taken by achievement_step; the center's own actions have services of their
# own (verification.py, publicity.py).
REVIEW_STEPS = ("submit", "endorse", "send_back", "return", "approve")
LATE_SOURCE = "achievements"


def late_period(quarter):
    """The LateFiling period of a quarter's achievements (one deduction per unit × quarter)."""
    return f"{LATE_SOURCE}:Q{quarter}"


def late_what(quarter):
    return _("%(quarter)s service achievements") % {"quarter": Quarter(quarter).label}


def check_rules(*, campaign, quarter, data):
    """rules.check_content as a refusal the page shows next to the fields."""
    try:
        check_content(campaign=campaign, quarter=quarter, data=data)
    except ValidationError as exc:
        raise Invalid.from_validation(exc) from None


def check_room(*, campaign, department, quarter, adding):
    """Refuse more than MAX_PER_QUARTER achievements of one unit in one quarter. The caller
    holds the department's row lock, so two concurrent reports cannot both squeeze in."""
    count = Achievement.objects.filter(
        campaign=campaign, department=department, quarter=quarter
    ).count()
    if count + adding > MAX_PER_QUARTER:
        raise Invalid(
            _("A unit may report at most %(max)s achievements per quarter; it has %(count)s.")
            % {"max": MAX_PER_QUARTER, "count": count},
            code="too_many",
        )


def lock_department(department):
    return Department.objects.select_for_update().get(pk=department.pk)


def content_of(data):
    return {name: data[name] for name in CONTENT_FIELDS if name in data}


@transaction.atomic
def achievement_report(*, user, campaign, quarter, data, evidence=None, at=None):
    """Staff (or head) reports an achievement of their own unit: a draft."""
    at = at or timezone.now()
    if not user.is_unit_user:
        raise Forbidden(_("Only a unit's staff and head report its achievements."))
    department = lock_department(user.department)
    check_rules(campaign=campaign, quarter=quarter, data=data)
    check_room(campaign=campaign, department=department, quarter=quarter, adding=1)
    achievement = Achievement.objects.create(
        campaign=campaign,
        department=department,
        quarter=quarter,
        created_by=user,
        created_at=at,
        **content_of(data),
    )
    record_created(achievement, actor=user, at=at)
    if evidence:
        attach(achievement, evidence, user=user, at=at)
    return achievement


@transaction.atomic
def achievement_update(*, achievement, user, expected_version, data, evidence=None, at=None):
    """Save the unit's edit of a draft or returned achievement (optimistic lock)."""
    require_editor(user, achievement)
    check_rules(campaign=achievement.campaign, quarter=achievement.quarter, data=data)
    content = content_of(data)
    for name, value in content.items():
        setattr(achievement, name, value)
    update(achievement, expected_version=expected_version, fields=list(content))
    if evidence:
        attach(achievement, evidence, user=user, at=at)
    return achievement


@transaction.atomic
def achievement_delete(*, achievement, user, expected_version):
    """The unit deletes a draft that never left it (never signed off)."""
    require_editor(user, achievement)
    lock(achievement, expected_version)
    if achievement.state != State.DRAFT or achievement.filed_at is not None:
        raise DomainError(_("Only a draft that was never signed off can be deleted."))
    attachments = list(attachments_of(achievement))
    names = [attachment.file.name for attachment in attachments]
    achievement.delete()
    Attachment.objects.filter(pk__in=[attachment.pk for attachment in attachments]).delete()
    storage = Attachment._meta.get_field("file").storage
    # The files go only once the rows are surely gone.
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


@transaction.atomic
def achievement_step(*, achievement, user, action, expected_version, comment="", at=None):
    """Take one of the shared review steps; `approve` is the center's verification.

    The first sign-off by the unit's head is the filing: after the quarter's deadline it is
    late, and a unit with nothing filed on time loses the campaign's points once for the
    quarter (a logged skip once the assessment is closed: the filing itself goes through)."""
    if action not in REVIEW_STEPS:
        raise DomainError(_("Unknown action."))
    at = at or timezone.now()
    filing = {}
    if action == "submit" and achievement.filed_at is None:
        deadline = achievement.campaign.quarter_deadlines()[achievement.quarter]
        filing = {"filed_at": at, "is_late": timezone.localdate(at) > deadline}
    change = step(
        achievement,
        action,
        actor=user,
        expected_version=expected_version,
        comment=comment,
        at=at,
        **filing,
    )
    if filing.get("is_late"):
        _record_late_quarter(achievement, deadline=deadline, at=at)
    return change


def _record_late_quarter(achievement, *, deadline, at):
    on_time = Achievement.objects.filter(
        campaign_id=achievement.campaign_id,
        department_id=achievement.department_id,
        quarter=achievement.quarter,
        filed_at__isnull=False,
        is_late=False,
    )
    if on_time.exists():
        return None
    return late_filing_record(
        campaign=achievement.campaign,
        department=achievement.department,
        source=LATE_SOURCE,
        period=late_period(achievement.quarter),
        deadline=deadline,
        what=late_what(achievement.quarter),
        at=at,
    )
