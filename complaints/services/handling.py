"""The clerk's handling of a case: receipt, acceptance, merging, forwarding or investigating,
and the case notes. One function per action, keyword-only, each in its own transaction, dated
`at` (default now).

Every change of the case is a step of its table (workflows.py): the step, atomic, takes the
case's row lock, refuses a page opened on an older version (StaleVersionError) and whatever the
table refuses (who may act, from which status), records the StateChange and tells whom the
table names. Bad input is refused with Invalid naming its field before it. In each case nothing
changes.

Decisions where the issue was silent:
- Opening the case page writes nothing. A clerk marks a new case as received (签收, the "open"
  step), or the first step a clerk takes on it (accept, not accept, merge) receives it: either
  takes it out of the desk's "new" queue.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.errors import Invalid
from efficiency_center.notifications import notify
from efficiency_center.workflow import step

from .. import deadlines
from ..models import CaseNote, Complaint, Status
from ..sealing import refuse_identifying
from ..validators import check_reply_due
from ..workflows import unit_people
from .common import case_permits, required_text

# The audiences the center writes notes for (the complainant writes their own notes through the
# query page).
NOTE_AUDIENCES = (CaseNote.Audience.INTERNAL, CaseNote.Audience.UNIT, CaseNote.Audience.PUBLIC)


def _received(complaint, at):
    """A case nobody marked as received is received by the first step a clerk takes on it."""
    return {} if complaint.opened_at else {"opened_at": at}


def complaint_open(*, complaint, user, expected_version, at=None):
    """A clerk marks a new case as received (签收): it leaves the desk's "new" queue."""
    step(complaint, "open", actor=user, expected_version=expected_version, at=at)
    return complaint


def complaint_accept(*, complaint, user, expected_version, comment="", at=None):
    """Accept the case: its closing deadline starts on the day. After the acceptance limit it
    is still accepted, and the timeline says it was late."""
    at = at or timezone.now()
    today = timezone.localdate(at)
    comment = (comment or "").strip()
    if today > complaint.acceptance_due:
        late = _("Accepted after the acceptance limit (due %(due)s).") % {
            "due": complaint.acceptance_due.isoformat()
        }
        comment = f"{late} {comment}".strip()
    close_due = deadlines.close_due(complaint.campaign, today)
    step(
        complaint,
        "accept",
        actor=user,
        expected_version=expected_version,
        at=at,
        comment=comment,
        close_due=close_due,
        very_overdue_on=deadlines.very_overdue_on(complaint.campaign, close_due),
        **_received(complaint, at),
    )
    return complaint


def complaint_not_accept(*, complaint, user, expected_version, comment, redirect_to="", at=None):
    """Do not accept the case, with the reason (`comment`) and, where it belongs elsewhere,
    where to go; the complainant reads both on the query page. Final."""
    at = at or timezone.now()
    redirect_to = (redirect_to or "").strip()
    if len(redirect_to) > 200:
        raise Invalid({"redirect_to": _("At most 200 characters, please.")})
    step(
        complaint,
        "not_accept",
        actor=user,
        expected_version=expected_version,
        at=at,
        comment=comment,
        not_accepted_reason=(comment or "").strip(),
        redirect_to=redirect_to,
        **_received(complaint, at),
    )
    return complaint


def _merge_target(complaint, number):
    number = (number or "").strip()
    if not number:
        raise Invalid({"target_number": _("Give the number of the earlier case.")})
    target = Complaint.objects.filter(number=number).select_related("merged_into").first()
    if target is None:
        raise Invalid(
            {"target_number": _("There is no case numbered %(number)s.") % {"number": number}}
        )
    if target.pk == complaint.pk:
        raise Invalid({"target_number": _("A case cannot be merged into itself.")})
    if target.status == Status.MERGED:
        raise Invalid(
            {
                "target_number": _(
                    "Case %(number)s was itself merged into %(into)s: merge into that one."
                )
                % {"number": target.number, "into": target.merged_into.number}
            }
        )
    if (target.filed_at, target.pk) > (complaint.filed_at, complaint.pk):
        raise Invalid(
            {"target_number": _("A case is merged into an earlier case, not a later one.")}
        )
    return target


