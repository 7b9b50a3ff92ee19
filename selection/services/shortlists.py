"""The clerk builds the two shortlists from the candidates, a reason for each pick."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.errors import DomainError, Invalid
from efficiency_center.models import User
from efficiency_center.permissions import require_role
from efficiency_center.workflow import lock, update

from .. import selectors
from ..models import ListKind, SelectionSettings, ShortlistEntry
from ..workflows import refuse_if_approved
from ._common import inputs_changed, inputs_locked, record_shortlist_change


def _require_clerk(user):
    require_role(user, User.Role.CLERK, message=_("Only the center's clerks build the shortlists."))


def _refuse_while_open(panel):
    if not panel.takes_shortlist_changes:
        raise DomainError(
            _("The panel is scoring these lists: close it before changing a shortlist.")
        )


def _clean_reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise Invalid({"reason": _("Say why this candidate is picked.")})
    return reason


@transaction.atomic
def shortlist_add(*, campaign, kind, user, candidate_id, reason, at=None):
    """Put one candidate on a list. Refused: not a candidate of the list, already on it, the
    list full, or its unit already at the campaign's per-unit limit."""
    at = at or timezone.now()
    _require_clerk(user)
    if kind not in ListKind.values:
        raise DomainError(_("Unknown list."))
    reason = _clean_reason(reason)
    panel = inputs_locked(campaign)  # serialises additions: the limits cannot be overrun
    refuse_if_approved(campaign)
    _refuse_while_open(panel)
    candidate = selectors.candidates(campaign, kind).filter(pk=candidate_id).first()
    if candidate is None:
        raise Invalid(
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
        raise Invalid(_("This candidate is already on the list."), code="duplicate")
    limits = SelectionSettings.for_campaign(campaign)
    entries = ShortlistEntry.objects.filter(campaign=campaign, kind=kind)
    if entries.count() >= limits.list_limit:
        raise Invalid(
            _("The list is full: at most %(limit)s candidates. Remove one first.")
            % {"limit": limits.list_limit},
            code="list_full",
        )
    if entries.filter(department_id=candidate.department_id).count() >= limits.unit_limit:
        raise Invalid(
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
        added_at=at,
        updated_at=at,
        **{field: candidate},
    )
    inputs_changed(panel)
    record_shortlist_change(
        panel,
        action="shortlist_add",
        actor=user,
        comment=f"{ListKind(kind).label} · {candidate.department.short_name} · {entry.title}: "
        f"{reason}",
        at=at,
    )
    return entry


@transaction.atomic
def shortlist_entry_update(*, entry, user, reason, expected_version, at=None):
    """Change the reason of a pick. The second of two clerks editing it at once is refused."""
    _require_clerk(user)
    reason = _clean_reason(reason)
    refuse_if_approved(entry.campaign)
    entry.reason, entry.updated_at = reason, at or timezone.now()
    return update(entry, expected_version=expected_version, fields=["reason", "updated_at"])


@transaction.atomic
def shortlist_remove(*, entry, user, expected_version, at=None):
    """Take a candidate off its list (its scores go with it). Not while the panel scores."""
    at = at or timezone.now()
    _require_clerk(user)
    panel = inputs_locked(entry.campaign)
    refuse_if_approved(entry.campaign)
    _refuse_while_open(panel)
    lock(entry, expected_version)
    title, unit = entry.title, entry.department.short_name
    scores = entry.scores.count()
    comment = f"{entry.get_kind_display()} · {unit} · {title}"
    entry.delete()
    inputs_changed(panel)
    if scores:
        comment += " " + _("(%(n)s scores removed with it)") % {"n": scores}
    record_shortlist_change(panel, action="shortlist_remove", actor=user, comment=comment, at=at)
    return title
