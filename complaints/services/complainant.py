"""What the complainant does on the query page: add information while the case is open, rate
the handling once per answer, and ask once for re-examination (复核). The complainant has no
account: the system user signs what they do.

Decisions where the issue was silent: the complainant rates the handling at most once per
answer (once before a re-examination, once after it); re-examination needs the latest rating of
the case to be dissatisfied.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.accounts import clerks, system_user
from efficiency_center.errors import DomainError, Invalid
from efficiency_center.notifications import notify
from efficiency_center.uploads import attach
from efficiency_center.workflow import step

from .. import deadlines
from ..models import (
    DESCRIPTION_MAX_CHARS,
    DISSATISFIED_LEVELS,
    CaseNote,
    Complaint,
    ContactChannel,
    FollowUp,
    Satisfaction,
)
from ..rules import may_add_information, may_rate, rated_since_answer

NOTE_MAX_CHARS = DESCRIPTION_MAX_CHARS
REASON_MAX_CHARS = 2000


def _too_long(field, text, limit):
    if len(text) > limit:
        raise Invalid({field: _("At most %(max)s characters, please.") % {"max": limit}})


@transaction.atomic
def information_add(*, complaint, text="", evidence=(), at=None):
    """The complainant adds information (a note and/or files) to their case while it is open."""
    at = at or timezone.now()
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not may_add_information(complaint):
        raise DomainError(
            _("This case is no longer being handled: information can no longer be added.")
        )
    text = (text or "").strip()
    files = [(uploaded, sealed) for uploaded, sealed in evidence or () if uploaded]
    if not text and not files:
        raise Invalid({"text": _("Please write something or choose a file.")})
    _too_long("text", text, NOTE_MAX_CHARS)
    note = None
    if text:
        note = CaseNote.objects.create(
            complaint=complaint,
            audience=CaseNote.Audience.COMPLAINANT,
            text=text,
            author=None,
            created_at=at,
        )
    author = system_user()
    for uploaded, sealed in files:
        attach(complaint, uploaded, user=author, sealed=bool(sealed), at=at)
    notify(
        clerks(),
        _("The complainant added information to %(number)s.") % {"number": complaint.number},
        complaint,
        url=complaint.get_absolute_url(),
        at=at,
    )
    return note


@transaction.atomic
def satisfaction_rate(*, complaint, satisfaction, note="", at=None):
    """The complainant rates the handling (好差评) once the case is answered, once per answer."""
    at = at or timezone.now()
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not may_rate(complaint):
        raise DomainError(_("The case can be rated once the center has answered you."))
    if rated_since_answer(complaint) is not None:
        raise DomainError(_("You have already rated the handling of this case."))
    try:
        satisfaction = Satisfaction(int(satisfaction))
    except (TypeError, ValueError):
        raise Invalid({"satisfaction": _("Please choose a level.")}) from None
    note = (note or "").strip()
    _too_long("note", note, REASON_MAX_CHARS)
    follow_up = FollowUp.objects.create(
        complaint=complaint,
        satisfaction=satisfaction,
        channel=ContactChannel.WEB,
        note=note,
        recorded_by=None,
        created_at=at,
    )
    if satisfaction in DISSATISFIED_LEVELS:
        notify(
            clerks(),
            _("The complainant of %(number)s is dissatisfied with its handling.")
            % {"number": complaint.number},
            complaint,
            url=complaint.get_absolute_url(),
            at=at,
        )
    return follow_up


def reexamination_request(*, complaint, reason, at=None):
    """A dissatisfied complainant asks once for re-examination (复核): the case is reopened
    (accepted again) with a new closing deadline from the day; the finding is kept until the
    re-examination concludes. The case's step tells the clerks."""
    at = at or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise Invalid({"reason": _("Please say why you ask for a re-examination.")})
    _too_long("reason", reason, REASON_MAX_CHARS)
    complaint = Complaint.objects.select_related("campaign").get(pk=complaint.pk)
    campaign = complaint.campaign
    close_due = deadlines.close_due(campaign, timezone.localdate(at))
    step(
        complaint,
        "reexamine",
        actor=system_user(),
        expected_version=complaint.version,
        at=at,
        comment=reason,
        reexam_requested_at=at,
        reexam_reason=reason,
        close_due=close_due,
        reply_due=None,
        very_overdue_on=deadlines.very_overdue_on(campaign, close_due),
        overdue_notified_at=None,
        very_overdue_notified_at=None,
    )
    return complaint
