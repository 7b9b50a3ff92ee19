"""The center's verification beyond the shared workflow: not accepted, typical, forwarded."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center import review
from efficiency_center.notifications import notify
from efficiency_center.review import ReviewError, State
from efficiency_center.scoring import ScoreKind, record_score

from ..models import Objection
from ._common import check_version, locked_update, unit_users


def forward_once_key(achievement):
    return f"achievement-forwarded:{achievement.pk}"


def _require_clerk(user):
    if user.role != user.Role.CLERK:
        raise ReviewError(_("Only the center's clerks verify achievements."))


@transaction.atomic
def achievement_not_accept(*, achievement, user, reason, expected_version):
    """The clerk does not accept a submitted achievement, with a reason; it is final."""
    _require_clerk(user)
    check_version(achievement, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_("Please give the reason."))
    if achievement.state != State.SUBMITTED or achievement.not_accepted_at is not None:
        raise ReviewError(_("Only an achievement awaiting verification can be not accepted."))
    locked_update(
        achievement,
        expected_version=expected_version,
        not_accepted_at=timezone.now(),
        not_accepted_reason=reason,
    )
    review.record_state_change(
        achievement,
        action="not_accept",
        from_state=State.SUBMITTED,
        to_state=State.SUBMITTED,
        actor=user,
        comment=reason,
    )
    notify(
        unit_users(achievement.department_id),
        _("Achievement not accepted: %(title)s. %(reason)s")
        % {"title": achievement.title[:60], "reason": reason},
        achievement,
    )
    return achievement


@transaction.atomic
def achievement_mark_typical(*, achievement, user, expected_version, forward=True):
    """The clerk marks a verified achievement typical (典型实绩), and by default forwards it to
    the city's 十件实事 contest at once, as the center did in seed 002."""
    _require_clerk(user)
    check_version(achievement, expected_version)
    if achievement.state != State.APPROVED or achievement.is_typical:
        raise ReviewError(_("Only a verified achievement that is not typical yet can be marked."))
    if achievement.objections.filter(outcome=Objection.Outcome.UPHELD).exists():
        raise ReviewError(
            _("An objection to this achievement was upheld: it cannot be typical again.")
        )
    locked_update(
        achievement, expected_version=expected_version, is_typical=True, typical_at=timezone.now()
    )
    review.record_state_change(
        achievement,
        action="mark_typical",
        from_state=State.APPROVED,
        to_state=State.APPROVED,
        actor=user,
    )
    if forward:
        achievement_forward(
            achievement=achievement, user=user, expected_version=achievement.version
        )
    else:
        notify(
            unit_users(achievement.department_id),
            _("Achievement selected as typical: %s") % achievement.title[:60],
            achievement,
        )
    return achievement


@transaction.atomic
def achievement_forward(*, achievement, user, expected_version):
    """Forward a typical achievement to the city; the campaign's bonus goes into the ledger,
    traceable to the achievement, once."""
    _require_clerk(user)
    check_version(achievement, expected_version)
    if not achievement.is_typical or achievement.forwarded_at is not None:
        raise ReviewError(_("Only a typical achievement not yet forwarded can be forwarded."))
    locked_update(achievement, expected_version=expected_version, forwarded_at=timezone.now())
    record_score(
        department=achievement.department,
        campaign=achievement.campaign,
        kind=ScoreKind.TYPICAL_FORWARDED,
        cause=achievement,
        recorded_by=user,
        confirmed_by=user,
        note=achievement.title[:200],
        once_key=forward_once_key(achievement),
    )
    review.record_state_change(
        achievement,
        action="forward",
        from_state=achievement.state,
        to_state=achievement.state,
        actor=user,
    )
    notify(
        unit_users(achievement.department_id),
        _("Achievement selected as typical and forwarded to the city: %s") % achievement.title[:60],
        achievement,
    )
    return achievement
