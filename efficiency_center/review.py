"""The review workflow shared by every reviewable document: its states, its table and the
head's sign-off queue.

draft --submit(own head)--> submitted                     (key department)
draft --submit(own head)--> signed --endorse(supervising head)--> submitted   (sub-unit)
signed --send_back(supervising head)--> returned
submitted --return(clerk)--> returned --(staff edit, same sign-offs again)
submitted --approve(clerk)--> approved --publish(clerk)--> published

`REVIEW` is the table every Reviewable gets (workflow.register); an app registers a variant of
it (`REVIEW.with_actions(...)`) when its documents add actions or tell other people. A
published document is corrected by a new record that goes through the same path (Revisable).
"""

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .permissions import own_head, role, supervising_head
from .workflow import Action, Workflow, register, step, workflow_for


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed by the unit's head")
    SUBMITTED = "submitted", _("Submitted to the center")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


EDITABLE_STATES = (State.DRAFT, State.RETURNED)


class Reviewable(models.Model):
    """Abstract base of every reviewable document. Subclasses define `department`."""

    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_editable(self):
        return self.state in EDITABLE_STATES

    @property
    def is_public(self):
        return self.state == State.PUBLISHED


class Revisable(models.Model):
    """A published document is never edited: it is corrected by a new record, revision n + 1,
    that supersedes it and goes through the same review. Mixed into documents that need it."""

    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )

    class Meta:
        abstract = True


# --- who is told after a review step (the one copy) --------------------------------------------


def tell_supervising_head(doc, change):
    from .accounts import unit_users

    return [
        (
            unit_users(doc.department.supervisor_id, roles=("head",)),
            _("%(unit)s asks you to endorse “%(doc)s”.") % _facts(doc, change),
        )
    ]


def tell_clerks(doc, change):
    from .accounts import clerks

    return [(clerks(), _("%(unit)s submitted “%(doc)s” for review.") % _facts(doc, change))]


def tell_unit(verb):
    """Tell the document's unit `verb` (formatted with doc, unit and comment)."""

    def rule(doc, change):
        from .accounts import unit_users

        return [(unit_users(doc.department_id), verb % _facts(doc, change))]

    return rule


def _facts(doc, change):
    return {"doc": doc, "unit": doc.department.name, "comment": change.comment}


def _submit_target(doc):
    return State.SIGNED if doc.department.is_sub_unit else State.SUBMITTED


def _tell_after_submit(doc, change):
    if change.to_state == State.SIGNED:
        return tell_supervising_head(doc, change)
    return tell_clerks(doc, change)


clerk = role("clerk")

REVIEW = Workflow(
    actions={
        "submit": Action(
            _("Signed off and submitted"),
            sources=EDITABLE_STATES,
            target=_submit_target,
            may=own_head,
            button=_("Sign off and submit"),
            notify=_tell_after_submit,
        ),
        "endorse": Action(
            _("Endorsed by the supervising department"),
            sources=(State.SIGNED,),
            target=State.SUBMITTED,
            may=supervising_head,
            button=_("Endorse and submit"),
            notify=tell_clerks,
        ),
        "send_back": Action(
            _("Sent back by the supervising department"),
            sources=(State.SIGNED,),
            target=State.RETURNED,
            may=supervising_head,
            button=_("Send back"),
            style="outline-danger",
            comment=_("Please say what must be changed."),
            notify=tell_unit(
                _("“%(doc)s” was sent back by the supervising department: %(comment)s")
            ),
        ),
        "return": Action(
            _("Returned by the center"),
            sources=(State.SUBMITTED,),
            target=State.RETURNED,
            may=clerk,
            button=_("Return for changes"),
            style="outline-danger",
            comment=_("Please say what must be changed."),
            notify=tell_unit(_("“%(doc)s” was returned by the center: %(comment)s")),
        ),
        "approve": Action(
            _("Approved"),
            sources=(State.SUBMITTED,),
            target=State.APPROVED,
            may=clerk,
            button=_("Approve"),
            style="success",
            notify=tell_unit(_("“%(doc)s” was approved.")),
        ),
        "publish": Action(
            _("Published"),
            sources=(State.APPROVED,),
            target=State.PUBLISHED,
            may=clerk,
            button=_("Publish"),
            notify=tell_unit(_("“%(doc)s” was published.")),
        ),
    },
    labels={"create": _("Created")},
    stamps={
        State.SUBMITTED: "submitted_at",
        State.APPROVED: "approved_at",
        State.PUBLISHED: "published_at",
    },
)
register(Reviewable, REVIEW)


# --- the steps a document service takes ---------------------------------------------------------


def publishes_on_approval(document):
    """A document whose table takes "publish" with the approval (not a button of its own) is
    public once approved: approving it is `approve_and_publish`."""
    publish = workflow_for(document).actions.get("publish")
    return publish is not None and not publish.offered


def document_step(*, document, user, action, expected_version, comment="", at=None, **fields):
    """A review step of `document` (sign off, endorse, send back, return, or the approval of a
    document that is not published on approval), through its table."""
    if action in ("approve", "publish") and publishes_on_approval(document):
        raise DomainError(_("Approval publishes the document: use the approval form."))
    return step(
        document,
        action,
        actor=user,
        expected_version=expected_version,
        comment=comment,
        at=at,
        **fields,
    )


@transaction.atomic
def approve_and_publish(document, *, user, expected_version, comment="", at=None, **fields):
    """The center approves `document` and it is public at once: two steps at one moment, the
    publication writing `fields` (how and when it was published)."""
    at = at or timezone.now()
    change = step(
        document, "approve", actor=user, expected_version=expected_version, comment=comment, at=at
    )
    step(document, "publish", actor=user, expected_version=document.version, at=at, **fields)
    return change


# --- the head's sign-off queue ------------------------------------------------------------------


def reviewable_models():
    """Every concrete model built on Reviewable, from all installed apps."""
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if issubclass(model, Reviewable) and not model._meta.abstract
    ]


def awaiting_signoff(user):
    """[(model verbose name, [documents])] that `user`, a head, may sign off or endorse now:
    their own unit's drafts and returned documents, and their sub-units' signed documents.
    One query per document type."""
    if user.role != "head" or not user.department_id:
        return []
    groups = []
    for model in reviewable_models():
        own = Q(department_id=user.department_id, state__in=EDITABLE_STATES)
        endorse = Q(department__supervisor_id=user.department_id, state=State.SIGNED)
        related = ("department", *getattr(model, "signoff_related", ()))
        docs = list(model.objects.filter(own | endorse).select_related(*related))
        if docs:
            groups.append((model._meta.verbose_name_plural, docs))
    return groups
