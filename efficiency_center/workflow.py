"""One workflow step for every record with a state.

Each kind of record registers one table (`Workflow`): for each action, the states it starts
from, who may take it (role and relation to the record's unit), the state it leads to, its label
in the history and who is told next. `step()` is the only code that moves a registered record:
it takes the row lock and checks the version the page was opened on, refuses what the table
refuses (with the user's message), writes the state and the step's fields, records a StateChange
with the values changed (old → new), an audit event and the notifications, all in the caller's
transaction. Pages read their buttons from the same table (`allowed_actions`), so a page never
offers what the service would refuse.

Records keep `version`, an edit counter: `update()` is the optimistic lock for edits that do not
change the state (a draft saved), and every step bumps it too.
"""

import datetime
import decimal
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import DomainError, Forbidden, Invalid, NotFound, StaleVersionError
from .permissions import nobody


class StateChange(models.Model):
    """One step of a record's history: who, when, from which state to which, the comment, and
    the other values the step changed ({field: [old, new]})."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=24)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    changes = models.JSONField(_("values changed"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self):
        return f"{self.from_label or '—'} → {self.to_label}"

    @property
    def workflow(self):
        """The record's table (None for a kind of record that has none any more)."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        return workflow_for(model) if model is not None and _has_table(model) else None

    @property
    def label(self):
        """What the history says of this step, from the record's table."""
        return self.workflow.label(self.action) if self.workflow else self.action

    @property
    def from_label(self):
        if not self.from_state:
            return ""
        return self.workflow.state_label(self.from_state) if self.workflow else self.from_state

    @property
    def to_label(self):
        return self.workflow.state_label(self.to_state) if self.workflow else self.to_state


# --- the tables --------------------------------------------------------------------------------


def _always(record):
    return True


# The time of the step being taken. A table's `when` or `check` that compares dates (a limit
# that runs out) reads `now()`, so that a step dated in the past (the demo, a job run for a
# given day) is judged on its own day, and a page on the present.
_step_time = ContextVar("step_time", default=None)


def now():
    return _step_time.get() or timezone.now()


@contextmanager
def dated(at):
    """Judge the table's conditions at `at` (default now) inside the block."""
    token = _step_time.set(at or timezone.now())
    try:
        yield
    finally:
        _step_time.reset(token)


@dataclass(frozen=True)
class Action:
    """One row of a record's table.

    sources: the states it starts from; None for a step that may come in any state and does
        not move the record (a reminder on a case's timeline).
    target: the state it leads to, or a function of the record; None: it stays.
    may: rule(user, record) -> bool, who may take it (see permissions.py).
    when, refusal: a condition of the record beyond its state, and what the user is told when
        it does not hold (the button is not offered then): a text, or refusal(record) -> text
        when the reason depends on the record; a condition about dates reads `now()`.
    check: check(record, fields) raises a DomainError when the content is not ready (the
        button is still offered: the user must learn what is missing).
    comment: when set, a comment is required and this is the message asking for it.
    stamp: a field that takes the step's time.
    notify: notify(record, change) -> [(users, verb), ...] or [(users, verb, url), ...].
    offered: shown as a button of the record's page (False: taken by a job or by a form of its
        own elsewhere).
    """

    label: Any
    sources: tuple | None
    target: Any = None
    may: Callable = nobody
    button: Any = None
    style: str = "primary"
    when: Callable = _always
    refusal: Any = None
    check: Callable | None = None
    comment: Any = None
    stamp: str | None = None
    notify: Callable | None = None
    offered: bool = True

    def target_of(self, record, state):
        if self.target is None:
            return state
        return self.target(record) if callable(self.target) else self.target


