"""The clerk builds the two shortlists from the candidates, a reason for each pick."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.review import StaleVersionError

from .. import selectors
from ..models import ListKind, SelectionSettings, ShortlistEntry
from ._common import (
    SelectionError,
    bump,
    check_version,
    locked_panel,
    record_panel_step,
    refuse_if_approved,
    require_role,
)


def _require_clerk(user):
    require_role(user, "clerk", _("Only the center's clerks build the shortlists."))


def _refuse_while_open(panel):
    if panel.is_open:
        raise SelectionError(
            _("The panel is scoring these lists: close it before changing a shortlist.")
        )


def _clean_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this candidate is picked.")})
    return reason


@transaction.atomic
def shortlist_add(*, campaign, kind, user, candidate_id, reason):
    """Put one candidate on a list. Refused: not a candidate of the list, already on it, the
    list full, or its unit already at the campaign's per-unit limit."""
    _require_clerk(user)
    if kind not in ListKind.values:
        raise SelectionError(_("Unknown list."))
    reason = _clean_reason(reason)
    panel = locked_panel(campaign)  # serialises additions: the limits cannot be overrun
    refuse_if_approved(campaign)
    _refuse_while_open(panel)
    candidate = selectors.candidates(campaign, kind).filter(pk=candidate_id).first()
    if candidate is None:
        raise ValidationError(
            _(
                "This is not a candidate of the list: only practice projects rated excellent "
                "(ten best measures) and verified service achievements (ten real deeds) of the "
                "%(year)s campaign can be shortlisted."
            )
            % {"year": campaign.year},
            code="not_candidate",
        )
    field = "project" if kind == ListKind.BEST_MEASURE else "achievement"
    on_list = ShortlistEntry.objects.filter(campaign=campaign, **{field: candidate})
    if on_list.exists():
        raise ValidationError(_("This candidate is already on the list."), code="duplicate")
    limits = SelectionSettings.for_campaign(campaign)
    entries = ShortlistEntry.objects.filter(campaign=campaign, kind=kind)
    if entries.count() >= limits.list_limit:
        raise ValidationError(
            _("The list is full: at most %(limit)s candidates. Remove one first.")
            % {"limit": limits.list_limit},
            code="list_full",
        )
    if entries.filter(department_id=candidate.department_id).count() >= limits.unit_limit:
        raise ValidationError(
            _("%(unit)s already has %(limit)s candidates on this list, the most allowed.")
            % {"unit": candidate.department.name, "limit": limits.unit_limit},
            code="unit_full",
        )
    entry = ShortlistEntry.objects.create(
        campaign=campaign,
        kind=kind,
        department_id=candidate.department_id,
        reason=reason,
        added_by=user,
        **{field: candidate},
    )
    bump(panel)
    record_panel_step(
        panel,
        action="shortlist_add",
        actor=user,
        comment=f"{ListKind(kind).label} · {candidate.department.short_name} · {entry.title}: "
        f"{reason}",
    )
    return entry


@transaction.atomic
def shortlist_entry_update(*, entry, user, reason, expected_version):
    """Change the reason of a pick. The second of two clerks editing it at once is refused."""
    _require_clerk(user)
    reason = _clean_reason(reason)
    refuse_if_approved(entry.campaign)
    check_version(entry, expected_version)
    updated = ShortlistEntry.objects.filter(pk=entry.pk, version=expected_version).update(
        reason=reason, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleVersionError()
    entry.refresh_from_db()
    return entry


@transaction.atomic
def shortlist_remove(*, entry, user, expected_version):
    """Take a candidate off its list (its scores go with it). Not while the panel scores."""
    _require_clerk(user)
    panel = locked_panel(entry.campaign)
    refuse_if_approved(entry.campaign)
    _refuse_while_open(panel)
    check_version(entry, expected_version)
    current = ShortlistEntry.objects.select_for_update().filter(pk=entry.pk).first()
    if current is None or current.version != int(expected_version):
        raise StaleVersionError()
    title, unit = entry.title, entry.department.short_name
    scores = current.scores.count()
    current.delete()
    bump(panel)
    comment = f"{entry.get_kind_display()} · {unit} · {title}"
    if scores:
        comment += " " + _("(%(n)s scores removed with it)") % {"n": scores}
    record_panel_step(panel, action="shortlist_remove", actor=user, comment=comment)
    return title
