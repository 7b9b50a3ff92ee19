"""The leader decides on a ranking (workflows.RANKING_RUN): approving publishes the top ten of
each list and earns their units the bonus; sending back tells the clerks why."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.accounts import unit_users
from efficiency_center.decisions import decide
from efficiency_center.notifications import notify
from efficiency_center.scoring import ScoreKind, record_score

from ..models import TOP_N, Award, ListKind, ShortlistEntry, signed
from ._common import inputs_locked

SCORE_KINDS = {
    ListKind.BEST_MEASURE: ScoreKind.BEST_MEASURE,
    ListKind.REAL_DEED: ScoreKind.REAL_DEED,
}


def once_key(kind, entry):
    return f"selection:{kind}:{entry.candidate_key}"


@transaction.atomic
def ranking_decide(*, run, user, action, expected_version, comment="", at=None):
    """A leader approves `run` ("approve") or sends it back with a reason ("refuse").

    Approval makes the top ten of each list awards, shown on the public lists, and records each
    one's unit the campaign's bonus (capped by record_score). The table refuses a run that is
    not the latest finished one, computed after the panel closed on unchanged inputs, and
    complete; the ledger refuses with the assessment closed. A refusal changes nothing."""
    at = at or timezone.now()
    inputs_locked(run.campaign)  # no input changes while the decision is taken
    decide(run, action, actor=user, expected_version=expected_version, comment=comment, at=at)
    if run.is_approved:
        _award(run, user, at)
    return run


def _award(run, user, at):
    campaign = run.campaign
    top = {kind: run.results[kind]["ranked"][:TOP_N] for kind in ListKind.values}
    ids = [row["entry"] for rows in top.values() for row in rows]
    entries = ShortlistEntry.objects.select_related("department", "project__current", "achievement")
    entries = {e.pk: e for e in entries.filter(pk__in=ids)}
    awards = []
    for kind, rows in top.items():
        for row in rows:
            entry = entries[row["entry"]]
            award = Award.objects.create(
                campaign=campaign,
                kind=kind,
                entry=entry,
                department=entry.department,
                run=run,
                rank=row["rank"],
                score=Decimal(row["score"]),
                approved_by=user,
                approved_at=at,
            )
            award.score_entry = record_score(
                department=entry.department,
                campaign=campaign,
                kind=SCORE_KINDS[kind],
                cause=award,
                recorded_by=run.requested_by,
                confirmed_by=user,
                note=f"{ListKind(kind).label} #{award.rank}: {entry.title}",
                once_key=once_key(kind, entry),
                at=at,
            )
            award.save(update_fields=["score_entry"])
            awards.append(award)
    for award in awards:
        points = award.score_entry
        notify(
            unit_users(award.department_id),
            _(
                "%(title)s was selected among the %(year)s %(list)s (bonus asked %(asked)s, "
                "granted %(granted)s)."
            )
            % {
                "title": award.entry.title[:60],
                "year": campaign.year,
                "list": award.get_kind_display(),
                "asked": signed(points.points_asked),
                "granted": signed(points.points),
            },
            award,
            at=at,
        )
    return awards