@dataclass
class Workflow:
    """A kind of record's table: {action name: Action}, and extra history labels for rows
    recorded outside a step (e.g. "create")."""

    actions: dict
    state_field: str = "state"
    labels: dict = field(default_factory=dict)
    # {state: field}: the field that takes the time of the step that leads to the state.
    stamps: dict = field(default_factory=dict)
    model: type | None = None

    def action(self, name):
        try:
            return self.actions[name]
        except KeyError:
            raise DomainError(_("Unknown action.")) from None

    def label(self, name):
        if name in self.actions:
            return self.actions[name].label
        return self.labels.get(name, name)

    def state_label(self, value):
        choices = dict(self.model._meta.get_field(self.state_field).flatchoices)
        return choices.get(value, value)

    def with_actions(self, **changes):
        """A copy of this table with actions replaced (an Action), changed (a dict of its
        fields) or removed (None)."""
        actions = dict(self.actions)
        for name, change in changes.items():
            if change is None:
                actions.pop(name, None)
            elif isinstance(change, dict):
                actions[name] = replace(actions[name], **change)
            else:
                actions[name] = change
        return replace(self, actions=actions, model=None)

    def refusal(self, record, name, user):
        """Why `user` may not take `name` on `record` now (a DomainError), or None."""
        act = self.action(name)
        state = getattr(record, self.state_field)
        if not act.may(user, record):
            return Forbidden(_("You may not do this to this record."))
        if act.sources is not None and state not in act.sources:
            return DomainError(
                _("This record is “%(state)s”: “%(action)s” is not possible now.")
                % {"state": self.state_label(state), "action": act.button or act.label}
            )
        if not act.when(record):
            refusal = act.refusal(record) if callable(act.refusal) else act.refusal
            return DomainError(refusal or _("This is not possible now."))
        return None

    def allowed(self, record, user):
        """The offered actions `user` may take on `record` now, in the table's order."""
        return [
            name
            for name, act in self.actions.items()
            if act.offered and self.refusal(record, name, user) is None
        ]


_registry = {}


def register(model, workflow):
    """Make `workflow` the table of `model` (and of its subclasses without a table of their own);
    returns the registered copy."""
    workflow = replace(workflow, model=model)
    _registry[model] = workflow
    return workflow


def workflow_for(model_or_record):
    model = model_or_record if isinstance(model_or_record, type) else type(model_or_record)
    for klass in model.__mro__:
        if klass in _registry:
            workflow = _registry[klass]
            if workflow.model is not model:
                workflow = _registry[model] = replace(workflow, model=model)
            return workflow
    raise LookupError(f"{model.__name__} has no workflow table")


def registered_models():
    from django.apps import apps

    return [m for m in apps.get_models() if _has_table(m)]


def _has_table(model):
    return any(klass in _registry for klass in model.__mro__)


def allowed_actions(record, user):
    """The actions the record's page offers `user` now (the table's answer)."""
    return workflow_for(record).allowed(record, user)


@dataclass(frozen=True)
class Button:
    name: str
    label: Any
    style: str
    comment: Any  # the prompt of a required comment, or None
    form: Any = None  # the fields this action takes beside the comment


def buttons(record, user, forms=None):
    """The page's buttons for `record` (includes/step_buttons.html): the allowed actions with
    their labels, and `forms[name]` for an action that takes more than a comment."""
    workflow = workflow_for(record)
    return [
        Button(
            name,
            workflow.actions[name].button or workflow.actions[name].label,
            workflow.actions[name].style,
            workflow.actions[name].comment,
            (forms or {}).get(name),
        )
        for name in workflow.allowed(record, user)
    ]


# --- the step ----------------------------------------------------------------------------------


def _jsonable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)


def _field_value(record, name):
    """The value compared for the changes record: a foreign key by its id."""
    field = record._meta.get_field(name)
    if field.is_relation and field.many_to_one:
        return getattr(record, field.attname)
    return getattr(record, name)


