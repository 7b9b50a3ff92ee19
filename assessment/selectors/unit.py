"""The leaders' per-unit view (八查八看): everything of one unit's year on one page.

A fixed number of queries whatever the unit's volume (one more per kind of cause in its
ledger). Complaints are read by number, kind, status, finding and timing only: nothing that
identifies the complainant or retells the complaint reaches this page.
"""

from collections import defaultdict

from django.db.models import Avg, Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from achievements.models import Achievement
from complaints.models import Accountability, Complaint, Finding, FollowUp, Kind, Reply, Status
from efficiency_center.models import Department
from efficiency_center.notices import PublicNotice
from efficiency_center.permissions import is_center, readable_units_q, reads_unit
from efficiency_center.review import State
from pledges.models import BrokenPledge, FulfilmentReport, Pledge, PledgeItem
from practice_projects.models import (
    CampaignPlan,
    Milestone,
    MilestoneStatus,
    ProgressReport,
    Project,
    ProjectFiling,
    UnitIndicator,
)

from . import checks, timeline
from .common import first_signoff
from .ledger import attach_causes, choice_labels, ledger_entries, score_of_entries

# --- who sees which unit ------------------------------------------------------------------------


def unit_for_user(user, code):
    """The unit `code` if `user` may open its page: the center any unit, a unit user the units
    it reads (permissions.reads_unit: its own, and a key department's head its sub-units).
    Anything else answers 404, like a missing unit."""
    unit = Department.objects.select_related("supervisor").filter(code=code).first()
    if unit is None or not (is_center(user) or reads_unit(user, unit)):
        raise Http404
    return unit


def visible_units(user):
    """The units `user` may pick: every active unit for the center; for a unit user, the units
    it reads (its own, and a head's active sub-units)."""
    units = Department.objects.order_by("code").only(
        "code", "name", "short_name", "kind", "supervisor_id", "is_active"
    )
    if is_center(user):
        return list(units.filter(is_active=True))
    readable = units.filter(readable_units_q(user, department_field=""))
    return list(readable.filter(Q(pk=user.department_id) | Q(is_active=True)))


# --- the sections ---------------------------------------------------------------------------


def _pledge_section(campaign, unit, *, center):
    revisions = list(
        Pledge.objects.filter(campaign=campaign, department=unit)
        .prefetch_related(Prefetch("items", queryset=PledgeItem.objects.order_by("position", "id")))
        .order_by("-revision")
    )
    reports = {
        report.quarter: report
        for report in FulfilmentReport.objects.filter(campaign=campaign, department=unit)
        .annotate(first_signoff=first_signoff(FulfilmentReport))
        .only("id", "quarter", "state", "department_id", "campaign_id", "submitted_at")
    }
    broken = BrokenPledge.objects.filter(campaign=campaign, department=unit).select_related("item")
    if not center:  # pending records stay with the center until a leader decides
        broken = broken.exclude(decision=BrokenPledge.Outcome.PENDING)
    broken = list(broken.order_by("quarter", "item__position", "id"))
    quarters = []
    for quarter, deadline in campaign.quarter_deadlines().items():
        report = reports.get(quarter)
        signed = getattr(report, "first_signoff", None)
        quarters.append(
            {
                "quarter": quarter,
                "deadline": deadline,
                "report": report,
                "filed_at": signed,
                "late": signed is not None and _local_date(signed) > deadline,
                "broken": [b for b in broken if b.quarter == quarter],
            }
        )
    return {
        "revisions": revisions,
        "current": next((p for p in revisions if p.state == State.PUBLISHED), None),
        "open": next((p for p in revisions if p.state != State.PUBLISHED), None),
        "quarters": quarters,
        "broken": broken,
        "broken_confirmed": sum(1 for b in broken if b.decision == BrokenPledge.Outcome.APPROVED),
    }


def _local_date(moment):
    return timezone.localdate(moment)


