"""The review workflow shared by every reviewable document.

draft --submit(own head)--> submitted                     (key department)
draft --submit(own head)--> signed --endorse(supervising head)--> submitted   (sub-unit)
signed --send_back(supervising head)--> returned
submitted --return(clerk)--> returned --(staff edit, same sign-offs again)
submitted --approve(clerk)--> approved --publish(clerk)--> published

`version` is an edit counter for optimistic locking: every save through this module (or through
`save_draft`) bumps it, and a save that carries a stale version is refused. A published document is
corrected by a new record that goes through the same path (the apps keep the link).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed by the unit's head")
    SUBMITTED = "submitted", _("Submitted to the center")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


EDITABLE_STATES = (State.DRAFT, State.RETURNED)


class ReviewError(Exception):
    """A transition that is not allowed; the message is for the user."""


class StaleVersionError(ReviewError):
    def __init__(self):
        super().__init__(
            _(
                "Someone else saved this document after you opened it. Your changes were not "
                "saved; reload the page to see the current version, then apply them again."
            )
        )


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


class StateChange(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self):
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


def _is_own_head(user, doc):
    return user.role == "head" and user.department_id == doc.department_id


def _is_supervising_head(user, doc):
    return user.role == "head" and user.department_id == doc.department.supervisor_id


def _is_center_clerk(user):
    return user.role == "clerk"


def _submit_target(doc):
    return State.SIGNED if doc.department.is_sub_unit else State.SUBMITTED


# action -> (states it starts from, who may take it, where it leads, comment required)
ACTIONS = {
    "submit": (EDITABLE_STATES, _is_own_head, _submit_target, False),
    "endorse": ((State.SIGNED,), _is_supervising_head, lambda d: State.SUBMITTED, False),
    "send_back": ((State.SIGNED,), _is_supervising_head, lambda d: State.RETURNED, True),
    "return": (
        (State.SUBMITTED,),
        lambda u, d: _is_center_clerk(u),
        lambda d: State.RETURNED,
        True,
    ),
    "approve": (
        (State.SUBMITTED,),
        lambda u, d: _is_center_clerk(u),
        lambda d: State.APPROVED,
        False,
    ),
    "publish": (
        (State.APPROVED,),
        lambda u, d: _is_center_clerk(u),
        lambda d: State.PUBLISHED,
        False,
    ),
}
ACTION_LABELS = {
    "create": _("Created"),
    "submit": _("Signed off and submitted"),
    "endorse": _("Endorsed by the supervising department"),
    "send_back": _("Sent back by the supervising department"),
    "return": _("Returned by the center"),
    "approve": _("Approved"),
    "publish": _("Published"),
}


def allowed_actions(doc, user):
    """The actions `user` may take on `doc` now, for the page's buttons."""
    return [
        name
        for name, (sources, may, _target, _c) in ACTIONS.items()
        if doc.state in sources and may(user, doc)
    ]


def record_state_change(doc, *, action, from_state, to_state, actor, comment=""):
    return StateChange.objects.create(
        content_type=ContentType.objects.get_for_model(doc),
        object_id=doc.pk,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        comment=comment,
    )


def _bump(doc, expected_version, **fields):
    """Write `fields` only if nobody saved since `expected_version`; bump the version."""
    updated = (
        type(doc)
        .objects.filter(pk=doc.pk, version=expected_version)
        .update(version=F("version") + 1, **fields)
    )
    if not updated:
        raise StaleVersionError()
    for name, value in fields.items():
        setattr(doc, name, value)
    doc.version = expected_version + 1


@transaction.atomic
def transition(doc, action, user, *, comment="", expected_version):
    """Take `action` on `doc` as `user`; record it. Raises ReviewError when not allowed."""
    if action not in ACTIONS:
        raise ReviewError(_("Unknown action."))
    sources, may, target, needs_comment = ACTIONS[action]
    if not may(user, doc):
        raise ReviewError(_("You may not do this to this document."))
    if doc.state not in sources:
        raise ReviewError(
            _("This document is “%(state)s”: “%(action)s” is not possible now.")
            % {"state": doc.get_state_display(), "action": ACTION_LABELS[action]}
        )
    comment = (comment or "").strip()
    if needs_comment and not comment:
        raise ReviewError(_("Please say what must be changed."))
    from_state, to_state = doc.state, target(doc)
    now = timezone.now()
    stamps = {
        State.SUBMITTED: "submitted_at",
        State.APPROVED: "approved_at",
        State.PUBLISHED: "published_at",
    }
    fields = {"state": to_state}
    if to_state in stamps:
        fields[stamps[to_state]] = now
    _bump(doc, expected_version, **fields)
    return record_state_change(
        doc, action=action, from_state=from_state, to_state=to_state, actor=user, comment=comment
    )


@transaction.atomic
def save_draft(doc, *, expected_version, fields):
    """Save edited `fields` of an editable document under the optimistic lock."""
    if not doc.is_editable:
        raise ReviewError(_("This document is no longer editable."))
    _bump(doc, expected_version, **{name: getattr(doc, name) for name in fields})


def history(doc):
    return (
        StateChange.objects.filter(
            content_type=ContentType.objects.get_for_model(doc), object_id=doc.pk
        )
        .select_related("actor", "actor__department")
        .order_by("created_at", "id")
    )


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
    from django.db.models import Q

    groups = []
    for model in reviewable_models():
        own = Q(department_id=user.department_id, state__in=EDITABLE_STATES)
        endorse = Q(department__supervisor_id=user.department_id, state=State.SIGNED)
        related = ("department", *getattr(model, "signoff_related", ()))
        docs = list(model.objects.filter(own | endorse).select_related(*related))
        if docs:
            groups.append((model._meta.verbose_name_plural, docs))
    return groups
