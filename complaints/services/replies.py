"""The unit's side of a forwarded case: its reply (drafted by staff, signed off by the head, for a
sub-unit endorsed by the supervising department's head) and its return of a case that is not
its own.

The reply is a Reviewable (review.py): `reply_save` keeps one reply per forwarding round under
the optimistic lock, `reply_act` takes the unit's review actions. When the reply reaches the
center (submitted), the case moves to "replied" in the same transaction (workflow.move), so
the clerk sees "reply to check". The clerk's return and acceptance are in reply_review.py; a
returned reply is edited here again and goes through the same sign-offs.

Decisions where the issue was silent:
- Only the unit's head returns a case as not its own: the head speaks for the unit (staff
  draft, the head decides what leaves the unit).
- When the reply reaches the center the governing deadline becomes the closing deadline, so
  `very_overdue_on` is recomputed from `close_due` (the queues compare it in SQL).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center import review
from efficiency_center.accounts import clerks, unit_users
from efficiency_center.notifications import notify
from efficiency_center.review import ReviewError, StaleVersionError, State
from efficiency_center.uploads import attach

from .. import deadlines
from ..models import Complaint, Extension, Reply, Status
from ..selectors.unit import current_reply
from ..workflow import ComplaintError, move
from .handling import check_version, notify_unit, required_text

# The review actions taken on the unit's side; the center's (return, approve) are elsewhere.
UNIT_ACTIONS = ("submit", "endorse", "send_back")
CONTENT_FIELDS = ("facts", "actions_taken")


def lock_case(complaint):
    """The case, re-read under a row lock: two requests on one case run one after the other."""
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("campaign", "department")
        .get(pk=complaint.pk)
    )


def is_own_unit_user(user, complaint):
    return (
        user.is_authenticated
        and user.is_unit_user
        and complaint.department_id is not None
        and user.department_id == complaint.department_id
    )


def is_own_head(user, complaint):
    return is_own_unit_user(user, complaint) and user.role == user.Role.HEAD


def _require_with_unit(complaint):
    if complaint.status != Status.FORWARDED:
        raise ComplaintError(
            _("Case %(number)s is not with your unit now (“%(status)s”): nothing can be done.")
            % {"number": complaint.number, "status": complaint.get_status_display()}
        )


def can_edit_reply(user, complaint, reply):
    return (
        is_own_unit_user(user, complaint)
        and complaint.status == Status.FORWARDED
        and (reply is None or reply.is_editable)
    )


def reply_actions(user, complaint, reply):
    """The unit's review actions `user` may take on the reply now (for the page's buttons)."""
    if reply is None or complaint.status != Status.FORWARDED:
        return []
    return [a for a in review.allowed_actions(reply, user) if a in UNIT_ACTIONS]


@transaction.atomic
def reply_save(*, complaint, user, expected_version, data, evidence=None):
    """Staff (or the head) save the unit's reply: created on the first save of the forwarding
    round, then edited while it is a draft or returned (optimistic lock on the reply).

    `expected_version` is the reply's version the page showed (None when it showed none)."""
    complaint = lock_case(complaint)
    if not is_own_unit_user(user, complaint):
        raise ComplaintError(
            _("Only the staff and head of the unit the case was forwarded to reply.")
        )
    _require_with_unit(complaint)
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
            created_at=timezone.now(),
            **values,
        )
        review.record_state_change(
            reply, action="create", from_state="", to_state=State.DRAFT, actor=user
        )
    else:
        if not expected_version:
            # Someone else started the reply after this page was opened.
            raise StaleVersionError()
        if not reply.is_editable:
            raise ReviewError(_("The reply was signed off: it cannot be changed now."))
        for name, value in values.items():
            setattr(reply, name, value)
        review.save_draft(reply, expected_version=int(expected_version), fields=CONTENT_FIELDS)
    if evidence:
        attach(reply, evidence, user=user)
    return reply


@transaction.atomic
def reply_act(*, complaint, user, action, expected_version, comment=""):
    """Sign off (own head), endorse or send back (a sub-unit's supervising head) the reply.

    Submitted to the center, the reply moves the case to "replied" and the clerks are told."""
    if action not in UNIT_ACTIONS:
        raise ReviewError(_("Unknown action."))
    complaint = lock_case(complaint)
    _require_with_unit(complaint)
    reply = current_reply(complaint)
    if reply is None:
        raise ReviewError(_("There is no reply to sign off yet: save a draft first."))
    if expected_version is None or int(expected_version) != reply.version:
        raise StaleVersionError()
    if action == "submit" and not all((getattr(reply, f) or "").strip() for f in CONTENT_FIELDS):
        raise ReviewError(_("Write the facts found and what was done before signing off."))
    change = review.transition(
        reply, action, user, comment=comment, expected_version=int(expected_version)
    )
    number = complaint.number
    if reply.state == State.SUBMITTED:
        fields = {}
        if complaint.close_due:
            fields["very_overdue_on"] = deadlines.very_overdue_on(
                complaint.campaign, complaint.close_due
            )
        move(complaint, "reply", actor=user, expected_version=complaint.version, fields=fields)
        notify(
            clerks(),
            _("The unit's reply to complaint %(number)s arrived: please check it.")
            % {"number": number},
            complaint,
            url=complaint.get_absolute_url(),
        )
    elif reply.state == State.SIGNED:
        notify(
            unit_users(complaint.department.supervisor_id, roles=("head",)),
            _("A sub-unit's reply to complaint %(number)s awaits your endorsement.")
            % {"number": number},
            complaint,
            url=complaint.get_unit_url(),
        )
    elif action == "send_back":
        notify_unit(
            complaint,
            _("The reply to complaint %(number)s was sent back by the supervising department: "
              "%(comment)s") % {"number": number, "comment": change.comment[:100]},
        )  # fmt: skip
    return change


@transaction.atomic
def complaint_decline(*, complaint, user, expected_version, reason, today=None):
    """The unit's head returns a case that is not the unit's own, with the reason, within the
    limit (decline_due, inclusive); the clerk re-routes it."""
    complaint = lock_case(complaint)
    if not is_own_head(user, complaint):
        raise ComplaintError(_("Only the head of the unit returns a case as not its own."))
    check_version(complaint, expected_version)
    _require_with_unit(complaint)
    reason = required_text(reason, "reason", _("Say why the case is not your unit's."))
    today = today or timezone.localdate()
    if complaint.decline_due is None or today > complaint.decline_due:
        raise ComplaintError(
            _(
                "A case can be returned as not your unit's only until %(due)s (%(n)s working "
                "days after it was forwarded). That limit has passed: please reply to the case, "
                "or call the center."
            )
            % {
                "due": complaint.decline_due.isoformat() if complaint.decline_due else "—",
                "n": complaint.campaign.complaint_decline_workdays,
            }
        )
    move(complaint, "decline", actor=user, expected_version=expected_version, comment=reason)
    # The unit gives the case back: its pending request for more time lapses with it.
    complaint.extensions.filter(decision=Extension.Decision.PENDING).update(
        decision=Extension.Decision.REFUSED,
        decided_at=timezone.now(),
        decision_comment=_("Withdrawn: the unit returned the case as not its own."),
    )
    notify(
        clerks(),
        _("Complaint %(number)s was returned by %(unit)s as not its own: please re-route it.")
        % {"number": complaint.number, "unit": complaint.department.name},
        complaint,
        url=complaint.get_absolute_url(),
    )
    return complaint
