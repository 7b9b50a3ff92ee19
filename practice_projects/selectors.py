"""Every non-trivial read of the practice_projects app, with its joins and prefetches fixed so
that a page runs the same number of queries whatever the number of rows."""

from django.db.models import Avg, Exists, OuterRef, Prefetch, Q, Subquery
from django.http import Http404

from efficiency_center.models import Department
from efficiency_center.permissions import scope_for_user
from efficiency_center.review import State

from . import deadlines
from .models import (
    CampaignPlan,
    CompletionReport,
    FilingKind,
    Milestone,
    MilestoneProgress,
    MilestoneStatus,
    ProgressReport,
    Project,
    ProjectFiling,
    ProjectSettings,
    Rating,
    Target,
    TargetProgress,
    UnitIndicator,
)

INDICATOR_THEME = "indicator"  # the theme filter's value for "tied to a city indicator"


class Progress:
    ON_TRACK, DELAYED, DONE = "on_track", "delayed", "done"


# --- public ---------------------------------------------------------------------------------


def _delayed_q(today, prefix=""):
    return Q(**{f"{prefix}due_date__lt": today}) | Q(**{f"{prefix}status": MilestoneStatus.DELAYED})


def public_projects(campaign, *, today, theme="", department_id=None, kind="", progress="", q=""):
    """Approved projects of the campaign, annotated with whether milestones are open or delayed
    and the mean percent done of the current version's milestones. One query for the rows."""
    milestones = Milestone.objects.filter(filing_id=OuterRef("current_id"))
    undone = milestones.exclude(status=MilestoneStatus.DONE)
    percent = milestones.order_by().values("filing_id").annotate(p=Avg("percent")).values("p")
    projects = (
        Project.objects.filter(campaign=campaign, current__state=State.PUBLISHED)
        .select_related("current", "current__indicator", "department")
        .annotate(
            has_open=Exists(undone),
            has_delayed=Exists(undone.filter(_delayed_q(today))),
            percent_done=Subquery(percent),
        )
        .order_by("department__code", "created_at", "id")
    )
    if theme == INDICATOR_THEME:
        projects = projects.filter(current__indicator__isnull=False)
    elif theme:
        projects = projects.filter(current__theme=theme)
    if department_id:
        projects = projects.filter(department_id=department_id)
    if kind:
        projects = projects.filter(department__kind=kind)
    if progress == Progress.DONE:
        projects = projects.filter(has_open=False)
    elif progress == Progress.DELAYED:
        projects = projects.filter(has_delayed=True)
    elif progress == Progress.ON_TRACK:
        projects = projects.filter(has_open=True, has_delayed=False)
    if q:
        projects = projects.filter(
            Q(current__name__icontains=q)
            | Q(department__name__icontains=q)
            | Q(department__short_name__icontains=q)
        )
    return projects


def public_departments(campaign):
    """The units with approved projects, for the list's unit filter."""
    return (
        Department.objects.filter(
            practice_projects__campaign=campaign,
            practice_projects__current__state=State.PUBLISHED,
        )
        .distinct()
        .order_by("code")
    )


def _items(filing, today):
    targets = list(Target.objects.filter(filing=filing))
    milestones = list(Milestone.objects.filter(filing=filing))
    for milestone in milestones:
        milestone.delayed = milestone.is_delayed_on(today)
    return targets, milestones


