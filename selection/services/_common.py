"""What the selection services share: the refusals, the panel's lock, the inputs' revision."""

from django.db.models import F
from django.utils.translation import gettext as _

from efficiency_center.accounts import center_users, clerks, unit_users  # noqa: F401
from efficiency_center.review import StaleVersionError, record_state_change

from ..models import Panel, RankingRun


class SelectionError(Exception):
    """A request the selection's rules refuse; the message is for the user."""


def require_role(user, role, message):
    if not user.is_authenticated or user.role != role:
        raise SelectionError(message)


def locked_panel(campaign):
    """The campaign's panel (created on first use), locked until the caller's commit: every
    change of the ranking's inputs and every run start takes this lock first."""
    panel, _created = Panel.objects.get_or_create(campaign=campaign)
    return Panel.objects.select_for_update().get(pk=panel.pk)


def check_version(record, expected_version):
    """Refuse when the form was opened on an older version of a shared row."""
    if expected_version is None or int(expected_version) != record.version:
        raise StaleVersionError()


def bump(panel, *, version=False):
    """Move the inputs' revision on (and the panel's form version, when asked)."""
    fields = {"inputs_revision": F("inputs_revision") + 1}
    if version:
        fields["version"] = F("version") + 1
    Panel.objects.filter(pk=panel.pk).update(**fields)
    panel.refresh_from_db(fields=["inputs_revision", "version"])


def refuse_if_approved(campaign):
    if RankingRun.objects.filter(campaign=campaign, decision=RankingRun.Decision.APPROVED).exists():
        raise SelectionError(
            _("The %(year)s selection is approved and published: it can no longer change.")
            % {"year": campaign.year}
        )


def record_panel_step(panel, *, action, actor, comment="", from_state=None):
    """The panel's history (review.StateChange): shortlist and reviewer changes, opening and
    closing. Shown on the desk."""
    return record_state_change(
        panel,
        action=action,
        from_state=from_state if from_state is not None else panel.state,
        to_state=panel.state,
        actor=actor,
        comment=comment,
    )
