"""The unit's side of a forwarded case: its reply (drafted by staff, signed off by the head, for a
sub-unit endorsed by the supervising department's head) and its return of a case that is not
its own.

The reply is a Reviewable (its table in workflows.py): `reply_save` keeps one reply per
forwarding round under the optimistic lock, `reply_step` takes the unit's review steps. When
the reply reaches the center (submitted), the case takes its "reply" step in the same
transaction, so the clerk sees "reply to check". The clerk's return and acceptance are in
reply_review.py; a returned reply is edited here again and goes through the same sign-offs.

Decisions where the issue was silent:
- Only the unit's head returns a case as not its own: the head speaks for the unit (staff
  draft, the head decides what leaves the unit).
- When the reply reaches the center the governing deadline becomes the closing deadline, so
  `very_overdue_on` is recomputed from `close_due` (the queues compare it in SQL).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.decisions import Decision, decide
from efficiency_center.errors import DomainError, Forbidden, StaleVersionError
from efficiency_center.permissions import own_unit, require_editor
from efficiency_center.review import State
from efficiency_center.uploads import attach
from efficiency_center.workflow import record_created, step, update

from .. import deadlines
from ..models import Complaint, Reply, Status
from ..selectors.unit import current_reply
from .common import required_text

CONTENT_FIELDS = ("facts", "actions_taken")


@transaction.atomic
def reply_save(*, complaint, user, expected_version, data, evidence=None, at=None):
    """Staff (or the head) save the unit's reply: created on the first save of the forwarding
    round, then edited while it is a draft or returned (optimistic lock on the reply).

    `expected_version` is the reply's version the page showed (None when it showed none)."""
    at = at or timezone.now()
    # One reply per round: two first saves at once run one after the other.
    complaint = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    if not own_unit(user, complaint):
        raise Forbidden(_("Only the staff and head of the unit the case was forwarded to reply."))
    if complaint.status != Status.FORWARDED:
        raise DomainError(
            _("Case %(number)s is not with your unit now (“%(status)s”): nothing can be done.")
            % {"number": complaint.number, "status": complaint.get_status_display()}
        )
    values = {
        "facts": required_text(data.get("facts"), "facts", _("Write the facts found.")),
        "actions_taken": required_text(
            data.get("actions_taken"), "actions_taken", _("Write what was done.")
        ),
    }
    reply = current_reply(complaint)
    if reply is None:
        reply = Reply.objects.create(
            complaint=complaint,
            department_id=complaint.department_id,
            created_by=user,
            created_at=at,
            **values,
        )
        record_created(reply, actor=user, at=at)
    else:
        if not expected_version:
            # Someone else started the reply after this page was opened.
            raise StaleVersionError()
        require_editor(user, reply)
        for name, value in values.items():
            setattr(reply, name, value)
        update(reply, expected_version=expected_version, fields=CONTENT_FIELDS)
    if evidence:
        attach(reply, evidence, user=user, at=at)
    return reply


@transaction.atomic
def reply_step(*, complaint, user, action, expected_version, comment="", at=None):
    """Sign off (own head), endorse or send back (a sub-unit's supervising head) the reply of
    the case's current round. Submitted to the center, the reply moves the case to "replied"
    (whose step tells the clerks)."""
    at = at or timezone.now()
    complaint.refresh_from_db()
    reply = current_reply(complaint)
    if reply is None:
        error = DomainError(_("There is no reply to sign off yet: save a draft first."))
        error.record = complaint  # the page to go back to
        raise error
    reply.complaint = complaint
    change = step(
        reply, action, actor=user, expected_version=expected_version, comment=comment, at=at
    )
    if reply.state == State.SUBMITTED:
        fields = {}
        if complaint.close_due:
            fields["very_overdue_on"] = deadlines.very_overdue_on(
                complaint.campaign, complaint.close_due
            )
        step(complaint, "reply", actor=user, expected_version=complaint.version, at=at, **fields)
    return change


@transaction.atomic
def complaint_decline(*, complaint, user, expected_version, comment, at=None):
    """The unit's head returns a case that is not the unit's own, with the reason (`comment`),
    within the limit (decline_due, inclusive); the clerk re-routes it. The unit's pending
    request for more time lapses with it."""
    at = at or timezone.now()
    step(
        complaint, "decline", actor=user, expected_version=expected_version, comment=comment, at=at
    )
    for extension in complaint.extensions.filter(decision=Decision.PENDING):
        decide(
            extension,
            "withdraw",
            actor=user,
            expected_version=extension.version,
            comment=_("Withdrawn: the unit returned the case as not its own."),
            at=at,
        )
    return complaint