def lock(record, expected_version):
    """Lock the record's row until the caller's commit and refuse a page opened on an older
    version (409): the second of two people acting at once learns it, and nothing is lost.
    Reloads the state the record has now."""
    model = type(record)
    workflow = workflow_for(model) if _has_table(model) else None
    names = ["version"] + ([workflow.state_field] if workflow else [])
    current = model.objects.select_for_update(of=("self",)).filter(pk=record.pk)
    current = current.values_list(*names).first()
    if current is None:
        raise NotFound(_("This record no longer exists."))
    if expected_version is None or str(expected_version) != str(current[0]):
        raise StaleVersionError()
    if workflow:
        setattr(record, workflow.state_field, current[1])
    record.version = current[0]
    return record


def _write(record, values):
    """Write `values` and bump the version (the row is locked by the caller)."""
    type(record).objects.filter(pk=record.pk).update(version=F("version") + 1, **values)
    for name, value in values.items():
        setattr(record, name, value)
    record.version += 1


@transaction.atomic
def update(record, *, expected_version, fields):
    """Save the named `fields` of `record` (as set on the instance) under the optimistic lock:
    refused when someone saved it since `expected_version`."""
    values = {name: getattr(record, name) for name in fields}
    lock(record, expected_version)
    _write(record, values)
    return record


def record_history(record, *, action, actor, from_state="", to_state=None, comment="", at=None):
    """A history row that is not a step of the table (the record was created, a reply's
    timeline entry on its case)."""
    if to_state is None:
        to_state = getattr(record, workflow_for(record).state_field)
    return StateChange.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        comment=comment,
        created_at=at or timezone.now(),
    )


def record_created(record, *, actor, at=None, comment=""):
    return record_history(record, action="create", actor=actor, comment=comment, at=at)


def step(record, action, *, actor, expected_version, at=None, comment="", **fields):
    """Take `action` on `record` as `actor`, writing `fields` with it; returns the StateChange.

    Raises StaleVersionError (409) when the record changed since `expected_version`, Forbidden
    (403) when `actor` may not take the action, and a DomainError (400) when the record's state,
    its condition, its content or a missing comment refuse it. Nothing is written then."""
    try:
        with transaction.atomic(), dated(at):
            return _step(record, action, actor, expected_version, at, comment, fields)
    except DomainError as error:
        # The page to go back to, when no form takes the refusal (middleware.back_url).
        if getattr(error, "record", None) is None:
            error.record = record
        raise


def _step(record, action, actor, expected_version, at, comment, fields):
    from . import audit, notifications

    workflow = workflow_for(record)
    act = workflow.action(action)
    at = at or timezone.now()
    lock(record, expected_version)
    refusal = workflow.refusal(record, action, actor)
    if refusal is not None:
        raise refusal
    comment = (comment or "").strip()
    if act.comment and not comment:
        raise Invalid({"comment": act.comment})
    if act.check is not None:
        act.check(record, fields)
    from_state = getattr(record, workflow.state_field)
    to_state = act.target_of(record, from_state)
    values = {**fields, workflow.state_field: to_state}
    for stamp in (act.stamp, workflow.stamps.get(to_state) if to_state != from_state else None):
        if stamp:
            values[stamp] = at
    changes = {}
    for name, value in values.items():
        old = _field_value(record, name)
        new = value.pk if isinstance(value, models.Model) else value
        if old != new and name != workflow.state_field:
            changes[name] = [_jsonable(old), _jsonable(new)]
    _write(record, values)
    change = StateChange.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        comment=comment,
        changes=changes,
        created_at=at,
    )
    audit.audit(
        actor,
        audit.AuditEvent.Action.STATE_CHANGE,
        target=f"{record._meta.label} {record.pk}",
        detail=f"{action}: {from_state} → {to_state}",
        at=at,
    )
    if act.notify is not None:
        for message in act.notify(record, change) or ():
            users, verb, *url = message
            users = [user for user in users if user.pk != actor.pk]
            notifications.notify(users, verb, record, url=url[0] if url else "", at=at)
    return change


def history(record):
    """The record's StateChanges, oldest first, with their actors."""
    return (
        StateChange.objects.filter(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk
        )
        .select_related("actor", "actor__department")
        .order_by("created_at", "id")
    )
