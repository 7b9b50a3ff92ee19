"""A leader's decision on a request: an extension, a supervision notice, a pledge found not
kept, a ranking. One abstract model and one table shape; each kind says its own words.

    pending --approve(leader)--> approved
    pending --refuse(leader, with a reason)--> refused
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import user_key
from .permissions import role
from .workflow import Action, Workflow, step


class Decision(models.TextChoices):
    PENDING = "pending", _("Awaiting a leader")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


def decision_field(choices=Decision.choices):
    """The `decision` field; a kind with other words for the outcomes redeclares it with its
    own labels for Decision's values: `decision = decision_field(Outcome.choices)`."""
    return models.CharField(
        _("decision"),
        max_length=10,
        choices=choices,
        default=Decision.PENDING,
        db_index=True,
    )


class LeaderDecision(models.Model):
    """What a leader's decision on a request leaves: the decision, who, when, and why. A kind
    with other words for the outcomes redeclares `decision` with its own labels."""

    decision = decision_field()
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    decided_by = user_key(_("decided by"), optional=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("comment"), blank=True)

    class Meta:
        abstract = True

    @property
    def is_pending(self):
        return self.decision == Decision.PENDING

    @property
    def is_approved(self):
        return self.decision == Decision.APPROVED


LEADER = role("leader")
WORDS = {
    "approve": _("Approved"),
    "refuse": _("Refused"),
    "approve_button": _("Approve"),
    "refuse_button": _("Refuse"),
    "refuse_comment": _("Say why the request is refused."),
    "created": _("Requested"),
}


def decision_workflow(
    *,
    approve=WORDS["approve"],
    refuse=WORDS["refuse"],
    approve_button=WORDS["approve_button"],
    refuse_button=WORDS["refuse_button"],
    refuse_comment=WORDS["refuse_comment"],
    notify_approve=None,
    notify_refuse=None,
    when=None,
    refusal=None,
    may=LEADER,
    created=WORDS["created"],
):
    """The table of a kind of leader decision, in its own words; `when`/`refusal` add a
    condition of the request (e.g. a ranking must be finished)."""
    condition = {"when": when, "refusal": refusal} if when else {}
    return Workflow(
        actions={
            "approve": Action(
                approve,
                sources=(Decision.PENDING,),
                target=Decision.APPROVED,
                may=may,
                button=approve_button,
                style="success",
                stamp="decided_at",
                notify=notify_approve,
                **condition,
            ),
            "refuse": Action(
                refuse,
                sources=(Decision.PENDING,),
                target=Decision.REFUSED,
                may=may,
                button=refuse_button,
                style="outline-danger",
                comment=refuse_comment,
                stamp="decided_at",
                notify=notify_refuse,
                **condition,
            ),
        },
        state_field="decision",
        labels={"create": created},
    )


def decide(request, action, *, actor, expected_version, comment="", at=None, **fields):
    """A leader approves or refuses `request` (a LeaderDecision) through its table."""
    return step(
        request,
        action,
        actor=actor,
        expected_version=expected_version,
        at=at,
        comment=comment,
        decided_by=actor,
        decision_comment=(comment or "").strip(),
        **fields,
    )
