"""The case's state machine: which action leads from which statuses to which, taken under the
case's optimistic lock and recorded as a StateChange (review.record_state_change).

    registered --accept--> accepted --forward--> forwarded --reply--> replied
    registered --not_accept--> not_accepted;  registered|accepted --merge--> merged
    accepted|declined --investigate--> direct;  forwarded --decline--> declined
    replied --return_reply--> forwarded;  replied --accept_reply--> concluding
    concluding|direct --propose--> proposed --approve_conclusion--> concluded
    proposed --send_back_conclusion--> concluding
    concluding|direct --conclude (不属实)--> concluded --answer--> answered --close--> closed
    answered|closed --reexamine (once)--> accepted

Who may take an action is decided by the services (they know the roles); this module only knows
the order of things. Services call `move` inside their own transaction.
"""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from efficiency_center.review import StaleVersionError, record_state_change

from .models import Complaint, Status

S = Status

# action -> (statuses it starts from, status it leads to; None: stays where it is)
TRANSITIONS = {
    "register": (None, None),
    "accept": ((S.REGISTERED,), S.ACCEPTED),
    "not_accept": ((S.REGISTERED,), S.NOT_ACCEPTED),
    "merge": ((S.REGISTERED, S.ACCEPTED), S.MERGED),
    "forward": ((S.ACCEPTED, S.DECLINED), S.FORWARDED),
    "investigate": ((S.ACCEPTED, S.DECLINED), S.DIRECT),
    "decline": ((S.FORWARDED,), S.DECLINED),
    "reply": ((S.FORWARDED,), S.REPLIED),
    "return_reply": ((S.REPLIED,), S.FORWARDED),
    "accept_reply": ((S.REPLIED,), S.CONCLUDING),
    "propose": ((S.CONCLUDING, S.DIRECT), S.PROPOSED),
    "conclude": ((S.CONCLUDING, S.DIRECT), S.CONCLUDED),
    "approve_conclusion": ((S.PROPOSED,), S.CONCLUDED),
    "send_back_conclusion": ((S.PROPOSED,), S.CONCLUDING),
    "answer": ((S.CONCLUDED,), S.ANSWERED),
    "close": ((S.ANSWERED,), S.CLOSED),
    "reexamine": ((S.ANSWERED, S.CLOSED), S.ACCEPTED),
    # Recorded on the timeline without a change of status.
    "extend": (None, None),
    "remind": (None, None),
    "escalate": (None, None),
}

ACTION_LABELS = {
    "register": _("Registered"),
    "accept": _("Accepted"),
    "not_accept": _("Not accepted"),
    "merge": _("Merged into an earlier case"),
    "forward": _("Forwarded to the unit"),
    "investigate": _("Investigated by the center"),
    "decline": _("Returned by the unit as not its own"),
    "reply": _("Unit's reply received"),
    "return_reply": _("Reply returned to the unit"),
    "accept_reply": _("Reply accepted"),
    "propose": _("Conclusion proposed"),
    "conclude": _("Concluded"),
    "approve_conclusion": _("Conclusion approved by a leader"),
    "send_back_conclusion": _("Conclusion sent back by a leader"),
    "answer": _("Complainant answered"),
    "close": _("Closed"),
    "reexamine": _("Re-examination asked, case reopened"),
    "extend": _("Deadline extended"),
    "remind": _("Reminder sent"),
    "escalate": _("Overdue: supervision notice sent"),
    # Recorded by the conclusion services beside the case's own steps.
    "notice": _("Public notice issued"),
    "typical_case": _("Typical case published"),
}


class ComplaintError(Exception):
    """A request the rules refuse; the message is for the user."""


def can(complaint, action):
    sources, _target = TRANSITIONS[action]
    return sources is None or complaint.status in sources


def move(complaint, action, *, actor, expected_version, comment="", fields=None):
    """Take `action` on `complaint`, writing `fields` with it under the optimistic lock.

    Raises ComplaintError when the case is not in a status the action starts from, and
    StaleVersionError when someone else changed the case since `expected_version`."""
    sources, target = TRANSITIONS[action]
    if sources is not None and complaint.status not in sources:
        raise ComplaintError(
            _("This case is “%(status)s”: “%(action)s” is not possible now.")
            % {"status": complaint.get_status_display(), "action": ACTION_LABELS[action]}
        )
    from_status = complaint.status
    values = dict(fields or {})
    if target is not None:
        values["status"] = target
    updated = Complaint.objects.filter(pk=complaint.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if not updated:
        raise StaleVersionError()
    for name, value in values.items():
        setattr(complaint, name, value)
    complaint.version = expected_version + 1
    return record_state_change(
        complaint,
        action=action,
        from_state=from_status,
        to_state=complaint.status,
        actor=actor,
        comment=comment,
    )
