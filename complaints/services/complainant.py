"""What the complainant does on the query page: follow a (merged) case, add information while
it is open, rate the handling once per answer, and ask once for re-examination (复核).

Decisions where the issue was silent: the complainant rates the handling at most once per
answer (once before a re-examination, once after it); re-examination needs the latest rating of
the case to be dissatisfied.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.accounts import clerks, system_user
from efficiency_center.notifications import notify
from efficiency_center.uploads import attach

from .. import deadlines
from ..models import (
    DESCRIPTION_MAX_CHARS,
    DISSATISFIED_LEVELS,
    CaseNote,
    Complaint,
    ContactChannel,
    FollowUp,
    Satisfaction,
    Status,
)
from ..workflow import ComplaintError, move

NOTE_MAX_CHARS = DESCRIPTION_MAX_CHARS
REASON_MAX_CHARS = 2000


def followed_case(complaint):
    """The case whose progress the complainant follows: a merged case follows its main case."""
    main, hops = complaint, 0
    while main.status == Status.MERGED and main.merged_into_id and hops < 5:
        main, hops = main.merged_into, hops + 1
    return main


def may_add_information(complaint):
    return complaint.is_open or (
        complaint.status == Status.MERGED and followed_case(complaint).is_open
    )


@transaction.atomic
def information_add(*, complaint, text="", evidence=()):
    """The complainant adds information (a note and/or files) to their case while it is open."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not may_add_information(complaint):
        raise ComplaintError(
            _("This case is no longer being handled: information can no longer be added.")
        )
    text = (text or "").strip()
    files = [(uploaded, sealed) for uploaded, sealed in evidence or () if uploaded]
    if not text and not files:
        raise ValidationError({"text": _("Please write something or choose a file.")})
    if len(text) > NOTE_MAX_CHARS:
        raise ValidationError(
            {"text": _("At most %(max)s characters, please.") % {"max": NOTE_MAX_CHARS}}
        )
    author = system_user()
    note = None
    if text:
        note = CaseNote.objects.create(
            complaint=complaint, audience=CaseNote.Audience.COMPLAINANT, text=text, author=None
        )
    for uploaded, sealed in files:
        attach(complaint, uploaded, user=author, sealed=bool(sealed))
    notify(
        clerks(),
        _("The complainant added information to %(number)s.") % {"number": complaint.number},
        complaint,
        url=complaint.get_absolute_url(),
    )
    return note


def rated_since_answer(complaint):
    """The complainant's own rating of the current answer (None if not given yet)."""
    ratings = FollowUp.objects.filter(complaint=complaint, recorded_by__isnull=True)
    if complaint.reexam_requested_at:
        ratings = ratings.filter(created_at__gte=complaint.reexam_requested_at)
    return ratings.order_by("-created_at", "-id").first()


def may_rate(complaint):
    return complaint.status in (Status.ANSWERED, Status.CLOSED)


@transaction.atomic
def satisfaction_rate(*, complaint, satisfaction, note=""):
    """The complainant rates the handling (好差评) once the case is answered, once per answer."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not may_rate(complaint):
        raise ComplaintError(_("The case can be rated once the center has answered you."))
    if rated_since_answer(complaint) is not None:
        raise ComplaintError(_("You have already rated the handling of this case."))
    try:
        satisfaction = Satisfaction(int(satisfaction))
    except (TypeError, ValueError):
        raise ValidationError({"satisfaction": _("Please choose a level.")}) from None
    note = (note or "").strip()
    if len(note) > REASON_MAX_CHARS:
        raise ValidationError(
            {"note": _("At most %(max)s characters, please.") % {"max": REASON_MAX_CHARS}}
        )
    follow_up = FollowUp.objects.create(
        complaint=complaint,
        satisfaction=satisfaction,
        channel=ContactChannel.WEB,
        note=note,
        recorded_by=None,
    )
    if satisfaction in DISSATISFIED_LEVELS:
        notify(
            clerks(),
            _("The complainant of %(number)s is dissatisfied with its handling.")
            % {"number": complaint.number},
            complaint,
            url=complaint.get_absolute_url(),
        )
    return follow_up


def latest_follow_up(complaint):
    return FollowUp.objects.filter(complaint=complaint).order_by("-created_at", "-id").first()


_UNSET = object()


def may_request_reexamination(complaint, latest=_UNSET):
    """Once, by a dissatisfied complainant of an answered or closed case (`latest`: the case's
    latest follow-up, if the caller has it already)."""
    latest = latest_follow_up(complaint) if latest is _UNSET else latest
    return (
        complaint.status in (Status.ANSWERED, Status.CLOSED)
        and complaint.reexam_requested_at is None
        and latest is not None
        and latest.satisfaction in DISSATISFIED_LEVELS
    )


@transaction.atomic
def request_reexamination(complaint, reason, *, today=None):
    """A dissatisfied complainant asks once for re-examination (复核): the case is reopened
    (accepted again) with a new closing deadline from today; the finding is kept until the
    re-examination concludes."""
    today = today or timezone.localdate()
    complaint = (
        Complaint.objects.select_for_update().select_related("campaign").get(pk=complaint.pk)
    )
    if complaint.reexam_requested_at is not None:
        raise ComplaintError(
            _("A re-examination of this case was already asked for; it can be asked only once.")
        )
    if complaint.status not in (Status.ANSWERED, Status.CLOSED):
        raise ComplaintError(
            _("A re-examination can be asked for once the center has answered you.")
        )
    latest = latest_follow_up(complaint)
    if latest is None or latest.satisfaction not in DISSATISFIED_LEVELS:
        raise ComplaintError(
            _("A re-examination can be asked for when you are dissatisfied with the handling.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please say why you ask for a re-examination.")})
    if len(reason) > REASON_MAX_CHARS:
        raise ValidationError(
            {"reason": _("At most %(max)s characters, please.") % {"max": REASON_MAX_CHARS}}
        )
    campaign = complaint.campaign
    close_due = deadlines.close_due(campaign, today)
    move(
        complaint,
        "reexamine",
        actor=system_user(),
        expected_version=complaint.version,
        comment=reason,
        fields={
            "reexam_requested_at": timezone.now(),
            "reexam_reason": reason,
            "close_due": close_due,
            "reply_due": None,
            "very_overdue_on": deadlines.very_overdue_on(campaign, close_due),
            "overdue_notified_at": None,
            "very_overdue_notified_at": None,
        },
    )
    notify(
        clerks(),
        _("The complainant of %(number)s asked for a re-examination; the case is reopened.")
        % {"number": complaint.number},
        complaint,
        url=complaint.get_absolute_url(),
    )
    return complaint
