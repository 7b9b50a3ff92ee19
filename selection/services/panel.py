"""The panel: a leader names the reviewers; a clerk opens it for scoring and closes it."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.notifications import notify

from ..models import Panel, PanelMember, Score, ShortlistEntry
from ._common import (
    SelectionError,
    bump,
    check_version,
    locked_panel,
    record_panel_step,
    refuse_if_approved,
    require_role,
)

User = get_user_model()
State = Panel.PanelState


def _scores_url(campaign):
    return reverse("selection:my_scores") + f"?year={campaign.year}"


@transaction.atomic
def panel_set_reviewers(*, campaign, user, reviewers, expected_version):
    """The leader names the panel: exactly `reviewers` (users with the reviewer role). A removed
    reviewer's scores stay on record but no longer count; a reviewer added to an open panel is
    told at once."""
    require_role(user, "leader", _("Only the center's leaders name the panel."))
    panel = locked_panel(campaign)
    refuse_if_approved(campaign)
    check_version(panel, expected_version)
    wrong = [r for r in reviewers if r.role != User.Role.REVIEWER or not r.is_active]
    if wrong:
        raise ValidationError(
            {
                "reviewers": _("Only active users with the reviewer role can be named: %(names)s.")
                % {"names": "、".join(str(r) for r in wrong)}
            }
        )
    wanted = {r.pk: r for r in reviewers}
    current = {m.reviewer_id: m for m in PanelMember.objects.filter(panel=panel)}
    added = [wanted[pk] for pk in wanted.keys() - current.keys()]
    removed = [current[pk] for pk in current.keys() - wanted.keys()]
    if not added and not removed:
        return panel
    PanelMember.objects.bulk_create(
        PanelMember(panel=panel, reviewer=r, added_by=user) for r in added
    )
    removed_users = list(User.objects.filter(pk__in=[m.reviewer_id for m in removed]))
    PanelMember.objects.filter(pk__in=[m.pk for m in removed]).delete()
    bump(panel, version=True)
    for reviewer in sorted(added, key=str):
        record_panel_step(panel, action="reviewer_add", actor=user, comment=str(reviewer))
    for reviewer in sorted(removed_users, key=str):
        kept = Score.objects.filter(entry__campaign=campaign, reviewer=reviewer).count()
        comment = str(reviewer)
        if kept:
            comment += " " + _("(%(n)s scores no longer count)") % {"n": kept}
        record_panel_step(panel, action="reviewer_remove", actor=user, comment=comment)
    if added and panel.is_open:
        notify(
            added,
            _("You were named to the %(year)s selection panel: please score the candidates.")
            % {"year": campaign.year},
            panel,
            url=_scores_url(campaign),
        )
    if removed_users:
        notify(
            removed_users,
            _("You are no longer on the %(year)s selection panel.") % {"year": campaign.year},
            panel,
            url=_scores_url(campaign),
        )
    return panel


@transaction.atomic
def panel_open(*, campaign, user, expected_version):
    """Open the panel for scoring (or reopen it after closing); every reviewer is told."""
    require_role(user, "clerk", _("Only the center's clerks open the panel."))
    panel = locked_panel(campaign)
    refuse_if_approved(campaign)
    check_version(panel, expected_version)
    if panel.is_open:
        raise SelectionError(_("The panel is already open."))
    members = list(User.objects.filter(pk__in=panel.members.values("reviewer_id")))
    if not members:
        raise SelectionError(_("No reviewers are named yet: a leader names the panel first."))
    if not ShortlistEntry.objects.filter(campaign=campaign).exists():
        raise SelectionError(_("Both shortlists are empty: shortlist the candidates first."))
    from_state, reopening = panel.state, panel.is_closed
    panel.state, panel.opened_at = State.OPEN, timezone.now()
    panel.save(update_fields=["state", "opened_at"])
    bump(panel, version=True)
    record_panel_step(
        panel, action="reopen" if reopening else "open", actor=user, from_state=from_state
    )
    verb = (
        _("The %(year)s selection panel is open again: please check your scores.")
        if reopening
        else _("The %(year)s selection panel is open: please score the candidates.")
    )
    notify(members, verb % {"year": campaign.year}, panel, url=_scores_url(campaign))
    return panel


@transaction.atomic
def panel_close(*, campaign, user, expected_version):
    """Close the panel: scores are final, and the reviewers see each other's."""
    require_role(user, "clerk", _("Only the center's clerks close the panel."))
    panel = locked_panel(campaign)
    refuse_if_approved(campaign)
    check_version(panel, expected_version)
    if not panel.is_open:
        raise SelectionError(_("The panel is not open."))
    panel.state, panel.closed_at = State.CLOSED, timezone.now()
    panel.save(update_fields=["state", "closed_at"])
    bump(panel, version=True)
    record_panel_step(panel, action="close", actor=user, from_state=State.OPEN)
    members = list(User.objects.filter(pk__in=panel.members.values("reviewer_id")))
    notify(
        members,
        _("The %(year)s selection panel is closed: all scores are now visible to the panel.")
        % {"year": campaign.year},
        panel,
        url=_scores_url(campaign),
    )
    return panel
