"""The county overview: filings on time per quarter, complaints per month by kind, and the
distribution of the assessment totals. A fixed number of queries (aggregates in SQL)."""

import math
from collections import Counter, defaultdict

from django.db.models import Count, Min
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from achievements.models import Achievement
from complaints.models import Complaint, Kind
from efficiency_center.models import Department
from efficiency_center.review import State
from pledges.models import FulfilmentReport, Pledge
from practice_projects.models import ProgressReport, Project

from .common import first_signoff
from .ledger import ZERO, UnitScore, campaign_scores

FILING_SOURCES = [
    ("achievements", _("Service achievements")),
    ("fulfilment", _("Pledge fulfilment reports")),
    ("progress", _("Project progress reports")),
]


def _first_filings(campaign):
    """{source: {(department_id, quarter): first filing time}}: three queries."""
    achievements = (
        Achievement.objects.filter(campaign=campaign, filed_at__isnull=False)
        .values_list("department_id", "quarter")
        .annotate(first=Min("filed_at"))
        .order_by()
    )
    fulfilment = (
        FulfilmentReport.objects.filter(campaign=campaign)
        .annotate(first=first_signoff(FulfilmentReport))
        .filter(first__isnull=False)
        .values_list("department_id", "quarter", "first")
    )
    progress = (
        ProgressReport.objects.filter(project__campaign=campaign, filed_at__isnull=False)
        .values_list("department_id", "quarter")
        .annotate(first=Min("filed_at"))
        .order_by()
    )
    return {
        "achievements": {(d, q): first for d, q, first in achievements},
        "fulfilment": {(d, q): first for d, q, first in fulfilment},
        "progress": {(d, q): first for d, q, first in progress},
    }


def _expected_units(campaign):
    """How many units owe each source's quarterly filing: three queries."""
    return {
        # Every active unit reports its achievements each quarter.
        "achievements": Department.objects.filter(is_active=True).count(),
        # A unit with a published pledge reports its fulfilment.
        "fulfilment": Pledge.objects.filter(campaign=campaign, state=State.PUBLISHED)
        .values("department_id")
        .distinct()
        .count(),
        # A unit with an approved project reports its progress.
        "progress": Project.objects.filter(campaign=campaign, current__isnull=False)
        .values("department_id")
        .distinct()
        .count(),
    }


def filings_on_time(campaign, *, today=None):
    """Per source and quarter: units that filed on time, late, and (once the deadline has
    passed) not at all. A filing is the first sign-off by the unit's own head."""
    today = today or timezone.localdate()
    deadlines = campaign.quarter_deadlines()
    firsts = _first_filings(campaign)
    expected = _expected_units(campaign)
    rows = []
    for source, label in FILING_SOURCES:
        counts = defaultdict(Counter)
        for (_department, quarter), first in firsts[source].items():
            if quarter not in deadlines:
                continue
            late = timezone.localdate(first) > deadlines[quarter]
            counts[quarter]["late" if late else "on_time"] += 1
        cells = []
        for quarter, deadline in deadlines.items():
            on_time, late = counts[quarter]["on_time"], counts[quarter]["late"]
            due = today > deadline
            cells.append(
                {
                    "quarter": quarter,
                    "deadline": deadline,
                    "on_time": on_time,
                    "late": late,
                    "missing": max(expected[source] - on_time - late, 0) if due else None,
                    "expected": expected[source],
                }
            )
        rows.append({"source": source, "label": label, "cells": cells})
    return rows


def complaints_by_month(campaign):
    """Complaints filed per month (local time) by kind: one query. Months of the campaign's
    year, and any other month that has complaints of the campaign."""
    counts = (
        Complaint.objects.filter(campaign=campaign)
        .annotate(month=TruncMonth("filed_at"))
        .values_list("month", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_month = defaultdict(Counter)
    for month, kind, n in counts:
        by_month[(month.year, month.month)][kind] += n
    months = sorted(set(by_month) | {(campaign.year, m) for m in range(1, 13)})
    kinds = [{"kind": value, "label": label} for value, label in Kind.choices]
    rows = [
        {
            "month": f"{year}-{month:02d}",
            "counts": [by_month[year, month][k["kind"]] for k in kinds],
            "total": sum(by_month[year, month].values()),
        }
        for year, month in months
    ]
    return {
        "kinds": kinds,
        "rows": rows,
        "totals": [sum(row["counts"][i] for row in rows) for i in range(len(kinds))],
        "total": sum(row["total"] for row in rows),
    }


def totals_distribution(campaign):
    """The assessment totals of every active unit (and any other with entries), in bins one
    point wide: two queries."""
    scores = campaign_scores(campaign)
    active = set(Department.objects.filter(is_active=True).values_list("pk", flat=True))
    totals = [
        (scores.get(pk) or UnitScore(cap=campaign.bonus_cap)).total for pk in active | set(scores)
    ]
    if not totals:
        return {"bins": [], "units": 0, "mean": None, "low": None, "high": None}
    counts = Counter(math.floor(total) for total in totals)
    low, high = min(counts), max(counts)
    bins = [
        {
            "low": start,
            "high": start + 1,
            "label": _("%(low)s to %(high)s") % {"low": start, "high": start + 1},
            "count": counts.get(start, 0),
        }
        for start in range(low, high + 1)
    ]
    return {
        "bins": bins,
        "units": len(totals),
        "mean": sum(totals, ZERO) / len(totals),
        "low": min(totals),
        "high": max(totals),
        "with_deductions": sum(1 for s in scores.values() if s.deductions < 0),
        "with_bonus": sum(1 for s in scores.values() if s.bonus > 0),
    }


def county_overview(campaign, *, today=None):
    filings = filings_on_time(campaign, today=today)
    complaints = complaints_by_month(campaign)
    distribution = totals_distribution(campaign)
    chart = {
        "quarters": [f"Q{q}" for q in campaign.quarter_deadlines()],
        "filings": [
            {
                "label": str(row["label"]),
                "on_time": [cell["on_time"] for cell in row["cells"]],
                "late": [cell["late"] for cell in row["cells"]],
            }
            for row in filings
        ],
        "labels": {"on_time": str(_("on time")), "late": str(_("late"))},
        "months": [row["month"] for row in complaints["rows"]],
        "kinds": [
            {"label": str(kind["label"]), "data": [row["counts"][i] for row in complaints["rows"]]}
            for i, kind in enumerate(complaints["kinds"])
        ],
        "bins": [str(b["label"]) for b in distribution["bins"]],
        "bin_counts": [b["count"] for b in distribution["bins"]],
        "units_label": str(_("Units")),
    }
    return {
        "filings": filings,
        "complaints": complaints,
        "distribution": distribution,
        "chart": chart,
    }
