"""The complaints app's workflow tables (efficiency_center.workflow): the case, the unit's reply
(the shared review), and two leader decisions, the extension and the supervision notice.

The case:

    registered --accept--> accepted --forward--> forwarded --reply--> replied
    registered --not_accept--> not_accepted;  registered|accepted --merge--> merged
    accepted|declined --investigate--> direct;  forwarded --decline--> declined
    replied --return_reply--> forwarded;  replied --accept_reply--> concluding
    concluding|direct --propose--> proposed --approve_conclusion--> concluded
    proposed --send_back_conclusion--> concluding
    concluding|direct --conclude (不属实)--> concluded --answer--> answered --close--> closed
    answered|closed --reexamine (once)--> accepted

Rows without a target leave the status where it is: steps on the case's timeline (received,
extended, reminded, escalated, a public notice, a typical case) and the actions that leave rows
of their own (a note, an accountability measure, a follow-up, a request for more time, a
supervision notice's draft), which the table governs all the same (services/common.py).
"""

from dataclasses import replace

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from efficiency_center.accounts import center_users, clerks, unit_users
from efficiency_center.decisions import Decision, decision_workflow
from efficiency_center.errors import DomainError
from efficiency_center.models import User
from efficiency_center.permissions import any_of, is_system, own_head, role, supervising_head
from efficiency_center.review import REVIEW, State
from efficiency_center.workflow import Action, StateChange, Workflow, now, register

from . import rules
from .models import OPEN_STATUSES, Complaint, Extension, OverdueNotice, Reply, Status

S = Status
CLERK = role(User.Role.CLERK)
LEADER = role(User.Role.LEADER)


# --- who is told -------------------------------------------------------------------------------


def unit_people(complaint):
    """The unit's staff and head, once the case was forwarded to them (before that they may
    not open it)."""
    if complaint.department_id is None or complaint.forwarded_at is None:
        return []
    return unit_users(complaint.department_id)


def _facts(complaint, change=None):
    return {
        "number": complaint.number,
        "unit": complaint.department.name if complaint.department_id else "",
        "finding": complaint.get_finding_display(),
        "comment": change.comment[:100] if change is not None else "",
    }


def _to_unit(verb):
    """Tell the unit `verb` (formatted with the case's facts), on the unit's page."""

    def tell(complaint, change):
        return [
            (unit_people(complaint), verb % _facts(complaint, change), complaint.get_unit_url())
        ]

    return tell


def _to_clerks(verb):
    def tell(complaint, change):
        return [(clerks(), verb % _facts(complaint, change), complaint.get_absolute_url())]

    return tell


def _tell_forwarded(complaint, change):
    verb = _("Complaint %(number)s was forwarded to your unit: reply by %(due)s.") % {
        "number": complaint.number,
        "due": complaint.reply_due.isoformat(),
    }
    return [(unit_people(complaint), verb, complaint.get_unit_url())]


