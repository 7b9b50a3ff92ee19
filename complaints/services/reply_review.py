"""The clerk checks the unit's reply: returns it for more work or accepts it.

The reply takes its review step and the case its own (workflows.py), both in one transaction:
if either refuses, neither changes. The case's step tells the unit.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.errors import DomainError
from efficiency_center.workflow import lock, step

from .. import deadlines


def _reply_of(complaint, reply, expected_version):
    """Lock the case first, so that a page opened on an older version of it is refused as
    stale before anything else."""
    lock(complaint, expected_version)
    if reply.complaint_id != complaint.pk:
        raise DomainError(_("This reply belongs to another case."))
    reply.complaint = complaint
    return reply


@transaction.atomic
def reply_return(*, complaint, reply, user, expected_version, comment, at=None):
    """Return the reply to the unit with what must be done; the case goes back to the unit
    with the same reply deadline."""
    at = at or timezone.now()
    reply = _reply_of(complaint, reply, expected_version)
    step(reply, "return", actor=user, expected_version=reply.version, comment=comment, at=at)
    # Back with the unit, the reply deadline governs again (and the very-overdue queue with it).
    very_overdue = (
        deadlines.very_overdue_on(complaint.campaign, complaint.reply_due)
        if complaint.reply_due
        else complaint.very_overdue_on
    )
    step(
        complaint,
        "return_reply",
        actor=user,
        expected_version=complaint.version,
        comment=comment,
        at=at,
        very_overdue_on=very_overdue,
    )
    return reply


@transaction.atomic
def reply_accept(*, complaint, reply, user, expected_version, comment="", at=None):
    """Accept the reply; the case goes on to its conclusion. A reply sent after the reply
    deadline marks the case as handled late."""
    at = at or timezone.now()
    reply = _reply_of(complaint, reply, expected_version)
    step(reply, "approve", actor=user, expected_version=reply.version, comment=comment, at=at)
    sent_on = timezone.localdate(reply.submitted_at or at)
    fields = {}
    if complaint.reply_due and sent_on > complaint.reply_due:
        fields["was_late"] = True
    step(
        complaint,
        "accept_reply",
        actor=user,
        expected_version=complaint.version,
        comment=comment,
        at=at,
        **fields,
    )
    return reply
