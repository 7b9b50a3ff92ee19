"""The clerk checks the unit's reply: returns it for more work or accepts it.

The reply moves through the shared review workflow (review.transition) and the case through its
own (workflow.move), both in one transaction: if either refuses, neither changes.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center import review
from efficiency_center.review import ReviewError, State

from .. import deadlines
from ..workflow import ComplaintError, move
from .handling import check_version, local_date, notify_unit, require_clerk


def _check(reply, complaint):
    if reply.complaint_id != complaint.pk:
        raise ComplaintError(_("This reply belongs to another case."))
    if reply.state != State.SUBMITTED:
        raise ReviewError(_("Only a reply the unit has sent can be checked."))


@transaction.atomic
def return_reply(*, reply, user, expected_version, comment, complaint=None):
    """Return the reply to the unit with what must be done; the case goes back to the unit
    with the same reply deadline."""
    complaint = complaint or reply.complaint
    require_clerk(user)
    check_version(complaint, expected_version)
    _check(reply, complaint)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Please say what must be changed.")})
    review.transition(reply, "return", user, comment=comment, expected_version=reply.version)
    # Back with the unit, the reply deadline governs again (and the very-overdue queue with it).
    very_overdue = (
        deadlines.very_overdue_on(complaint.campaign, complaint.reply_due)
        if complaint.reply_due
        else complaint.very_overdue_on
    )
    move(
        complaint,
        "return_reply",
        actor=user,
        expected_version=expected_version,
        comment=comment,
        fields={"very_overdue_on": very_overdue},
    )
    notify_unit(
        complaint,
        _("Your reply to complaint %(number)s was returned: %(comment)s")
        % {"number": complaint.number, "comment": comment[:100]},
    )
    return reply


@transaction.atomic
def accept_reply(*, reply, user, expected_version, comment="", complaint=None):
    """Accept the reply; the case goes on to its conclusion. A reply sent after the reply
    deadline marks the case as handled late."""
    complaint = complaint or reply.complaint
    require_clerk(user)
    check_version(complaint, expected_version)
    _check(reply, complaint)
    review.transition(reply, "approve", user, comment=comment, expected_version=reply.version)
    sent_on = local_date(reply.submitted_at) or timezone.localdate()
    fields = {}
    if complaint.reply_due and sent_on > complaint.reply_due:
        fields["was_late"] = True
    move(
        complaint,
        "accept_reply",
        actor=user,
        expected_version=expected_version,
        comment=(comment or "").strip(),
        fields=fields,
    )
    notify_unit(
        complaint,
        _("Your reply to complaint %(number)s was accepted.") % {"number": complaint.number},
    )
    return reply
