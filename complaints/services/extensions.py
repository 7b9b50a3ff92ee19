"""Extensions of a case's deadline (延期): asked for before the deadline with a reason, decided
by a leader (a LeaderDecision), granted once per case.

Who asks (the case's table, "request_extension"): the unit's head while the unit has the case
(its reply deadline), or a clerk while the center holds it (its closing deadline) — in each
case the one who must meet the deadline. The approved extension moves the stored deadline,
which every page shows.

Decisions where the issue was silent:
- The deadline day itself is still "before the deadline": a request on it is accepted.
- While the unit has the case both its reply deadline and the closing deadline move by the
  same number of working days (the closing deadline would otherwise come too soon after).
- A refusal needs a comment (the requester must know why); an approval may have one.
- The leader's decision is taken on the case as it is then: if the case moved on meanwhile
  (e.g. the unit replied), the deadline that governs it now is the one extended.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.accounts import center_users
from efficiency_center.decisions import decide
from efficiency_center.errors import DomainError, Invalid
from efficiency_center.models import User
from efficiency_center.notifications import notify
from efficiency_center.workflow import record_created, step

from .. import deadlines
from ..models import Extension
from .common import case_permits, required_text


def extension_refusal(complaint, user, at=None):
    """Why `user` may not ask for an extension of `complaint` now (a DomainError), or None."""
    try:
        case_permits(complaint, "request_extension", user=user, at=at)
    except DomainError as refusal:
        return refusal
    return None


@transaction.atomic
def extension_request(*, complaint, user, workdays, reason, expected_version, at=None):
    """Ask a leader for `workdays` more working days, with a reason; the leaders are told."""
    at = at or timezone.now()
    case_permits(
        complaint, "request_extension", user=user, expected_version=expected_version, at=at
    )
    reason = required_text(reason, "reason", _("Give the reason for the extension."))
    longest = complaint.campaign.complaint_extension_max_workdays
    if not isinstance(workdays, int) or not 1 <= workdays <= longest:
        raise Invalid(
            {"workdays": _("Ask for 1 to %(max)s working days.") % {"max": longest}},
            code="out_of_range",
        )
    old_due = complaint.governing_due
    extension = Extension.objects.create(
        complaint=complaint,
        workdays=workdays,
        reason=reason,
        requested_by=user,
        requested_at=at,
        old_due=old_due,
        new_due=deadlines.extend(old_due, workdays),
    )
    record_created(extension, actor=user, at=at)
    notify(
        center_users(User.Role.LEADER),
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
        at=at,
    )
    return extension


@transaction.atomic
def extension_decide(*, extension, user, action, expected_version, comment="", at=None):
    """A leader approves ("approve") or refuses ("refuse", with the reason) a pending extension.

    Approval moves the governing deadline (with the unit: the reply deadline, and the closing
    deadline by as much; otherwise the closing deadline), recomputes when the case becomes very
    overdue, lifts the overdue marks the new deadline makes early, and records the extension on
    the case's timeline. The extension's table tells the requester."""
    at = at or timezone.now()
    if action != "approve":
        decide(
            extension,
            action,
            actor=user,
            expected_version=expected_version,
            comment=comment,
            at=at,
        )
        return extension
    complaint = extension.complaint
    complaint.refresh_from_db()
    today = timezone.localdate(at)
    n = extension.workdays
    old_due = complaint.governing_due
    new_due = deadlines.extend(old_due, n) if old_due else None
    decide(
        extension,
        "approve",
        actor=user,
        expected_version=expected_version,
        comment=comment,
        at=at,
        old_due=old_due,
        new_due=new_due,
    )
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
    step(
        complaint,
        "extend",
        actor=user,
        expected_version=complaint.version,
        at=at,
        comment=f"{note} {(comment or '').strip()}".strip(),
        **fields,
    )
    return extension