def public_project(pk, *, today, revision=None):
    """Everything the public page of a project shows, in a fixed number of queries.
    Raises Http404 unless the project (and the asked version) is published."""
    project = (
        Project.objects.filter(pk=pk, current__state=State.PUBLISHED)
        .select_related(
            "campaign", "department", "department__supervisor", "current", "current__indicator"
        )
        .first()
    )
    if project is None:
        raise Http404
    versions = list(
        ProjectFiling.objects.filter(project=project, state=State.PUBLISHED).order_by("revision")
    )
    filing = project.current
    if revision is not None:
        filing = next((v for v in versions if v.revision == revision), None)
        if filing is None:
            raise Http404
    filing.department = project.department  # the same unit; saves a query per page
    targets, milestones = _items(filing, today)
    reports = list(
        ProgressReport.objects.filter(project=project, state=State.PUBLISHED)
        .select_related("filing")
        .prefetch_related(
            Prefetch("milestone_entries", MilestoneProgress.objects.select_related("milestone")),
            Prefetch("target_entries", TargetProgress.objects.select_related("target")),
        )
        .order_by("quarter")
    )
    completion = CompletionReport.objects.filter(project=project, state=State.PUBLISHED).first()
    percents = [m.percent for m in milestones]
    return {
        "project": project,
        "filing": filing,
        "targets": targets,
        "milestones": milestones,
        "percent_done": round(sum(percents) / len(percents)) if percents else 0,
        "reports": reports,
        "versions": versions,
        "completion": completion,
    }


def best_measure_candidates(campaign):
    """Projects rated excellent: the candidates for the ten best measures (十佳举措)."""
    return (
        Project.objects.filter(campaign=campaign, rating=Rating.EXCELLENT, current__isnull=False)
        .select_related("current", "department")
        .order_by("department__code", "id")
    )


def indicator_missing(filing):
    """True if the unit carries a city indicator and none of its projects would be tied to it."""
    indicator = UnitIndicator.objects.filter(
        campaign_id=filing.project.campaign_id, department_id=filing.department_id
    ).first()
    if indicator is None or filing.indicator_id:
        return False
    # The newest version of each other project decides what it is about.
    return not (
        ProjectFiling.objects.filter(
            project__campaign_id=filing.project.campaign_id,
            department_id=filing.department_id,
            indicator__isnull=False,
            superseded_by__isnull=True,
        )
        .exclude(project_id=filing.project_id)
        .exists()
    )


# --- the units' own pages -------------------------------------------------------------------


def internal_projects(user):
    """Projects the user may open inside (own unit, a head's sub-units, the center)."""
    return scope_for_user(Project.objects.all(), user).select_related(
        "campaign", "department", "department__supervisor", "current"
    )


def internal_docs(model, user):
    related = {
        CampaignPlan: ("campaign", "department", "department__supervisor"),
        ProjectFiling: (
            "project",
            "project__campaign",
            "department",
            "department__supervisor",
            "indicator",
            "supersedes",
        ),
        ProgressReport: (
            "project",
            "project__campaign",
            "project__current",
            "filing",
            "department",
            "department__supervisor",
        ),
        CompletionReport: (
            "project",
            "project__campaign",
            "project__current",
            "department",
            "department__supervisor",
        ),
    }[model]
    return scope_for_user(model.objects.all(), user).select_related(*related)


def _attach_quarters(projects):
    for project in projects:
        filings = list(project.filings.all())
        project.latest = filings[-1] if filings else None
        by_quarter = {r.quarter: r for r in project.progress_reports.all()}
        project.quarters = [(q, by_quarter.get(q)) for q in range(1, 5)]
    return projects


def _projects_with_docs(queryset):
    return _attach_quarters(
        list(
            queryset.select_related("department", "current")
            .prefetch_related(
                Prefetch("filings", ProjectFiling.objects.order_by("revision")),
                Prefetch("progress_reports", ProgressReport.objects.order_by("quarter")),
            )
            .order_by("department__code", "created_at", "id")
        )
    )


