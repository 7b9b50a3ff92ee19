"""The achievements app's workflow tables (efficiency_center.workflow): the shared review with
the center's verification (not accepted, typical, forwarded, withdrawn after an upheld
objection), the public display batch and the answer to an objection."""

from django.utils.translation import gettext_lazy as _

from efficiency_center.accounts import clerks, unit_users
from efficiency_center.errors import DomainError
from efficiency_center.permissions import is_system, role
from efficiency_center.review import REVIEW, State
from efficiency_center.workflow import Action, Workflow, register

from .models import Achievement, Objection, PublicityBatch

clerk = role("clerk")
TITLE_IN_MESSAGES = 60


def _tell_unit(verb):
    """Tell the achievement's unit `verb`, formatted with its (shortened) title."""

    def rule(achievement, change):
        return [
            (unit_users(achievement.department_id), verb % achievement.title[:TITLE_IN_MESSAGES])
        ]

    return rule


def _tell_not_accepted(achievement, change):
    verb = _("Achievement not accepted: %(title)s. %(reason)s") % {
        "title": achievement.title[:TITLE_IN_MESSAGES],
        "reason": change.comment,
    }
    return [(unit_users(achievement.department_id), verb)]


def _tell_on_display(achievement, change):
    verb = _("Your achievement is on public display until %(ends)s: %(title)s") % {
        "ends": achievement.batch.ends,
        "title": achievement.title[:TITLE_IN_MESSAGES],
    }
    return [(unit_users(achievement.department_id), verb)]


def _in_a_batch(achievement, fields):
    if fields.get("batch") is None and achievement.batch_id is None:
        raise DomainError(_("An achievement goes on public display in a batch of the center's."))


def _still_open(achievement):
    return achievement.not_accepted_at is None


def _may_become_typical(achievement):
    return not achievement.is_typical and not achievement.has_upheld_objection()


def _forwardable(achievement):
    return achievement.is_typical and achievement.forwarded_at is None


def _objection_upheld(achievement):
    return achievement.is_typical and achievement.has_upheld_objection()


NOT_ACCEPTED = _("This achievement was not accepted; nothing more can be done.")
STILL_OPEN = {"when": _still_open, "refusal": NOT_ACCEPTED}

ACHIEVEMENT = register(
    Achievement,
    REVIEW.with_actions(
        endorse={"button": _("Endorse and submit to the center")},
        send_back={"button": _("Send back to the unit")},
        **{"return": {"button": _("Return with comments"), **STILL_OPEN}},
        approve={
            "label": _("Verified"),
            "button": _("Verify"),
            "notify": _tell_unit(_("Achievement verified: %s")),
            **STILL_OPEN,
        },
        # The public display opens a batch of them (services.publicity_open).
        publish={
            "label": _("Put on public display"),
            "offered": False,
            "check": _in_a_batch,
            "notify": _tell_on_display,
        },
        not_accept=Action(
            _("Not accepted"),
            sources=(State.SUBMITTED,),
            may=clerk,
            button=_("Do not accept"),
            style="outline-danger",
            when=_still_open,
            refusal=NOT_ACCEPTED,
            comment=_("Please give the reason."),
            stamp="not_accepted_at",
            notify=_tell_not_accepted,
        ),
        mark_typical=Action(
            _("Marked typical"),
            sources=(State.APPROVED,),
            may=clerk,
            button=_("Mark typical"),
            style="success",
            when=_may_become_typical,
            refusal=_(
                "Only a verified achievement that is not typical yet, and to which no objection "
                "was upheld, can be marked typical."
            ),
            stamp="typical_at",
            notify=_tell_unit(_("Achievement selected as typical: %s")),
        ),
        forward=Action(
            _("Forwarded to the city"),
            sources=(State.APPROVED, State.PUBLISHED),
            may=clerk,
            button=_("Forward to the city"),
            style="success",
            when=_forwardable,
            refusal=_("Only a typical achievement not yet forwarded can be forwarded."),
            stamp="forwarded_at",
            notify=_tell_unit(_("Achievement selected as typical and forwarded to the city: %s")),
        ),
        # Taken when the clerk upholds an objection (services.objection_answer).
        withdraw=Action(
            _("Withdrawn after an upheld objection"),
            sources=(State.PUBLISHED,),
            target=State.APPROVED,
            may=clerk,
            when=_objection_upheld,
            refusal=_("Only a typical achievement with an upheld objection is withdrawn."),
            offered=False,
            notify=_tell_unit(
                _("An objection was upheld; the achievement is no longer typical: %s")
            ),
        ),
    ),
)


def _tell_closed(batch, change):
    verb = _("The public display of %(batch)s is over; its achievements are final.") % {
        "batch": batch
    }
    return [(clerks(), verb)]


def _no_pending_objection(batch):
    return not batch.pending_objections().exists()


PUBLICITY_BATCH = register(
    PublicityBatch,
    Workflow(
        actions={
            # The daily job closes a batch once its period is over (services.publicity_close_due).
            "close": Action(
                _("Public display closed"),
                sources=(PublicityBatch.BatchState.OPEN,),
                target=PublicityBatch.BatchState.CLOSED,
                may=is_system,
                when=_no_pending_objection,
                refusal=_("Objections to this public display are still unanswered."),
                stamp="closed_at",
                offered=False,
                notify=_tell_closed,
            ),
        },
        labels={"create": _("Public display opened")},
    ),
)


def _answer(label, outcome):
    return Action(
        label,
        sources=(Objection.Outcome.PENDING,),
        target=outcome,
        may=clerk,
        comment=_("Please write the answer."),
        stamp="answered_at",
    )


# The clerk answers an objection on its own page (views.objection_answer), which offers the
# outcomes this table allows.
OBJECTION = register(
    Objection,
    Workflow(
        actions={
            "uphold": _answer(_("Upheld"), Objection.Outcome.UPHELD),
            "dismiss": _answer(_("Dismissed"), Objection.Outcome.DISMISSED),
        },
        state_field="outcome",
    ),
)
# The outcome a clerk chooses on the answer form, and the action that records it.
ANSWER_ACTIONS = {Objection.Outcome.UPHELD: "uphold", Objection.Outcome.DISMISSED: "dismiss"}
