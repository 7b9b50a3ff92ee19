"""The leader approves a ranking (its top ten of each list are published and earn their units
the bonus) or sends it back with a reason."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.notifications import notify
from efficiency_center.review import record_state_change
from efficiency_center.scoring import AssessmentClosedError, ScoreKind, record_score

from ..models import TOP_N, Award, ListKind, RankingRun, ShortlistEntry, signed
from ._common import (
    SelectionError,
    clerks,
    locked_panel,
    refuse_if_approved,
    require_role,
    unit_users,
)

SCORE_KINDS = {
    ListKind.BEST_MEASURE: ScoreKind.BEST_MEASURE,
    ListKind.REAL_DEED: ScoreKind.REAL_DEED,
}


class IncompleteCandidatesError(SelectionError):
    """Approval refused: some candidates were not scored by every expected reviewer."""

    def __init__(self, rows):
        self.candidates = rows
        super().__init__(
            _(
                "This ranking cannot be approved: %(n)s candidates are incomplete (not scored "
                "by every expected reviewer, or no longer candidates): %(titles)s."
            )
            % {
                "n": len(rows),
                "titles": "、".join(f"{row['department']} · {row['title']}" for row in rows),
            }
        )


def once_key(kind, entry):
    return f"selection:{kind}:{entry.candidate_key}"


def _locked_run(run):
    return RankingRun.objects.select_for_update().select_related("campaign").get(pk=run.pk)


def _check_decidable(run):
    if run.status != RankingRun.Status.DONE:
        raise SelectionError(_("Only a finished ranking can be decided on."))
    if run.decision:
        raise SelectionError(
            _("This ranking was already decided on: %(decision)s.")
            % {"decision": run.get_decision_display()}
        )


def incomplete_candidates(run):
    """The incomplete rows of both lists of a finished run."""
    return [
        {**row, "kind": kind}
        for kind in ListKind.values
        for row in (run.results or {}).get(kind, {}).get("incomplete", [])
    ]


@transaction.atomic
def ranking_approve(*, run, user):
    """Approve `run`: the top ten of each list become awards, shown on the public lists, and
    each one's unit gets the campaign's bonus in its ledger (capped by record_score). Refused
    with incomplete candidates, on a stale ranking, or when the assessment is closed; a refusal
    changes nothing."""
    require_role(user, "leader", _("Only the center's leaders approve the selection."))
    panel = locked_panel(run.campaign)
    run = _locked_run(run)
    campaign = run.campaign
    refuse_if_approved(campaign)
    _check_decidable(run)
    newer = (
        RankingRun.objects.filter(campaign=campaign, status=RankingRun.Status.DONE)
        .exclude(pk=run.pk)
        .filter(finished_at__gt=run.finished_at)
        .exists()
    )
    if newer:
        raise SelectionError(_("A newer ranking exists: decide on the latest one."))
    incomplete = incomplete_candidates(run)
    if incomplete:
        raise IncompleteCandidatesError(incomplete)
    if not panel.is_closed or not run.is_final or run.inputs_revision != panel.inputs_revision:
        raise SelectionError(
            _(
                "The panel is open, or scores, reviewers or shortlists changed after this "
                "ranking was computed: the clerk closes the panel and runs the ranking again."
            )
        )
    if campaign.assessment_is_closed:
        raise AssessmentClosedError(campaign)
    ids = [row["entry"] for kind in ListKind.values for row in run.results[kind]["ranked"][:TOP_N]]
    entries = ShortlistEntry.objects.select_related("department", "project__current", "achievement")
    entries = {e.pk: e for e in entries.filter(pk__in=ids)}
    now = timezone.now()
    awards = []
    for kind in ListKind.values:
        for row in run.results[kind]["ranked"][:TOP_N]:
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
                approved_at=now,
            )
            award.score_entry = record_score(
                department=entry.department,
                campaign=campaign,
                kind=SCORE_KINDS[kind],
                cause=award,
                recorded_by=run.requested_by,
                confirmed_by=user,
                note=f"{ListKind(kind).label} #{award.rank}: {entry.title}"[:200],
                once_key=once_key(kind, entry),
            )
            award.save(update_fields=["score_entry"])
            awards.append(award)
    run.decision, run.decided_by, run.decided_at = RankingRun.Decision.APPROVED, user, now
    run.save(update_fields=["decision", "decided_by", "decided_at"])
    record_state_change(run, action="approve", from_state="done", to_state="approved", actor=user)
    notify(
        clerks(),
        _("The %(year)s selection was approved and published.") % {"year": campaign.year},
        run,
    )
    for award in awards:
        entry = award.score_entry
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
                "asked": signed(entry.points_asked),
                "granted": signed(entry.points),
            },
            award,
        )
    return awards


@transaction.atomic
def ranking_send_back(*, run, user, reason):
    """The leader sends a ranking back to the clerks with a reason."""
    require_role(user, "leader", _("Only the center's leaders decide on the selection."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the ranking is sent back.")})
    run = _locked_run(run)
    refuse_if_approved(run.campaign)
    _check_decidable(run)
    run.decision, run.decision_reason = RankingRun.Decision.SENT_BACK, reason
    run.decided_by, run.decided_at = user, timezone.now()
    run.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    record_state_change(
        run, action="send_back", from_state="done", to_state="sent_back", actor=user, comment=reason
    )
    notify(
        clerks(),
        _("The %(year)s selection ranking was sent back: %(reason)s")
        % {"year": run.campaign.year, "reason": reason},
        run,
    )
    return run
