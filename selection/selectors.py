"""Reads of the selection app: querysets with their joins and prefetches fixed, so that every
page runs the same number of queries whatever the number of candidates, reviewers or runs."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404

from achievements.models import Achievement, Category
from achievements.selectors import real_deed_candidates
from efficiency_center.models import Campaign, Department
from efficiency_center.permissions import is_center
from efficiency_center.review import State
from efficiency_center.scoring import BONUS_KINDS, ScoreEntry, department_totals
from efficiency_center.uploads import Attachment
from practice_projects.models import (
    CompletionReport,
    Milestone,
    ProgressReport,
    Target,
)
from practice_projects.selectors import INDICATOR_THEME, best_measure_candidates

from .models import (
    Award,
    ListKind,
    Panel,
    PanelMember,
    RankingRun,
    Score,
    SelectionSettings,
    ShortlistEntry,
)
from .rules import in_conflict

ENTRY_RELATED = (
    "department",
    "department__supervisor",
    "project",
    "project__current",
    "achievement",
    "achievement__category",
)


# --- candidates and shortlists ----------------------------------------------------------------


def candidates(campaign, kind):
    """The candidates of a list: projects rated excellent, or verified achievements."""
    if kind == ListKind.BEST_MEASURE:
        return best_measure_candidates(campaign)
    return real_deed_candidates(campaign)


def candidate_search(campaign, kind, *, q="", department_id=None, theme="", quarter=None):
    """The list's candidates filtered as the clerk asks, each marked `on_list` (one query)."""
    queryset = candidates(campaign, kind)
    if kind == ListKind.BEST_MEASURE:
        picked = ShortlistEntry.objects.filter(campaign=campaign, project_id=OuterRef("pk"))
        queryset = queryset.select_related("current__indicator")
        if theme == INDICATOR_THEME:
            queryset = queryset.filter(current__indicator__isnull=False)
        elif theme:
            queryset = queryset.filter(current__theme=theme)
        if q:
            queryset = queryset.filter(
                Q(current__name__icontains=q)
                | Q(department__name__icontains=q)
                | Q(department__short_name__icontains=q)
            )
    else:
        picked = ShortlistEntry.objects.filter(campaign=campaign, achievement_id=OuterRef("pk"))
        if theme:
            queryset = queryset.filter(category__name=theme)
        if quarter:
            queryset = queryset.filter(quarter=quarter)
        if q:
            queryset = queryset.filter(
                Q(title__icontains=q)
                | Q(department__name__icontains=q)
                | Q(department__short_name__icontains=q)
            )
    if department_id:
        queryset = queryset.filter(department_id=department_id)
    return queryset.annotate(on_list=Exists(picked))


def candidate_departments(campaign, kind):
    """The units that have candidates on this list, for the unit filter."""
    ids = candidates(campaign, kind).order_by().values("department_id")
    return Department.objects.filter(pk__in=ids).order_by("code")


def theme_choices(campaign, kind):
    """(value, label) of the theme filter: the campaign's themes, or the achievement
    categories."""
    if kind == ListKind.BEST_MEASURE:
        return [(theme, theme) for theme in campaign.themes or []]
    names = Category.objects.filter(campaign=campaign).order_by("position", "id")
    return [(name, name) for name in names.values_list("name", flat=True)]


def shortlist(campaign, kind):
    """The entries of one list, by unit (one query)."""
    return (
        ShortlistEntry.objects.filter(campaign=campaign, kind=kind)
        .select_related(*ENTRY_RELATED, "added_by")
        .order_by("department__code", "id")
    )