def complaint_merge(*, complaint, user, expected_version, target_number, comment="", at=None):
    """Merge the case into an earlier case about the same matter, found by its number; the
    merged one follows it. Both timelines show the merge."""
    at = at or timezone.now()
    target = _merge_target(complaint, target_number)
    note = _("Merged into case %(number)s.") % {"number": target.number}
    step(
        complaint,
        "merge",
        actor=user,
        expected_version=expected_version,
        at=at,
        comment=f"{note} {(comment or '').strip()}".strip(),
        merged_into=target,
        **_received(complaint, at),
    )
    return complaint


def complaint_forward(
    *,
    complaint,
    user,
    expected_version,
    forwarded_text,
    department=None,
    reply_due=None,
    comment="",
    at=None,
):
    """Forward (转办) an accepted case, or re-route one its unit returned, to a unit.

    The unit is told only `forwarded_text`, the clerk's account of the matter (prefilled with
    the description for the clerk to anonymise). The reply deadline is the campaign's limit in
    working days from the day, unless the clerk chose another working day."""
    at = at or timezone.now()
    today = timezone.localdate(at)
    department = department or complaint.department
    if department is None:
        raise Invalid({"department": _("Choose the unit to forward the case to.")})
    forwarded_text = required_text(
        forwarded_text, "forwarded_text", _("Write what the unit is told about the case.")
    )
    # The unit must not learn who complained (the prefilled description often says).
    refuse_identifying(
        complaint,
        "forwarded_text",
        forwarded_text,
        message=_(
            "The text for the unit contains the complainant's %(parts)s: remove it, the unit "
            "must not learn who complained."
        ),
    )
    campaign = complaint.campaign
    if reply_due:
        try:
            check_reply_due(reply_due, today=today)
        except ValidationError as exc:
            raise Invalid({"reply_due": " ".join(exc.messages)}) from exc
    else:
        reply_due = deadlines.reply_due(campaign, today)
    step(
        complaint,
        "forward",
        actor=user,
        expected_version=expected_version,
        at=at,
        comment=(
            _("To %(unit)s; reply due %(due)s.")
            % {"unit": department.name, "due": reply_due.isoformat()}
            + f" {(comment or '').strip()}"
        ).strip(),
        department=department,
        forwarded_text=forwarded_text,
        reply_due=reply_due,
        decline_due=deadlines.decline_due(campaign, today),
        very_overdue_on=deadlines.very_overdue_on(campaign, reply_due),
    )
    return complaint


def complaint_investigate(
    *, complaint, user, expected_version, department=None, comment="", at=None
):
    """The center investigates the case itself (直查); it is held to its closing deadline.
    `department`, the unit complained of, may be set or changed here."""
    at = at or timezone.now()
    campaign = complaint.campaign
    close_due = complaint.close_due or deadlines.close_due(campaign, timezone.localdate(at))
    fields = {
        "close_due": close_due,
        "very_overdue_on": deadlines.very_overdue_on(campaign, close_due),
    }
    if department is not None:
        fields["department"] = department
    step(
        complaint,
        "investigate",
        actor=user,
        expected_version=expected_version,
        at=at,
        comment=comment,
        **fields,
    )
    return complaint


@transaction.atomic
def note_add(*, complaint, user, audience, text, at=None):
    """A note on the case's timeline: for the center only, also for the unit, or also for the
    complainant (shown on the query page). Clerks and leaders write them (the case's table)."""
    at = at or timezone.now()
    case_permits(complaint, "note", user=user, at=at)
    if audience not in NOTE_AUDIENCES:
        raise Invalid({"audience": _("Choose who sees the note.")})
    text = required_text(text, "text", _("Write the note."))
    note = CaseNote.objects.create(
        complaint=complaint, audience=audience, text=text, author=user, created_at=at
    )
    if audience == CaseNote.Audience.UNIT:
        notify(
            unit_people(complaint),
            _("The center added a note to complaint %(number)s.") % {"number": complaint.number},
            complaint,
            url=complaint.get_unit_url(),
            at=at,
        )
    return note