def proposer(complaint):
    """Who proposed the conclusion now before a leader (None if nobody did)."""
    change = (
        StateChange.objects.filter(
            content_type=ContentType.objects.get_for_model(Complaint),
            object_id=complaint.pk,
            action="propose",
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
        .first()
    )
    return change.actor if change is not None else None


def _tell_proposer(verb):
    def tell(complaint, change):
        clerk = proposer(complaint)
        return [([clerk] if clerk else [], verb % _facts(complaint, change))]

    return tell


def _tell_leaders(complaint, change):
    verb = _("The conclusion on complaint %(number)s awaits your approval: %(finding)s.")
    return [(center_users(User.Role.LEADER), verb % _facts(complaint, change))]


_concluded = _to_unit(_("Complaint %(number)s was concluded: %(finding)s."))


def _tell_approved(complaint, change):
    approved = _tell_proposer(
        _("The conclusion on complaint %(number)s was approved: %(finding)s.")
    )
    return approved(complaint, change) + _concluded(complaint, change)


# --- conditions beyond the status --------------------------------------------------------------


def _today():
    return timezone.localdate(now())


def _may_decline(complaint):
    return rules.decline_open(complaint, _today())


def _no_deduction_to_cancel(complaint):
    return rules.active_deduction(complaint) is None


def _not_found_true(complaint, fields):
    """The finding this step records takes effect at once only when it is 不属实."""
    if fields.get("finding") in rules.KIND_FOR_FINDING:
        raise DomainError(_("A case found (partly) true waits for a leader: propose it."))


def _answered_and_followed_up(complaint, fields):
    if not complaint.answer_text:
        raise DomainError(_("Record the answer to the complainant first."))
    if not complaint.is_anonymous and not rules.followed_up_since_answer(complaint):
        raise DomainError(
            _("A real-name case is closed only after the follow-up call: record it first.")
        )


def _notice_open(complaint):
    return rules.is_found_true(complaint) and not rules.has_notice(complaint)


def _typical_case_open(complaint):
    return rules.is_found_true(complaint) and not rules.has_typical_case(complaint)


def _overdue_notice_open(complaint):
    return (
        rules.is_very_overdue(complaint, _today())
        and complaint.department_id is not None
        and not rules.overdue_notice_taken(complaint)
    )


def _asks_for_more_time(user, complaint):
    """Whoever must meet the deadline that governs the case: the unit's head while the unit has
    it, a clerk while the center holds it."""
    if complaint.status == S.FORWARDED:
        return own_head(user, complaint)
    return CLERK(user, complaint)


def _no_extension_yet(complaint):
    return not rules.extension_taken(complaint)


def _why_extended(complaint):
    if complaint.extensions.filter(decision=Decision.APPROVED).exists():
        return _("This case was already extended once; it cannot be extended again.")
    return _("An extension of this case is already waiting for a leader's decision.")


def _why_not_declined(complaint):
    return _(
        "A case can be returned as not your unit's only until %(due)s (%(n)s working days "
        "after it was forwarded). That limit has passed: please reply to the case, or call "
        "the center."
    ) % {
        "due": complaint.decline_due.isoformat() if complaint.decline_due else "—",
        "n": complaint.campaign.complaint_decline_workdays,
    }


def _why_no_notice(complaint):
    if rules.is_found_true(complaint):
        return _("A public notice was already issued for this case.")
    return FOUND_TRUE_ONLY


def _why_no_typical_case(complaint):
    if rules.is_found_true(complaint):
        return _("This case was already published as a typical case.")
    return FOUND_TRUE_ONLY


def _deadline_not_passed(complaint, fields):
    due = complaint.governing_due
    if due is None:
        raise DomainError(_("No deadline runs for this case yet."))
    if _today() > due:
        raise DomainError(
            _("The deadline (%(due)s) has passed: an extension must be asked for on or before it.")
            % {"due": due.isoformat()}
        )


def _not_reexamined(complaint):
    return complaint.reexam_requested_at is None


def _dissatisfied(complaint, fields):
    if not rules.is_dissatisfied(rules.latest_follow_up(complaint)):
        raise DomainError(
            _("A re-examination can be asked for when you are dissatisfied with the handling.")
        )


FOUND_TRUE_ONLY = _("Only a case a leader approved as found (partly) true can have this.")

COMPLAINT = register(
    Complaint,
    Workflow(
        state_field="status",
        actions={
            "open": Action(
                _("Received by the center"),
                sources=(S.REGISTERED,),
                may=CLERK,
                button=_("Mark as received"),
                style="outline-secondary",
                when=lambda c: c.opened_at is None,
                refusal=_("The case was already received."),
                stamp="opened_at",
            ),
            "accept": Action(
                _("Accepted"),
                sources=(S.REGISTERED,),
                target=S.ACCEPTED,
                may=CLERK,
                button=_("Accept"),
                stamp="accepted_at",
            ),
            "not_accept": Action(
                _("Not accepted"),
                sources=(S.REGISTERED,),
                target=S.NOT_ACCEPTED,
                may=CLERK,
                button=_("Do not accept the complaint"),
                style="outline-danger",
                comment=_("Please give the reason."),
            ),
            "merge": Action(
                _("Merged into an earlier case"),
                sources=(S.REGISTERED, S.ACCEPTED),
                target=S.MERGED,
                may=CLERK,
                button=_("Merge into an earlier case"),
                style="outline-danger",
            ),
            "forward": Action(
                _("Forwarded to the unit"),
                sources=(S.ACCEPTED, S.DECLINED),
                target=S.FORWARDED,
                may=CLERK,
                button=_("Forward to a unit"),
                stamp="forwarded_at",
                notify=_tell_forwarded,
            ),
            "investigate": Action(
                _("Investigated by the center"),
                sources=(S.ACCEPTED, S.DECLINED),
                target=S.DIRECT,
                may=CLERK,
                button=_("Investigate directly"),
            ),
            "decline": Action(
                _("Returned by the unit as not its own"),
                sources=(S.FORWARDED,),
                target=S.DECLINED,
                may=own_head,
                button=_("Return as not ours"),
                style="outline-warning",
                when=_may_decline,
                refusal=_why_not_declined,
                comment=_("Say why the case is not your unit's."),
                notify=_to_clerks(
                    _(
                        "Complaint %(number)s was returned by %(unit)s as not its own: please "
                        "re-route it."
                    )
                ),
            ),
            # The unit's reply reached the center (its head signed it off, or the supervising
            # head endorsed it): taken by the reply's own step (services/replies.py).
            "reply": Action(
                _("Unit's reply received"),
                sources=(S.FORWARDED,),
                target=S.REPLIED,
                may=any_of(own_head, supervising_head),
                offered=False,
                notify=_to_clerks(
                    _("The unit's reply to complaint %(number)s arrived: please check it.")
                ),
            ),
            "accept_reply": Action(
                _("Reply accepted"),
                sources=(S.REPLIED,),
                target=S.CONCLUDING,
                may=CLERK,
                button=_("Accept the unit's reply"),
                notify=_to_unit(_("Your reply to complaint %(number)s was accepted.")),
            ),
            "return_reply": Action(
                _("Reply returned to the unit"),
                sources=(S.REPLIED,),
                target=S.FORWARDED,
                may=CLERK,
                button=_("Return the reply to the unit"),
                style="outline-danger",
                comment=_("Please say what must be changed."),
                notify=_to_unit(_("Your reply to complaint %(number)s was returned: %(comment)s")),
            ),
            "propose": Action(
                _("Conclusion proposed"),
                sources=(S.CONCLUDING, S.DIRECT),
                target=S.PROPOSED,
                may=CLERK,
                button=_("Conclusion"),
                notify=_tell_leaders,
            ),
            # 不属实 takes effect at once: taken by the conclusion's form (conclusion_propose).
            "conclude": Action(
                _("Concluded"),
                sources=(S.CONCLUDING, S.DIRECT),
                target=S.CONCLUDED,
                may=CLERK,
                when=_no_deduction_to_cancel,
                refusal=_(
                    "A conclusion that cancels a deduction a leader confirmed waits for a "
                    "leader: propose it."
                ),
                check=_not_found_true,
                stamp="concluded_at",
                offered=False,
                notify=_concluded,
            ),
            "approve_conclusion": Action(
                _("Conclusion approved by a leader"),
                sources=(S.PROPOSED,),
                target=S.CONCLUDED,
                may=LEADER,
                button=_("Approve the conclusion"),
                style="success",
                stamp="concluded_at",
                notify=_tell_approved,
            ),
            "send_back_conclusion": Action(
                _("Conclusion sent back by a leader"),
                sources=(S.PROPOSED,),
                target=S.CONCLUDING,
                may=LEADER,
                button=_("Send the conclusion back"),
                style="outline-danger",
                comment=_("Please say why it is sent back."),
                notify=_tell_proposer(
                    _("The conclusion on complaint %(number)s was sent back: %(comment)s")
                ),
            ),
            "accountability": Action(
                _("Accountability measure recorded"),
                sources=rules.CONCLUDED_STATUSES,
                may=CLERK,
                button=_("Record an accountability measure"),
                when=rules.is_found_true,
                refusal=FOUND_TRUE_ONLY,
            ),
            "notice": Action(
                _("Public notice issued"),
                sources=rules.CONCLUDED_STATUSES,
                may=CLERK,
                button=_("Draft the public notice"),
                style="outline-primary",
                when=_notice_open,
                refusal=_why_no_notice,
                notify=_to_unit(_("A public notice was issued on complaint %(number)s.")),
            ),
            "typical_case": Action(
                _("Typical case published"),
                sources=rules.CONCLUDED_STATUSES,
                may=CLERK,
                button=_("Publish as a typical case"),
                style="outline-primary",
                when=_typical_case_open,
                refusal=_why_no_typical_case,
            ),
            "answer": Action(
                _("Complainant answered"),
                sources=(S.CONCLUDED,),
                target=S.ANSWERED,
                may=CLERK,
                button=_("Answer to the complainant"),
            ),
            "follow_up": Action(
                _("Follow-up recorded"),
                sources=(S.ANSWERED,),
                may=CLERK,
                button=_("Follow-up call"),
            ),
            "close": Action(
                _("Closed"),
                sources=(S.ANSWERED,),
                target=S.CLOSED,
                may=CLERK,
                button=_("Close"),
                check=_answered_and_followed_up,
                stamp="closed_at",
            ),
            "request_extension": Action(
                _("Extension asked"),
                sources=rules.EXTENDABLE_STATUSES,
                may=_asks_for_more_time,
                button=_("Ask for an extension"),
                style="outline-primary",
                when=_no_extension_yet,
                refusal=_why_extended,
                check=_deadline_not_passed,
            ),
            "overdue_notice": Action(
                _("Supervision notice drafted"),
                sources=OPEN_STATUSES,
                may=CLERK,
                button=_("Draft a supervision notice"),
                style="outline-danger",
                when=_overdue_notice_open,
                refusal=_(
                    "A supervision notice can be drafted only for a very overdue case, once."
                ),
            ),
            "note": Action(
                _("Note added"),
                sources=None,
                may=role(User.Role.CLERK, User.Role.LEADER),
                button=_("Add a note"),
                style="outline-secondary",
            ),
            # Taken by a leader's approval of an extension (services/extensions.py).
            "extend": Action(
                _("Deadline extended"),
                sources=OPEN_STATUSES,
                may=LEADER,
                offered=False,
            ),
            # The daily job's (services/reminders.py).
            "remind": Action(
                _("Reminder sent"), sources=(S.FORWARDED,), may=is_system, offered=False
            ),
            "escalate": Action(
                _("Overdue: supervision notice sent"),
                sources=OPEN_STATUSES,
                may=is_system,
                offered=False,
            ),
            # Asked by the complainant on the query page (the system user acts for them).
            "reexamine": Action(
                _("Re-examination asked, case reopened"),
                sources=rules.ANSWERED_STATUSES,
                target=S.ACCEPTED,
                may=is_system,
                when=_not_reexamined,
                refusal=_(
                    "A re-examination of this case was already asked for; it can be asked only "
                    "once."
                ),
                check=_dissatisfied,
                offered=False,
                notify=_to_clerks(
                    _(
                        "The complainant of %(number)s asked for a re-examination; the case is "
                        "reopened."
                    )
                ),
            ),
        },
        labels={"register": _("Registered")},
    ),
)


# --- the unit's reply --------------------------------------------------------------------------


def _case_with_unit(reply):
    return reply.complaint.status == S.FORWARDED


def _case_replied(reply):
    return reply.complaint.status == S.REPLIED


NOT_WITH_UNIT = _("The case is not with the unit now: nothing can be done to its reply.")
NOT_TO_CHECK = _("Only a reply the unit has sent can be checked.")


def _reply_written(reply, fields):
    if not all((getattr(reply, name) or "").strip() for name in ("facts", "actions_taken")):
        raise DomainError(_("Write the facts found and what was done before signing off."))


def _tell_endorser(reply, change):
    if change.to_state != State.SIGNED:
        return []  # sent to the center: the case's "reply" step tells the clerks
    complaint = reply.complaint
    verb = _("A sub-unit's reply to complaint %(number)s awaits your endorsement.")
    return [
        (
            unit_users(reply.department.supervisor_id, roles=("head",)),
            verb % {"number": complaint.number},
            complaint.get_unit_url(),
        )
    ]


def _tell_sent_back(reply, change):
    verb = _(
        "The reply to complaint %(number)s was sent back by the supervising department: %(comment)s"
    )
    return _to_unit(verb)(reply.complaint, change)


_with_unit = {"when": _case_with_unit, "refusal": NOT_WITH_UNIT}
_to_check = {"when": _case_replied, "refusal": NOT_TO_CHECK, "offered": False, "notify": None}

# Signed off, the reply moves its case (services/replies.py); the clerk returns or accepts it
# with the case's own steps (return_reply, accept_reply), which tell the unit.
REPLY = register(
    Reply,
    replace(
        REVIEW.with_actions(
            submit={
                "label": _("Signed off by the head"),
                "check": _reply_written,
                "notify": _tell_endorser,
                **_with_unit,
            },
            endorse={
                "button": _("Endorse and send to the center"),
                "notify": None,
                **_with_unit,
            },
            send_back={
                "button": _("Send back to the sub-unit"),
                "notify": _tell_sent_back,
                **_with_unit,
            },
            approve={"label": _("Accepted by the center"), **_to_check},
            **{"return": _to_check},
            publish=None,
        ),
        labels={"create": _("Draft started")},
    ),
)


# --- leader decisions --------------------------------------------------------------------------


def _tell_requester(verb):
    def tell(extension, change):
        complaint = extension.complaint
        facts = {
            "number": complaint.number,
            "due": extension.new_due.isoformat(),
            "comment": change.comment[:100],
        }
        requester = extension.requested_by
        return [([requester], verb % facts, complaint.url_for(requester))]

    return tell


def _case_has_a_deadline(extension):
    complaint = extension.complaint
    return complaint.is_open and complaint.governing_due is not None


EXTENSION = register(
    Extension,
    decision_workflow(
        notify_approve=_tell_requester(
            _("The extension of complaint %(number)s was approved: the new deadline is %(due)s.")
        ),
        notify_refuse=_tell_requester(
            _("The extension of complaint %(number)s was refused: %(comment)s")
        ),
        refuse_comment=_("Say why the extension is refused."),
        created=_("Extension asked"),
    ).with_actions(
        approve={
            "when": _case_has_a_deadline,
            "refusal": _("The case is no longer open: there is no deadline to extend; refuse it."),
        },
        # The unit returned the case as not its own: its request lapses with it.
        withdraw=Action(
            _("Withdrawn"),
            sources=(Decision.PENDING,),
            target=Decision.REFUSED,
            may=lambda user, extension: own_head(user, extension.complaint),
            stamp="decided_at",
            offered=False,
        ),
    ),
)


def _tell_drafter(verb):
    def tell(notice, change):
        complaint = notice.complaint
        return [
            ([notice.drafted_by], verb % {"number": complaint.number}, complaint.get_absolute_url())
        ]

    return tell


OVERDUE_NOTICE = register(
    OverdueNotice,
    decision_workflow(
        approve=_("Issued"),
        refuse=_("Refused"),
        approve_button=_("Issue the notice"),
        refuse_button=_("Refuse"),
        refuse_comment=_("Say why the notice is refused."),
        notify_approve=_tell_drafter(_("Your supervision notice on %(number)s was issued.")),
        notify_refuse=_tell_drafter(_("Your supervision notice on %(number)s was refused.")),
        created=_("Drafted by the clerk"),
    ),
)