def _project_section(campaign, unit):
    plan = CampaignPlan.objects.filter(campaign=campaign, department=unit).first()
    projects = list(
        Project.objects.filter(campaign=campaign, department=unit)
        .select_related("current", "completion")
        .order_by("created_at", "id")
    )
    in_year = {"project__campaign": campaign, "project__department": unit}
    filings = list(
        ProjectFiling.objects.filter(**in_year)
        .only("id", "project_id", "name", "theme", "indicator_id", "revision", "state")
        .order_by("project_id", "revision")
    )
    # The city-to-county indicator the unit carries (at most one a year), for 大局意识.
    indicator = UnitIndicator.objects.filter(campaign=campaign, department=unit).first()
    milestones = {
        row["filing_id"]: row
        for row in Milestone.objects.filter(
            filing__current_of__campaign=campaign, filing__current_of__department=unit
        )
        .values("filing_id")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status=MilestoneStatus.DONE)),
            percent=Avg("percent"),
        )
        .order_by()
    }
    reports = list(
        ProgressReport.objects.filter(**in_year)
        .only("id", "project_id", "filing_id", "quarter", "state", "filed_at")
        .order_by("quarter")
    )
    latest_filing = {}
    for filing in filings:
        latest_filing[filing.project_id] = filing
    for project in projects:
        filing = project.current if project.current_id else latest_filing.get(project.pk)
        project.name = filing.name if filing else f"#{project.pk}"
        project.theme = filing.theme if filing else ""
        project.indicator_id = filing.indicator_id if filing else None
        project.indicator_text = (
            indicator.text if indicator and project.indicator_id == indicator.pk else ""
        )
        project.milestones_summary = milestones.get(project.current_id)
        project.quarter_reports = {r.quarter: r for r in reports if r.project_id == project.pk}
        project.quarter_cells = [project.quarter_reports.get(quarter) for quarter in (1, 2, 3, 4)]
        project.completion_report = getattr(project, "completion", None)
    return {
        "plan": plan,
        "projects": projects,
        "filings": filings,
        "progress_reports": reports,
        "rated_excellent": sum(1 for p in projects if p.rating == "excellent"),
        "indicator": indicator,
    }


def _achievement_section(campaign, unit):
    achievements = list(
        Achievement.objects.filter(campaign=campaign, department=unit)
        .only(
            "id",
            "quarter",
            "title",
            "state",
            "focus_area",
            "workdays_saved",
            "cases_handled",
            "money_saved",
            "is_101",
            "is_typical",
            "is_late",
            "filed_at",
            "forwarded_at",
            "not_accepted_at",
            "department_id",
            "campaign_id",
        )
        .order_by("quarter", "id")
    )
    return {
        "achievements": achievements,
        "filed": sum(1 for a in achievements if a.filed_at),
        "verified": sum(1 for a in achievements if a.is_verified),
        "typical": sum(1 for a in achievements if a.is_typical),
        "forwarded": sum(1 for a in achievements if a.forwarded_at),
        "service_101": sum(1 for a in achievements if a.is_101 and a.is_verified),
        "late": sum(1 for a in achievements if a.is_late),
    }


# Only these fields of a complaint are read here (never the description or the complainant).
COMPLAINT_FIELDS = (
    "id",
    "number",
    "kind",
    "status",
    "finding",
    "was_late",
    "filed_at",
    "forwarded_at",
    "reply_due",
    "close_due",
    "concluded_at",
    "department_id",
    "campaign_id",
)


def unit_complaints(campaign, unit, *, center):
    """The unit's complaints of the campaign: all for the center, the forwarded ones for the
    unit (a case reaches the unit only when forwarded)."""
    complaints = Complaint.objects.filter(campaign=campaign, department=unit)
    if not center:
        complaints = complaints.filter(forwarded_at__isnull=False)
    return complaints


