"""The ranking job: the clerk starts a run; a Celery task computes it (ranking_compute).

A run is a snapshot: the inputs it read (panel, candidates, scores), both lists' results, and
what moved since the previous finished run. One run at a time per campaign (a partial unique
index says so too). The task is thin and safe to run twice: a finished run is left alone, and
two executions of one run write its results once.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.accounts import center_users
from efficiency_center.errors import DomainError
from efficiency_center.models import User
from efficiency_center.notifications import notify
from efficiency_center.permissions import require_role
from practice_projects.models import ProjectFiling

from .. import ranking, selectors
from ..models import TOP_N, ListKind, PanelMember, RankingRun, Score, ShortlistEntry
from ..rules import expected_reviewers
from ..workflows import refuse_if_approved
from ._common import inputs_locked

logger = logging.getLogger(__name__)

# A run that has not moved for this long is taken as lost (a worker killed, a broker that
# never delivered it): the next start marks it failed instead of waiting for ever.
STALE_AFTER = timedelta(minutes=15)
Status = RankingRun.Status
# What the job writes when it finishes (never the leader's decision).
RESULT_FIELDS = (
    "previous",
    "inputs",
    "results",
    "changes",
    "inputs_revision",
    "is_final",
    "status",
    "stage",
    "progress",
    "finished_at",
)


def _fail(run_id, message):
    RankingRun.objects.filter(pk=run_id, status__in=RankingRun.IN_PROGRESS).update(
        status=Status.FAILED, error=message[:2000], finished_at=timezone.now(), stage="failed"
    )


def enqueue(run_id):
    """Hand the run to Celery (after the caller's commit). A broker that refuses it fails the
    run at once, so that the clerk can start another one."""
    from ..tasks import compute_ranking

    try:
        compute_ranking.delay(run_id)
    except Exception:
        logger.warning("ranking run %s not enqueued", run_id, exc_info=True)
        _fail(run_id, _("The job queue could not be reached: start the ranking again."))


@transaction.atomic
def ranking_start(*, campaign, user, at=None):
    """The clerk starts a ranking of both lists. Refused while another run is in progress."""
    at = at or timezone.now()
    require_role(user, User.Role.CLERK, message=_("Only the center's clerks start the ranking."))
    panel = inputs_locked(campaign)  # two clerks pressing at once: the second waits, then sees
    refuse_if_approved(campaign)
    if panel.state == panel.PanelState.PREPARING:
        raise DomainError(_("The panel has not been opened yet: there are no scores to rank."))
    running = RankingRun.objects.filter(campaign=campaign, status__in=RankingRun.IN_PROGRESS)
    for run in running.select_for_update():
        moved = run.heartbeat_at or run.requested_at
        if at - moved > STALE_AFTER:
            _fail(run.pk, _("The run stopped without finishing (the worker was lost)."))
        else:
            raise DomainError(
                _(
                    "Ranking run #%(pk)s started at %(at)s is still in progress: wait for it "
                    "to finish."
                )
                % {"pk": run.pk, "at": timezone.localtime(run.requested_at).strftime("%H:%M:%S")}
            )
    run = RankingRun.objects.create(
        campaign=campaign, requested_by=user, requested_at=at, stage="queued"
    )
    transaction.on_commit(lambda: enqueue(run.pk))
    return run


def _progress(run_id, stage, percent):
    RankingRun.objects.filter(pk=run_id, status=Status.RUNNING).update(
        stage=stage, progress=percent, heartbeat_at=timezone.now()
    )


def _claim(run_id):
    """Mark the run running; None if it is finished (a second delivery of the task)."""
    with transaction.atomic():
        run = RankingRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status in (Status.DONE, Status.FAILED):
            return None
        now = timezone.now()
        run.status, run.stage, run.progress, run.heartbeat_at = Status.RUNNING, "loading", 5, now
        run.started_at = run.started_at or now
        run.save(update_fields=["status", "stage", "progress", "heartbeat_at", "started_at"])
        return run


def _load(campaign):
    """The inputs, read under the panel's lock (no score, reviewer or shortlist changes while
    they are read): JSON-ready inputs and the ranking's Candidates per list."""
    with transaction.atomic():
        panel = inputs_locked(campaign)
        members = list(
            PanelMember.objects.filter(panel=panel)
            .select_related("reviewer")
            .order_by("reviewer__full_name", "reviewer__username")
        )
        first_submitted = (
            ProjectFiling.objects.filter(project_id=OuterRef("project_id"))
            .exclude(submitted_at=None)
            .order_by("submitted_at")
            .values("submitted_at")[:1]
        )
        entries = list(
            ShortlistEntry.objects.filter(campaign=campaign)
            .select_related("department", "project__current", "achievement")
            .annotate(project_submitted_at=Subquery(first_submitted))
            .order_by("kind", "department__code", "id")
        )
        scores = list(
            Score.objects.filter(entry__campaign=campaign).values_list(
                "entry_id", "reviewer_id", "value"
            )
        )
        valid = {
            ListKind.BEST_MEASURE: set(
                selectors.candidates(campaign, ListKind.BEST_MEASURE).values_list("pk", flat=True)
            ),
            ListKind.REAL_DEED: set(
                selectors.candidates(campaign, ListKind.REAL_DEED).values_list("pk", flat=True)
            ),
        }
    pairs = [(m.reviewer_id, m.reviewer.department_id) for m in members]
    by_entry = {}
    for entry_id, reviewer_id, value in scores:
        by_entry.setdefault(entry_id, {})[reviewer_id] = value
    lists = {kind: [] for kind in ListKind.values}
    snapshot = {kind: [] for kind in ListKind.values}
    for entry in entries:
        if entry.kind == ListKind.BEST_MEASURE:
            submitted = entry.project_submitted_at or entry.project.first_approved_at
            candidate_id = entry.project_id
        else:
            submitted = entry.achievement.submitted_at or entry.achievement.created_at
            candidate_id = entry.achievement_id
        expected = expected_reviewers(pairs, entry.department_id, entry.department.supervisor_id)
        entry_scores = by_entry.get(entry.pk, {})
        info = {
            "title": entry.title,
            "department": entry.department.short_name,
            "department_id": entry.department_id,
            "candidate": entry.candidate_key,
            "url": entry.public_url,
        }
        lists[entry.kind].append(
            ranking.Candidate(
                entry=entry.pk,
                submitted_at=submitted,
                expected=expected,
                scores=entry_scores,
                is_candidate=candidate_id in valid[entry.kind],
                info=info,
            )
        )
        snapshot[entry.kind].append(
            {
                "entry": entry.pk,
                "candidate": entry.candidate_key,
                "department_id": entry.department_id,
                "submitted_at": submitted.isoformat() if submitted else None,
                "expected": sorted(expected),
                "scores": {str(r): v for r, v in sorted(entry_scores.items())},
            }
        )
    inputs = {
        "panel_state": panel.state,
        "inputs_revision": panel.inputs_revision,
        "top_n": TOP_N,
        "reviewers": [
            {"id": m.reviewer_id, "name": str(m.reviewer), "department_id": d}
            for m, (_r, d) in zip(members, pairs, strict=True)
        ],
        "lists": snapshot,
    }
    return panel, inputs, lists, {m.reviewer_id: str(m.reviewer) for m in members}


