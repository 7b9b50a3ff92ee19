"""What the selection services share: the panel's row as the lock of the ranking's inputs, and
their revision."""

from django.db.models import F

from efficiency_center.workflow import record_history

from ..models import Panel


def inputs_locked(campaign):
    """The campaign's panel (created on first use), its row locked until the caller's commit:
    every change of the ranking's inputs (shortlists, scores) and every read of them takes this
    lock first, so that none is lost between a read and a write. The panel's own steps take
    the same row lock, with their version check, through `workflow.step`."""
    panel, _created = Panel.objects.get_or_create(campaign=campaign)
    return Panel.objects.select_for_update().get(pk=panel.pk)


def panel_for_step(campaign):
    """The campaign's panel, created on first use, for a step (which locks it)."""
    return Panel.objects.get_or_create(campaign=campaign)[0]


def inputs_changed(panel):
    """Move the inputs' revision on: a ranking computed before is no longer current."""
    Panel.objects.filter(pk=panel.pk).update(inputs_revision=F("inputs_revision") + 1)
    panel.refresh_from_db(fields=["inputs_revision"])


def record_shortlist_change(panel, *, action, actor, comment, at):
    """A shortlist change in the panel's history (shown on the desk): not a step of the panel,
    whose state it does not move."""
    return record_history(
        panel,
        action=action,
        actor=actor,
        from_state=panel.state,
        comment=comment,
        at=at,
    )
