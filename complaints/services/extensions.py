"""Extensions of a case's deadline (延期): asked for before the deadline with a reason, decided
by a leader, granted once per case.

Who asks: the unit's head while the unit has the case (its reply deadline), or a clerk while the
center holds it (its closing deadline) — in each case the one who must meet the deadline. The
approved extension moves the stored deadline, which every page shows.

Decisions where the issue was silent:
- The deadline day itself is still "before the deadline": a request on it is accepted.
- While the unit has the case both its reply deadline and the closing deadline move by the
  same number of working days (the closing deadline would otherwise come too soon after).
- A refusal needs a comment (the requester must know why); an approval may have one.
- The leader's decision is taken on the case as it is then: if the case moved on meanwhile
  (e.g. the unit replied), the deadline that governs it now is the one extended.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.accounts import center_users
from efficiency_center.notifications import notify

from .. import deadlines
from ..models import OPEN_STATUSES, Extension, Status
from ..workflow import ComplaintError, move
from .handling import check_version, required_text
from .replies import is_own_head, lock_case

# Open statuses in which the center holds the case and its closing deadline governs.
CENTER_HELD_STATUSES = tuple(
    s for s in OPEN_STATUSES if s not in (Status.REGISTERED, Status.FORWARDED)
)


def requester_side(user, complaint):
    """ "unit" if `user` asks as the unit's head, "center" as a clerk, None if they may not ask
    for this case in its current status."""
    if complaint.status == Status.FORWARDED and is_own_head(user, complaint):
        return "unit"
    if (
        user.is_authenticated
        and user.role == user.Role.CLERK
        and complaint.status in CENTER_HELD_STATUSES
    ):
        return "center"
    return None


def refusal(user, complaint, extensions, today=None):
    """Why `user` may not ask for an extension of `complaint` now (None: they may).
    `extensions` are the case's extension records (already read by the page)."""
    today = today or timezone.localdate()
    if requester_side(user, complaint) is None:
        if complaint.status == Status.FORWARDED:
            return _("While the unit has the case, its head asks for an extension.")
        if complaint.status not in CENTER_HELD_STATUSES:
            return _("No deadline of this case can be extended in its current status.")
        return _("While the center holds the case, a clerk asks for an extension.")
    decisions = {e.decision for e in extensions}
    if Extension.Decision.APPROVED in decisions:
        return _("This case was already extended once; it cannot be extended again.")
    if Extension.Decision.PENDING in decisions:
        return _("An extension of this case is already waiting for a leader's decision.")
    due = complaint.governing_due
    if due is None:
        return _("No deadline runs for this case yet.")
    if today > due:
        return _(
            "The deadline (%(due)s) has passed: an extension must be asked for on or before it."
        ) % {"due": due.isoformat()}
    return None


@transaction.atomic
def extension_request(*, complaint, user, workdays, reason, expected_version, today=None):
    """Ask a leader for `workdays` more working days, with a reason; the leaders are told."""
    complaint = lock_case(complaint)
    if requester_side(user, complaint) is None:
        raise ComplaintError(refusal(user, complaint, [], today))
    check_version(complaint, expected_version)
    reason = required_text(reason, "reason", _("Give the reason for the extension."))
    longest = complaint.campaign.complaint_extension_max_workdays
    if not isinstance(workdays, int) or not 1 <= workdays <= longest:
        raise ValidationError(
            {
                "workdays": _("Ask for 1 to %(max)s working days.") % {"max": longest},
            },
            code="out_of_range",
        )
    why_not = refusal(user, complaint, list(complaint.extensions.only("decision")), today)
    if why_not:
        raise ComplaintError(why_not)
    old_due = complaint.governing_due
    extension = Extension.objects.create(
        complaint=complaint,
        workdays=workdays,
        reason=reason,
        requested_by=user,
        requested_at=timezone.now(),
        old_due=old_due,
        new_due=deadlines.extend(old_due, workdays),
    )
    notify(
        center_users(user.Role.LEADER),
        _(
            "An extension of complaint %(number)s awaits your decision: %(n)s working days "
            "(%(old)s → %(new)s)."
        )
        % {
            "number": complaint.number,
            "n": workdays,
            "old": old_due.isoformat(),
            "new": extension.new_due.isoformat(),
        },
        complaint,
        url=reverse("complaints:extension_decide", args=[extension.pk]),
    )
    return extension


@transaction.atomic
def extension_decide(*, extension, user, approve, comment="", today=None):
    """A leader approves or refuses a pending extension. Approval moves the governing deadline
    (with the unit: the reply deadline, and the closing deadline by as much; otherwise the
    closing deadline), recomputes when the case becomes very overdue, lifts the overdue mark
    when the new deadline is not past, and records the extension on the case's timeline."""
    if not user.is_authenticated or user.role != user.Role.LEADER:
        raise ComplaintError(_("Only a center leader decides on extensions."))
    extension = (
        Extension.objects.select_for_update(of=("self",))
        .select_related("requested_by")
        .get(pk=extension.pk)
    )
    if extension.decision != Extension.Decision.PENDING:
        raise ComplaintError(
            _("This request was already decided (%(decision)s).")
            % {"decision": extension.get_decision_display()}
        )
    complaint = lock_case(extension.complaint)
    comment = (comment or "").strip()
    today = today or timezone.localdate()
    now = timezone.now()
    number = complaint.number
    if not approve:
        if not comment:
            raise ValidationError(
                {"comment": _("Say why the extension is refused.")}, code="required"
            )
        Extension.objects.filter(pk=extension.pk).update(
            decision=Extension.Decision.REFUSED,
            decided_by=user,
            decided_at=now,
            decision_comment=comment,
        )
        extension.refresh_from_db()
        notify(
            [extension.requested_by],
            _("The extension of complaint %(number)s was refused: %(comment)s")
            % {"number": number, "comment": comment[:100]},
            complaint,
            url=complaint.url_for(extension.requested_by),
        )
        return extension

    if not complaint.is_open or complaint.governing_due is None:
        raise ComplaintError(
            _("Case %(number)s is no longer open: there is no deadline to extend; refuse it.")
            % {"number": number}
        )
    n = extension.workdays
    old_due = complaint.governing_due
    new_due = deadlines.extend(old_due, n)
    fields = {}
    if complaint.is_with_unit:
        fields["reply_due"] = new_due
        if complaint.close_due:
            fields["close_due"] = deadlines.extend(complaint.close_due, n)
    else:
        fields["close_due"] = new_due
    fields["very_overdue_on"] = deadlines.very_overdue_on(complaint.campaign, new_due)
    if new_due >= today:
        fields["overdue_notified_at"] = None
    if fields["very_overdue_on"] > today:
        fields["very_overdue_notified_at"] = None
    note = _("Extended by %(n)s working days: %(old)s → %(new)s.") % {
        "n": n,
        "old": old_due.isoformat(),
        "new": new_due.isoformat(),
    }
    move(
        complaint,
        "extend",
        actor=user,
        expected_version=complaint.version,
        comment=f"{note} {comment}".strip(),
        fields=fields,
    )
    Extension.objects.filter(pk=extension.pk).update(
        decision=Extension.Decision.APPROVED,
        decided_by=user,
        decided_at=now,
        decision_comment=comment,
        old_due=old_due,
        new_due=new_due,
    )
    extension.refresh_from_db()
    notify(
        [extension.requested_by],
        _("The extension of complaint %(number)s was approved: the new deadline is %(due)s.")
        % {"number": number, "due": new_due.isoformat()},
        complaint,
        url=complaint.url_for(extension.requested_by),
    )
    return extension
