"""The clerk's handling of a case: opening, acceptance, merging, forwarding or investigating,
and the case notes. One function per action, keyword-only, each in its own transaction.

Every state change goes through workflow.move under the case's optimistic lock. A refusal of the
rules raises workflow.ComplaintError, bad input a ValidationError naming the field, and a page
opened on an older version of the case review.StaleVersionError: in each case nothing changes.

The helpers at the top are shared by reply_review.py, conclusion.py and aftercare.py.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.accounts import center_users, unit_users
from efficiency_center.notifications import notify
from efficiency_center.review import StaleVersionError
from efficiency_center.workdays import is_workday

from .. import deadlines
from ..models import DESCRIPTION_MAX_CHARS, CaseNote, Complaint, Status
from ..sealing import refuse_identifying
from ..workflow import ComplaintError, move

User = get_user_model()
Role = User.Role

# Who may add a note, and the audiences the center writes for (the complainant writes their own
# notes through the query page).
NOTE_AUDIENCES = (CaseNote.Audience.INTERNAL, CaseNote.Audience.UNIT, CaseNote.Audience.PUBLIC)


# --- shared by the case services ---------------------------------------------------------------


def require_clerk(user):
    if user.role != Role.CLERK:
        raise ComplaintError(_("Only the center's clerks handle complaints."))


def require_leader(user):
    if user.role != Role.LEADER:
        raise ComplaintError(_("Only a center leader may do this."))


def check_version(complaint, expected_version):
    """Refuse at once a page opened on an older version of the case: the second of two clerks
    acting on the same case gets the stale-version message, not a status error."""
    if expected_version is None or int(expected_version) != complaint.version:
        raise StaleVersionError()


def lock_current(complaint, expected_version):
    """Lock the case's row for the rest of the transaction, then check the version: what must
    happen once (a ledger entry, a notice) cannot happen twice from two clicks at once."""
    current = (
        Complaint.objects.select_for_update().filter(pk=complaint.pk).values_list("version")
    ).first()
    if current is None or expected_version is None or current[0] != int(expected_version):
        raise StaleVersionError()
    check_version(complaint, expected_version)


def required_text(value, field, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message}, code="required")
    if len(value) > DESCRIPTION_MAX_CHARS:
        raise ValidationError(
            {field: _("At most %(max)s characters, please.") % {"max": DESCRIPTION_MAX_CHARS}},
            code="too_long",
        )
    return value


def notify_unit(complaint, verb):
    """Tell the unit's staff and head once the case was forwarded to them (before that they
    may not open it); the case is named by its number only."""
    if complaint.department_id is None or complaint.forwarded_at is None:
        return []
    return notify(
        unit_users(complaint.department_id), verb, complaint, url=complaint.get_unit_url()
    )


def leaders():
    return center_users(Role.LEADER)


def local_date(moment):
    return timezone.localdate(moment) if moment else None


# --- the actions -------------------------------------------------------------------------------


def open_case(*, complaint, user):
    """Note when the center first opened the case. Not a change of the case: no version bump,
    and a filtered update, so two clerks opening it at once keep the first time."""
    if complaint.opened_at is not None or user.role != Role.CLERK:
        return complaint
    now = timezone.now()
    if Complaint.objects.filter(pk=complaint.pk, opened_at__isnull=True).update(opened_at=now):
        complaint.opened_at = now
    return complaint


@transaction.atomic
def accept(*, complaint, user, expected_version, comment=""):
    """Accept the case: its closing deadline starts today. After the acceptance limit it is
    still accepted, and the timeline says it was late."""
    require_clerk(user)
    check_version(complaint, expected_version)
    today = timezone.localdate()
    comment = (comment or "").strip()
    if today > complaint.acceptance_due:
        late = _("Accepted after the acceptance limit (due %(due)s).") % {
            "due": complaint.acceptance_due.isoformat()
        }
        comment = f"{late} {comment}".strip()
    close_due = deadlines.close_due(complaint.campaign, today)
    move(
        complaint,
        "accept",
        actor=user,
        expected_version=expected_version,
        comment=comment,
        fields={
            "accepted_at": timezone.now(),
            "close_due": close_due,
            "very_overdue_on": deadlines.very_overdue_on(complaint.campaign, close_due),
        },
    )
    return complaint


@transaction.atomic
def not_accept(*, complaint, user, expected_version, reason, redirect_to=""):
    """Do not accept the case, with the reason and, where it belongs elsewhere, where to go;
    the complainant reads both on the query page. Final."""
    require_clerk(user)
    check_version(complaint, expected_version)
    reason = required_text(reason, "reason", _("Please give the reason."))
    redirect_to = (redirect_to or "").strip()
    if len(redirect_to) > 200:
        raise ValidationError({"redirect_to": _("At most 200 characters, please.")})
    move(
        complaint,
        "not_accept",
        actor=user,
        expected_version=expected_version,
        comment=reason,
        fields={"not_accepted_reason": reason, "redirect_to": redirect_to},
    )
    return complaint


@transaction.atomic
def merge(*, complaint, user, expected_version, target_number, comment=""):
    """Merge the case into an earlier case about the same matter, found by its number; the
    merged one follows it. Both timelines show the merge."""
    require_clerk(user)
    check_version(complaint, expected_version)
    number = (target_number or "").strip()
    if not number:
        raise ValidationError({"target_number": _("Give the number of the earlier case.")})
    target = Complaint.objects.filter(number=number).first()
    if target is None:
        raise ValidationError(
            {"target_number": _("There is no case numbered %(number)s.") % {"number": number}}
        )
    if target.pk == complaint.pk:
        raise ValidationError({"target_number": _("A case cannot be merged into itself.")})
    if target.status == Status.MERGED:
        raise ValidationError(
            {
                "target_number": _(
                    "Case %(number)s was itself merged into %(into)s: merge into that one."
                )
                % {"number": target.number, "into": target.merged_into.number}
            }
        )
    if (target.filed_at, target.pk) > (complaint.filed_at, complaint.pk):
        raise ValidationError(
            {"target_number": _("A case is merged into an earlier case, not a later one.")}
        )
    note = _("Merged into case %(number)s.") % {"number": target.number}
    move(
        complaint,
        "merge",
        actor=user,
        expected_version=expected_version,
        comment=f"{note} {(comment or '').strip()}".strip(),
        fields={"merged_into": target},
    )
    return complaint


def check_reply_due(day, *, today=None):
    """A reply deadline the clerk chooses must be a working day, today or later."""
    today = today or timezone.localdate()
    if day < today:
        raise ValidationError(_("The reply deadline cannot be in the past."), code="past")
    if not is_workday(day):
        raise ValidationError(_("The reply deadline must be a working day."), code="not_workday")
    return day


@transaction.atomic
def forward(
    *,
    complaint,
    user,
    expected_version,
    forwarded_text,
    department=None,
    reply_due=None,
    comment="",
):
    """Forward (转办) an accepted case, or re-route one its unit returned, to a unit.

    The unit is told only `forwarded_text`, the clerk's account of the matter (prefilled with
    the description for the clerk to anonymise). The reply deadline is the campaign's limit in
    working days from today, unless the clerk chose another working day."""
    require_clerk(user)
    check_version(complaint, expected_version)
    department = department or complaint.department
    if department is None:
        raise ValidationError({"department": _("Choose the unit to forward the case to.")})
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
    today = timezone.localdate()
    campaign = complaint.campaign
    if reply_due:
        try:
            check_reply_due(reply_due, today=today)
        except ValidationError as exc:
            raise ValidationError({"reply_due": exc.messages}) from exc
    else:
        reply_due = deadlines.reply_due(campaign, today)
    move(
        complaint,
        "forward",
        actor=user,
        expected_version=expected_version,
        comment=(
            _("To %(unit)s; reply due %(due)s.")
            % {"unit": department.name, "due": reply_due.isoformat()}
            + f" {(comment or '').strip()}"
        ).strip(),
        fields={
            "department": department,
            "forwarded_text": forwarded_text,
            "forwarded_at": timezone.now(),
            "reply_due": reply_due,
            "decline_due": deadlines.decline_due(campaign, today),
            "very_overdue_on": deadlines.very_overdue_on(campaign, reply_due),
        },
    )
    notify_unit(
        complaint,
        _("Complaint %(number)s was forwarded to your unit: reply by %(due)s.")
        % {"number": complaint.number, "due": reply_due.isoformat()},
    )
    return complaint


@transaction.atomic
def investigate(*, complaint, user, expected_version, department=None, comment=""):
    """The center investigates the case itself (直查); it is held to its closing deadline.
    `department`, the unit complained of, may be set or changed here."""
    require_clerk(user)
    check_version(complaint, expected_version)
    campaign = complaint.campaign
    close_due = complaint.close_due or deadlines.close_due(campaign, timezone.localdate())
    fields = {
        "close_due": close_due,
        "very_overdue_on": deadlines.very_overdue_on(campaign, close_due),
    }
    if department is not None:
        fields["department"] = department
    move(
        complaint,
        "investigate",
        actor=user,
        expected_version=expected_version,
        comment=(comment or "").strip(),
        fields=fields,
    )
    return complaint


@transaction.atomic
def add_note(*, complaint, user, audience, text):
    """A note on the case's timeline: for the center only, also for the unit, or also for the
    complainant (shown on the query page). Clerks and leaders write them."""
    if user.role not in (Role.CLERK, Role.LEADER):
        raise ComplaintError(_("Only the center's clerks and leaders add notes."))
    if audience not in NOTE_AUDIENCES:
        raise ValidationError({"audience": _("Choose who sees the note.")})
    text = required_text(text, "text", _("Write the note."))
    note = CaseNote.objects.create(complaint=complaint, audience=audience, text=text, author=user)
    if audience == CaseNote.Audience.UNIT:
        notify_unit(
            complaint,
            _("The center added a note to complaint %(number)s.") % {"number": complaint.number},
        )
    return note