def unit_overview(user, campaign, *, today):
    """The unit's plan, projects, progress and deadline statuses; for a head also the
    sub-units' (read and endorse). A fixed number of queries."""
    units = [user.department]
    if user.role == "head":
        units += list(Department.objects.filter(supervisor=user.department, is_active=True))
    ids = [u.pk for u in units]
    plans = {
        p.department_id: p
        for p in CampaignPlan.objects.filter(campaign=campaign, department_id__in=ids)
    }
    projects = _projects_with_docs(Project.objects.filter(campaign=campaign, department_id__in=ids))
    completions = {
        c.project_id: c
        for c in CompletionReport.objects.filter(project__in=[p.pk for p in projects])
    }
    indicators = {
        i.department_id: i
        for i in UnitIndicator.objects.filter(campaign=campaign, department_id__in=ids)
    }
    settings = ProjectSettings.for_campaign(campaign)
    statuses = deadlines.unit_statuses(campaign, ids, today=today, settings=settings)
    due = settings.deadlines()
    sections = []
    for unit in units:
        own = [p for p in projects if p.department_id == unit.pk]
        for project in own:
            project.completion_report = completions.get(project.pk)
        indicator = indicators.get(unit.pk)
        sections.append(
            {
                "unit": unit,
                "is_own": unit.pk == user.department_id,
                "plan": plans.get(unit.pk),
                "projects": own,
                "indicator": indicator,
                "indicator_covered": indicator is None
                or any(p.latest and p.latest.indicator_id for p in own),
                "statuses": [
                    (
                        kind,
                        FilingKind(kind).label,
                        due[kind],
                        statuses[unit.pk][kind],
                        deadlines.Status.LABELS[statuses[unit.pk][kind]],
                    )
                    for kind in FilingKind.values
                ],
            }
        )
    return sections


def project_overview(project, *, today):
    """The inside view of one project: every version, every report, the completion."""
    filings = list(ProjectFiling.objects.filter(project=project).order_by("revision"))
    reports = {
        r.quarter: r
        for r in ProgressReport.objects.filter(project=project).select_related("filing")
    }
    completion = CompletionReport.objects.filter(project=project).first()
    targets, milestones = _items(project.current, today) if project.current_id else ([], [])
    return {
        "project": project,
        "filings": filings,
        "latest": filings[-1] if filings else None,
        "quarters": [(q, reports.get(q)) for q in range(1, 5)],
        "completion": completion,
        "targets": targets,
        "milestones": milestones,
    }


# --- the center -----------------------------------------------------------------------------


def review_queue():
    """What waits for the center's review, oldest first (one query per document type)."""
    submitted = {"state": State.SUBMITTED}
    return {
        "plans": list(
            CampaignPlan.objects.filter(**submitted)
            .select_related("department", "campaign")
            .order_by("submitted_at")
        ),
        "filings": list(
            ProjectFiling.objects.filter(**submitted)
            .select_related("department", "project")
            .order_by("submitted_at")
        ),
        "reports": list(
            ProgressReport.objects.filter(**submitted)
            .select_related("department", "filing")
            .order_by("submitted_at")
        ),
        "completions": list(
            CompletionReport.objects.filter(**submitted)
            .select_related("department", "project__current")
            .order_by("submitted_at")
        ),
    }


def delayed_milestones(campaign, *, today):
    """Milestones of approved projects that are past due and not done, or reported delayed."""
    return list(
        Milestone.objects.filter(filing__current_of__campaign=campaign)
        .exclude(status=MilestoneStatus.DONE)
        .filter(_delayed_q(today))
        .select_related("filing", "filing__department", "filing__current_of")
        .order_by("due_date", "filing__department__code")
    )


def desk_rows(campaign, *, today, kind="", supervisor_id=None, filing="", status="", q=""):
    """The clerk's matrix: unit × (plan, project, Q1–Q4 progress) with each cell's status.
    `status` filters on the `filing` column, or on any column when no column is chosen;
    "overdue" means late or missing."""
    units = Department.objects.filter(is_active=True).select_related("supervisor").order_by("code")
    if kind:
        units = units.filter(kind=kind)
    if supervisor_id:
        units = units.filter(Q(pk=supervisor_id) | Q(supervisor_id=supervisor_id))
    if q:
        units = units.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code=q))
    units = list(units)
    statuses = deadlines.unit_statuses(campaign, [u.pk for u in units], today=today)
    wanted = deadlines.Status.OVERDUE if status == "overdue" else (status,)
    columns = [filing] if filing in FilingKind.values else FilingKind.values
    rows = []
    for unit in units:
        cells = statuses[unit.pk]
        if status and not any(cells[c] in wanted for c in columns):
            continue
        rows.append(
            {
                "unit": unit,
                "cells": [
                    (k, cells[k], deadlines.Status.LABELS[cells[k]]) for k in FilingKind.values
                ],
            }
        )
    return rows