def shortlist_counts(campaign):
    """{kind: {"total": n, "by_unit": {department_id: n}}} in one query."""
    counts = {kind: {"total": 0, "by_unit": {}} for kind in ListKind.values}
    rows = (
        ShortlistEntry.objects.filter(campaign=campaign)
        .values_list("kind", "department_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for kind, department_id, n in rows:
        counts[kind]["total"] += n
        counts[kind]["by_unit"][department_id] = n
    return counts


def entry_for_center(pk):
    entry = ShortlistEntry.objects.select_related(*ENTRY_RELATED, "campaign").filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry


# --- the panel ----------------------------------------------------------------------------------


def panel_for(campaign):
    """The campaign's panel, or an unsaved one being prepared (one query)."""
    return Panel.objects.filter(campaign=campaign).first() or Panel(campaign=campaign)


def members(panel):
    if panel.pk is None:
        return []
    return list(
        PanelMember.objects.filter(panel=panel)
        .select_related("reviewer", "reviewer__department", "added_by")
        .order_by("reviewer__full_name", "reviewer__username")
    )


def reviewer_choices():
    """Every active user with the reviewer role (whom a leader may name)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return User.objects.filter(role=User.Role.REVIEWER, is_active=True).select_related("department")


def _entry_units(campaign):
    """(kind, department id, supervisor id) of every entry of the campaign (one query)."""
    return list(
        ShortlistEntry.objects.filter(campaign=campaign).values_list(
            "kind", "department_id", "department__supervisor_id"
        )
    )


def panel_progress(campaign, panel_members):
    """Per member: how many candidates of each list they are expected to score and have scored.
    Two queries whatever the size of the lists."""
    units = _entry_units(campaign)
    scored = {}
    if panel_members:
        rows = (
            Score.objects.filter(
                entry__campaign=campaign, reviewer_id__in=[m.reviewer_id for m in panel_members]
            )
            .values_list("reviewer_id", "entry__kind")
            .annotate(n=Count("id"))
            .order_by()
        )
        for reviewer_id, kind, n in rows:
            scored[reviewer_id, kind] = n
    progress = []
    for member in panel_members:
        department_id = member.reviewer.department_id
        row = {"member": member, "lists": [], "done": 0, "expected": 0}
        for kind, label in ListKind.choices:
            expected = sum(
                1
                for k, dept, sup in units
                if k == kind and not in_conflict(department_id, dept, sup)
            )
            done = min(scored.get((member.reviewer_id, kind), 0), expected)
            row["lists"].append({"kind": kind, "label": label, "done": done, "expected": expected})
            row["done"] += done
            row["expected"] += expected
        progress.append(row)
    return progress


# --- the reviewer's page --------------------------------------------------------------------


def _project_files(project_ids):
    """{project id: [attachment]} of the published progress reports and completion summaries
    of these projects (three queries)."""
    published = {"project_id__in": project_ids, "state": State.PUBLISHED}
    reports = dict(ProgressReport.objects.filter(**published).values_list("pk", "project_id"))
    completions = dict(CompletionReport.objects.filter(**published).values_list("pk", "project_id"))
    report_type = ContentType.objects.get_for_model(ProgressReport)
    completion_type = ContentType.objects.get_for_model(CompletionReport)
    files = {}
    if not reports and not completions:
        return files
    rows = Attachment.objects.filter(
        Q(owner_type=report_type, owner_id__in=list(reports))
        | Q(owner_type=completion_type, owner_id__in=list(completions)),
        sealed=False,
    ).order_by("created_at", "id")
    for attachment in rows:
        owners = reports if attachment.owner_type_id == report_type.pk else completions
        attachment.downloadable = True  # published: public
        files.setdefault(owners[attachment.owner_id], []).append(attachment)
    return files


def _achievement_files(achievements, viewer):
    """{achievement id: [attachment]} (one query). A file is downloadable by whoever may read
    the achievement (permissions.can_view_record): the center always, others while it is in
    public display."""
    ids = [a.pk for a in achievements]
    if not ids:
        return {}
    public = {a.pk for a in achievements if a.is_public}
    center = is_center(viewer)
    panel = getattr(viewer, "role", None) == "reviewer"
    rows = Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(Achievement), owner_id__in=ids, sealed=False
    ).order_by("created_at", "id")
    files = {}
    for attachment in rows:
        # The reviewers see this list as panel members, who may read shortlisted evidence
        # (rules.panel_reads_shortlisted).
        attachment.downloadable = center or panel or attachment.owner_id in public
        files.setdefault(attachment.owner_id, []).append(attachment)
    return files


def entries_with_evidence(campaign, viewer):
    """Both lists' entries with what a reviewer needs to judge them: the project's targets and
    milestones or the achievement's figures, and the evidence files. A fixed number of queries."""
    entries = list(
        ShortlistEntry.objects.filter(campaign=campaign)
        .select_related(*ENTRY_RELATED)
        .prefetch_related(
            Prefetch("project__current__targets", Target.objects.order_by("position", "id")),
            Prefetch(
                "project__current__milestones",
                queryset=Milestone.objects.order_by("due_date", "position", "id"),
            ),
        )
        .order_by("kind", "department__code", "id")
    )
    project_files = _project_files([e.project_id for e in entries if e.project_id])
    achievements = [e.achievement for e in entries if e.achievement_id]
    achievement_files = _achievement_files(achievements, viewer)
    for entry in entries:
        if entry.project_id:
            entry.files = project_files.get(entry.project_id, [])
            milestones = list(entry.project.current.milestones.all())
            entry.percent_done = (
                round(sum(m.percent for m in milestones) / len(milestones)) if milestones else None
            )
        else:
            entry.files = achievement_files.get(entry.achievement_id, [])
    return entries


def reviewer_page(campaign, reviewer):
    """Everything the reviewer's scoring page shows (a fixed number of queries).

    Until the panel closes, the reviewer sees their own scores only; afterwards, everyone's."""
    panel = panel_for(campaign)
    is_member = (
        panel.pk is not None and PanelMember.objects.filter(panel=panel, reviewer=reviewer).exists()
    )
    lists = {kind: [] for kind in ListKind.values}
    if not is_member or panel.state == Panel.PanelState.PREPARING:
        return {"panel": panel, "is_member": is_member, "lists": lists, "progress": {}}
    entries = entries_with_evidence(campaign, reviewer)
    scores = Score.objects.filter(entry__campaign=campaign).select_related("reviewer")
    if not panel.is_closed:
        scores = scores.filter(reviewer=reviewer)
    by_entry = {}
    for score in scores.order_by("reviewer__full_name", "reviewer__username", "id"):
        by_entry.setdefault(score.entry_id, []).append(score)
    progress = {kind: {"done": 0, "expected": 0} for kind in ListKind.values}
    for entry in entries:
        entry.conflict = in_conflict(
            reviewer.department_id, entry.department_id, entry.department.supervisor_id
        )
        entry.all_scores = by_entry.get(entry.pk, [])
        entry.my_score = next((s for s in entry.all_scores if s.reviewer_id == reviewer.pk), None)
        entry.other_scores = [s for s in entry.all_scores if s.reviewer_id != reviewer.pk]
        lists[entry.kind].append(entry)
        if not entry.conflict:
            progress[entry.kind]["expected"] += 1
            progress[entry.kind]["done"] += entry.my_score is not None
    return {"panel": panel, "is_member": True, "lists": lists, "progress": progress}


# --- runs and the desk --------------------------------------------------------------------


def runs(campaign, limit=10):
    return list(
        RankingRun.objects.filter(campaign=campaign)
        .select_related("requested_by", "decided_by")
        .defer("inputs", "results", "changes")
        .order_by("-requested_at", "-id")[:limit]
    )


def run_in_progress(campaign):
    return (
        RankingRun.objects.filter(campaign=campaign, status__in=RankingRun.IN_PROGRESS)
        .defer("inputs", "results", "changes")
        .first()
    )


def run_for_center(pk):
    run = (
        RankingRun.objects.select_related("campaign", "requested_by", "decided_by", "previous")
        .defer("previous__inputs", "previous__results", "previous__changes")
        .filter(pk=pk)
        .first()
    )
    if run is None:
        raise Http404
    return run


def latest_done_run(campaign):
    return (
        RankingRun.objects.filter(campaign=campaign, status=RankingRun.Status.DONE)
        .defer("inputs")
        .order_by("-finished_at", "-id")
        .first()
    )


def approved_run(campaign):
    return (
        RankingRun.objects.filter(campaign=campaign, decision=RankingRun.Outcome.APPROVED)
        .defer("inputs", "results", "changes")
        .first()
    )


def desk(campaign):
    """The clerk's and the leader's overview of the campaign's selection."""
    panel = panel_for(campaign)
    panel_members = members(panel)
    return {
        "panel": panel,
        "settings": SelectionSettings.for_campaign(campaign),
        "counts": shortlist_counts(campaign),
        "progress": panel_progress(campaign, panel_members),
        "runs": runs(campaign),
        "running": run_in_progress(campaign),
        "approved": approved_run(campaign),
    }


# --- awards, public pages and the ledger --------------------------------------------------


def awards(campaign, kind=None):
    queryset = Award.objects.filter(campaign=campaign).select_related(
        "department",
        "entry",
        "entry__project",
        "entry__project__current",
        "entry__achievement",
        "score_entry",
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("kind", "rank")


def published_campaigns():
    """Campaigns whose selection a leader approved, newest first."""
    return Campaign.objects.filter(Exists(Award.objects.filter(campaign=OuterRef("pk")))).order_by(
        "-year"
    )


def campaign_by_year(year):
    campaign = Campaign.objects.filter(year=year).first()
    if campaign is None:
        raise Http404
    return campaign


def ledger(campaign):
    """The bonus side of the ledger of every unit with an award: its entries (reversals
    included) and its capped total. Three queries."""
    unit_ids = list(
        Award.objects.filter(campaign=campaign).values_list("department_id", flat=True).distinct()
    )
    entries = (
        ScoreEntry.objects.filter(campaign=campaign, department_id__in=unit_ids)
        .filter(Q(kind__in=BONUS_KINDS) | Q(reverses__kind__in=BONUS_KINDS))
        .select_related("department")
        .order_by("department__code", "created_at", "id")
    )
    totals = department_totals(campaign) if unit_ids else {}
    units = {}
    for entry in entries:
        unit = units.setdefault(
            entry.department_id, {"department": entry.department, "entries": []}
        )
        unit["entries"].append(entry)
    for department_id, unit in units.items():
        _deductions, bonus, total = totals.get(department_id, (0, 0, 0))
        unit["bonus"], unit["total"] = bonus, total
    return list(units.values())
