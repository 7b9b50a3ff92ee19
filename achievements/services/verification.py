"""The center's verification beyond the shared review: not accepted, typical, forwarded.

Who may take each step and when is the table's (achievements/workflows.py); these services
add what the step does not: the reason kept, and the forwarding bonus in the ledger. Marking
typical and forwarding happen in one transaction: when the ledger refuses the bonus (the
assessment is closed), the achievement is not marked typical either."""

from django.db import transaction
from django.utils import timezone

from efficiency_center.scoring import ScoreKind, record_score
from efficiency_center.workflow import step


def forward_once_key(achievement):
    return f"achievement-forwarded:{achievement.pk}"


@transaction.atomic
def achievement_not_accept(*, achievement, user, reason, expected_version, at=None):
    """The clerk does not accept a submitted achievement, with a reason; it is final."""
    step(
        achievement,
        "not_accept",
        actor=user,
        expected_version=expected_version,
        comment=reason,
        at=at,
        not_accepted_reason=(reason or "").strip(),
    )
    return achievement


@transaction.atomic
def achievement_mark_typical(*, achievement, user, expected_version, forward=True, at=None):
    """The clerk marks a verified achievement typical (典型实绩), and by default forwards it to
    the city's 十件实事 contest at once, as the center did in seed 002."""
    at = at or timezone.now()
    step(
        achievement,
        "mark_typical",
        actor=user,
        expected_version=expected_version,
        at=at,
        is_typical=True,
    )
    if forward:
        achievement_forward(
            achievement=achievement, user=user, expected_version=achievement.version, at=at
        )
    return achievement


@transaction.atomic
def achievement_forward(*, achievement, user, expected_version, at=None):
    """Forward a typical achievement to the city; the campaign's bonus goes into the ledger,
    traceable to the achievement, once."""
    at = at or timezone.now()
    step(achievement, "forward", actor=user, expected_version=expected_version, at=at)
    record_score(
        department=achievement.department,
        campaign=achievement.campaign,
        kind=ScoreKind.TYPICAL_FORWARDED,
        cause=achievement,
        recorded_by=user,
        confirmed_by=user,
        note=achievement.title,
        once_key=forward_once_key(achievement),
        at=at,
    )
    return achievement