def ranking_compute(*, run_id):
    """Compute one run (the Celery task's body). Returns the run, or None if it was already
    finished. Progress is committed as it goes, for the clerk's page to poll."""
    run = _claim(run_id)
    if run is None:
        return None
    try:
        panel, inputs, lists, names = _load(run.campaign)
        _progress(run_id, "scoring", 30)
        results = {}
        total = sum(len(candidates) for candidates in lists.values()) or 1
        done_before = 0
        for kind in ListKind.values:

            def report(done, _count, offset=done_before):
                _progress(run_id, "scoring", 30 + int(50 * (offset + done) / total))

            results[kind] = ranking.rank_list(lists[kind], reviewer_names=names, progress=report)
            done_before += len(lists[kind])
        _progress(run_id, "comparing", 85)
        return _finish(run_id, panel, inputs, results)
    except Exception as exc:
        logger.exception("ranking run %s failed", run_id)
        _fail(run_id, _("The ranking failed: %(error)s") % {"error": exc})
        _tell_failure(run_id)
        return RankingRun.objects.get(pk=run_id)


def _finish(run_id, panel, inputs, results):
    with transaction.atomic():
        run = RankingRun.objects.select_for_update().select_related("campaign").get(pk=run_id)
        if run.status != Status.RUNNING:
            return run  # another execution finished it first
        previous = (
            RankingRun.objects.filter(campaign=run.campaign, status=Status.DONE)
            .exclude(pk=run.pk)
            .only("pk", "results")
            .order_by("-finished_at", "-id")
            .first()
        )
        before = previous.results if previous else {}
        changes = {
            "previous": previous.pk if previous else None,
            "lists": {
                kind: ranking.compare(before.get(kind), results[kind]) if previous else []
                for kind in ListKind.values
            },
        }
        run.previous = previous
        run.inputs, run.results, run.changes = inputs, results, changes
        run.inputs_revision = inputs["inputs_revision"]
        run.is_final = inputs["panel_state"] == panel.PanelState.CLOSED
        run.status, run.stage, run.progress = Status.DONE, "done", 100
        run.finished_at = run.heartbeat_at = timezone.now()
        run.save(update_fields=[*RESULT_FIELDS, "heartbeat_at"])
        if run.is_final:
            notify(
                center_users("leader"),
                _("The %(year)s selection ranking awaits your approval.")
                % {"year": run.campaign.year},
                run,
                once_key=f"selection-run-awaits:{run.pk}",
            )
        return run


def _tell_failure(run_id):
    run = RankingRun.objects.select_related("requested_by", "campaign").get(pk=run_id)
    if run.status == Status.FAILED:
        notify(
            [run.requested_by],
            _("The %(year)s ranking run #%(pk)s failed.")
            % {"year": run.campaign.year, "pk": run.pk},
            run,
            url=reverse("selection:run_detail", args=[run.pk]),
            once_key=f"selection-run-failed:{run.pk}",
        )
