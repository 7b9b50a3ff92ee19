"""The panel's steps (workflows.PANEL): a leader names the reviewers; a clerk opens the panel
for scoring, closes it, and may reopen it."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.errors import DomainError, Invalid
from efficiency_center.notifications import notify
from efficiency_center.workflow import lock, step

from ..models import PanelMember, Score
from ..workflows import scores_url
from ._common import inputs_changed, panel_for_step

User = get_user_model()
STEPS = ("open", "close", "reopen")


def _names(users):
    return "、".join(str(user) for user in sorted(users, key=str))


@transaction.atomic
def panel_set_reviewers(*, campaign, user, reviewers, expected_version, at=None):
    """The leader names the panel: exactly `reviewers` (users with the reviewer role). A removed
    reviewer's scores stay on record but no longer count; a reviewer added to an open panel is
    told at once. Saving the same reviewers again changes nothing."""
    at = at or timezone.now()
    panel = panel_for_step(campaign)
    wanted = {r.pk: r for r in reviewers}
    current = {m.reviewer_id: m for m in PanelMember.objects.filter(panel=panel)}
    added = [wanted[pk] for pk in wanted.keys() - current.keys()]
    removed = list(User.objects.filter(pk__in=current.keys() - wanted.keys()))
    if not added and not removed:
        lock(panel, expected_version)  # a stale form is still told so
        return panel
    lines = []
    if added:
        lines.append(_("Named: %(names)s") % {"names": _names(added)})
    for reviewer in sorted(removed, key=str):
        kept = Score.objects.filter(entry__campaign=campaign, reviewer=reviewer).count()
        line = _("Removed: %(name)s") % {"name": reviewer}
        if kept:
            line += " " + _("(%(n)s scores no longer count)") % {"n": kept}
        lines.append(line)
    step(
        panel,
        "name_reviewers",
        actor=user,
        expected_version=expected_version,
        comment="\n".join(lines),
        at=at,
    )
    wrong = [r for r in reviewers if r.role != User.Role.REVIEWER or not r.is_active]
    if wrong:  # refused after the step's own refusals (who, when, version): nothing is kept
        raise Invalid(
            {
                "reviewers": _("Only active users with the reviewer role can be named: %(names)s.")
                % {"names": _names(wrong)}
            }
        )
    PanelMember.objects.bulk_create(
        PanelMember(panel=panel, reviewer=r, added_by=user, added_at=at) for r in added
    )
    PanelMember.objects.filter(panel=panel, reviewer__in=removed).delete()
    inputs_changed(panel)
    if added and panel.is_open:
        notify(
            added,
            _("You were named to the %(year)s selection panel: please score the candidates.")
            % {"year": campaign.year},
            panel,
            url=scores_url(campaign),
            at=at,
        )
    if removed:
        notify(
            removed,
            _("You are no longer on the %(year)s selection panel.") % {"year": campaign.year},
            panel,
            url=scores_url(campaign),
            at=at,
        )
    return panel


@transaction.atomic
def panel_step(*, campaign, user, action, expected_version, at=None):
    """Open the panel for scoring, close it (scores are final, and the reviewers see each
    other's), or reopen it; the reviewers are told (the table's `notify`)."""
    if action not in STEPS:
        raise DomainError(_("Unknown action."))
    panel = panel_for_step(campaign)
    step(panel, action, actor=user, expected_version=expected_version, at=at)
    inputs_changed(panel)
    return panel