def _complaint_section(campaign, unit, *, center):
    queryset = unit_complaints(campaign, unit, center=center)
    complaints = list(queryset.only(*COMPLAINT_FIELDS).order_by("filed_at", "id"))
    kinds, statuses = choice_labels(Kind.choices), choice_labels(Status.choices)
    findings = choice_labels(Finding.choices)
    for complaint in complaints:
        complaint.kind_label = kinds.get(complaint.kind, complaint.kind)
        complaint.status_label = statuses.get(complaint.status, complaint.status)
        complaint.finding_label = findings.get(complaint.finding, "")
    # The 回访 and the accountability measures by the complaint's kind (for 八查八看), and in
    # all: one query each.
    follow_ups_by_kind = _counts_by_kind(
        FollowUp.objects.filter(complaint__in=queryset.values("pk")), "satisfaction"
    )
    measures_by_kind = _counts_by_kind(
        Accountability.objects.filter(complaint__in=queryset.values("pk")), "measure"
    )
    levels = [
        (level, n) for by_level in follow_ups_by_kind.values() for level, n in by_level.items()
    ]
    follow_ups = sum(n for _level, n in levels)
    concluded = [c for c in complaints if c.concluded_at is not None]
    return {
        "complaints": complaints,
        "count": len(complaints),
        "open": sum(1 for c in complaints if c.is_open),
        "concluded": len(concluded),
        "on_time": sum(1 for c in concluded if not c.was_late),
        "late": sum(1 for c in complaints if c.was_late),
        "found_true": sum(1 for c in complaints if c.finding == "true"),
        "partly_true": sum(1 for c in complaints if c.finding == "partly_true"),
        "not_true": sum(1 for c in complaints if c.finding == "false"),
        "satisfaction": sum(level * n for level, n in levels) / follow_ups if follow_ups else None,
        "follow_ups": follow_ups,
        "follow_ups_by_kind": follow_ups_by_kind,
        "measures_by_kind": measures_by_kind,
        "queryset": queryset,
    }


def _counts_by_kind(queryset, field):
    """{complaint kind: {value of `field`: count}} over `queryset` (rows of a complaint)."""
    counts = defaultdict(dict)
    rows = queryset.values_list("complaint__kind", field).annotate(n=Count("id")).order_by()
    for kind, value, n in rows:
        counts[kind][value] = n
    return dict(counts)


# --- the page ---------------------------------------------------------------------------------


def unit_sections(campaign, unit, *, center):
    """The unit's pledge, projects, achievements and complaints of the year, as `center` (or
    the unit) may see them: what the eight checks (八查八看) are read from."""
    return {
        "pledges": _pledge_section(campaign, unit, center=center),
        "projects": _project_section(campaign, unit),
        "achievements": _achievement_section(campaign, unit),
        "complaints": _complaint_section(campaign, unit, center=center),
    }


def unit_year(*, campaign, unit, user):
    """Everything of `unit` in `campaign` that `user` may see, for the per-unit page."""
    center = is_center(user)
    sections = unit_sections(campaign, unit, center=center)
    pledges, projects = sections["pledges"], sections["projects"]
    achievements, complaints = sections["achievements"], sections["complaints"]
    eight_checks = checks.check_rows(
        campaign=campaign,
        unit=unit,
        sections=sections,
        findings=checks.findings_of(campaign, unit, center=center),
        center=center,
    )
    entries = attach_causes(list(ledger_entries(campaign, department=unit)), center=center)
    score = score_of_entries(entries, campaign.bonus_cap)
    notices = list(
        PublicNotice.objects.filter(campaign=campaign, department=unit).order_by(
            "-published_at", "-id"
        )
    )
    complaint_rows = complaints.pop("queryset")
    documents = timeline.documents(campaign, unit, complaint_rows)
    replies = list(
        Reply.objects.filter(complaint__in=complaint_rows.values("pk")).values_list(
            "pk", "complaint_id"
        )
    )
    labels = timeline.labels(pledges, projects, achievements, complaints, replies, center=center)
    return {
        "checks": eight_checks,
        "may_write_findings": user.role == user.Role.CLERK,
        "pledges": pledges,
        "projects": projects,
        "achievements": achievements,
        "complaints": complaints,
        "entries": entries,
        "score": score,
        "notices": notices,
        "timeline": timeline.timeline(documents, labels, entries, notices),
        "timeline_limit": timeline.TIMELINE_LIMIT,
    }
