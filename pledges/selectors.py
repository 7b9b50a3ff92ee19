"""Every non-trivial read of the pledges app. Each returns fully loaded rows: templates never
query, and the number of queries does not grow with the number of pledges or items."""

from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from efficiency_center.models import Campaign, Department
from efficiency_center.permissions import get_visible_or_404, is_center, scope_for_user
from efficiency_center.review import State
from efficiency_center.uploads import Attachment
from efficiency_center.workflow import history

from .models import BrokenPledge, FulfilmentEntry, FulfilmentReport, Pledge, PledgeItem

REPORTED_STATES = (State.SUBMITTED, State.APPROVED, State.PUBLISHED)

# The progress table's columns. "signed" is a sub-unit's pledge waiting for its supervising
# department; "approved" never lasts (approval publishes at once) and counts as published.
PROGRESS_STATUSES = [
    ("not_started", _("Not started")),
    (State.DRAFT.value, _("Draft")),
    (State.SIGNED.value, _("Awaiting the supervising department")),
    (State.SUBMITTED.value, _("Submitted")),
    (State.RETURNED.value, _("Returned")),
    (State.PUBLISHED.value, _("Published")),
]


def _pledges():
    return Pledge.objects.select_related("department__supervisor", "campaign")


def _ordered_items():
    return PledgeItem.objects.order_by("position", "id")


def is_superseded():
    """True for a pledge whose correction is published: it is history, no longer current."""
    return Exists(Pledge.objects.filter(supersedes=OuterRef("pk"), state=State.PUBLISHED))


def _has_item(**lookup):
    return Exists(PledgeItem.objects.filter(pledge=OuterRef("pk"), **lookup))


# --- public -----------------------------------------------------------------------------------


def public_campaigns():
    """Campaigns that have published pledges, newest first (for the year filter)."""
    published = Pledge.objects.filter(campaign=OuterRef("pk"), state=State.PUBLISHED)
    return list(Campaign.objects.filter(Exists(published)).order_by("-year"))


def public_pledges(*, campaign, kind="", focus_area="", q=""):
    """The current published pledge of each unit in `campaign`, filtered; items prefetched."""
    pledges = _pledges().filter(campaign=campaign, state=State.PUBLISHED).filter(~is_superseded())
    if kind:
        pledges = pledges.filter(department__kind=kind)
    if focus_area:
        pledges = pledges.filter(_has_item(focus_area=focus_area))
    if q:
        # icontains: PostgreSQL serves it from the pg_trgm index of migration 0002, also for
        # Chinese text; SQLite scans.
        pledges = pledges.filter(
            Q(department__name__icontains=q)
            | Q(department__short_name__icontains=q)
            | _has_item(text__icontains=q)
        )
    return pledges.order_by("department__code").prefetch_related(
        Prefetch("items", queryset=_ordered_items())
    )


def public_pledge(pk):
    """A published pledge with everything its public page shows, or None."""
    pledge = _pledges().filter(pk=pk, state=State.PUBLISHED).first()
    if pledge is None:
        return None
    items = list(_ordered_items().filter(pledge=pledge))
    # All of the unit's confirmed breaches this campaign, whatever revision their item is in: a
    # correction must not take a breach off the public page.
    breaches = list(
        BrokenPledge.objects.filter(
            campaign_id=pledge.campaign_id,
            department_id=pledge.department_id,
            decision=BrokenPledge.Outcome.APPROVED,
        )
        .select_related("item", "notice")
        .order_by("quarter", "item__position", "id")
    )
    by_item = defaultdict(list)
    for breach in breaches:
        by_item[breach.item_id].append(breach)
    entries = FulfilmentEntry.objects.filter(
        report__pledge=pledge, report__state=State.PUBLISHED
    ).values_list("item_id", "report__quarter", "text")
    done = defaultdict(list)
    for item_id, quarter, text in entries.order_by("report__quarter"):
        done[item_id].append({"quarter": quarter, "text": text})
    for item in items:
        item.fulfilment = done[item.pk]
        item.breaches = by_item.get(item.pk, [])
    revisions = list(
        Pledge.objects.filter(
            campaign_id=pledge.campaign_id,
            department_id=pledge.department_id,
            state=State.PUBLISHED,
        )
        .order_by("revision")
        .only("pk", "revision", "publication_date", "published_at")
    )
    return {
        "pledge": pledge,
        "items": items,
        "revisions": revisions,
        "current": revisions[-1],
        "other_breaches": [b for b in breaches if b.item.pledge_id != pledge.pk],
    }


def feed_pledges(limit=50):
    """Newly published pledges and corrections, newest first."""
    return list(
        _pledges()
        .filter(state=State.PUBLISHED)
        .order_by("-published_at", "-id")
        .prefetch_related(Prefetch("items", queryset=_ordered_items()))[:limit]
    )


# --- the unit's and the center's working pages --------------------------------------------------


def pledge_for_user(user, pk):
    """A pledge `user` works with: own unit's, sub-units' for heads, all for the center; 404
    for another unit's pledge even when it is published (the public page is elsewhere)."""
    return get_visible_or_404(scope_for_user(_pledges(), user), user, pk=pk)


def pledge_page(pledge, user):
    """What the working page of a pledge shows: items, history, revisions, reports, breaches."""
    items = list(_ordered_items().filter(pledge=pledge))
    revisions = list(
        Pledge.objects.filter(campaign_id=pledge.campaign_id, department_id=pledge.department_id)
        .order_by("revision")
        .only("pk", "revision", "state", "supersedes_id")
    )
    reports = list(
        FulfilmentReport.objects.filter(pledge=pledge)
        .order_by("quarter")
        .only("pk", "quarter", "state", "pledge_id", "department_id")
    )
    reported_quarters = set(
        FulfilmentReport.objects.filter(
            campaign_id=pledge.campaign_id, department_id=pledge.department_id
        ).values_list("quarter", flat=True)
    )
    breaches = BrokenPledge.objects.filter(item__pledge=pledge).select_related("item")
    if not is_center(user):
        breaches = breaches.exclude(decision=BrokenPledge.Outcome.PENDING)
    steps = list(history(pledge))
    return {
        "items": items,
        "revisions": revisions,
        "superseded": any(
            r.supersedes_id == pledge.pk and r.state == State.PUBLISHED for r in revisions
        ),
        "reports": reports,
        "reported_quarters": reported_quarters,
        "breaches": list(breaches.order_by("quarter", "item__position")),
        "history": steps,
        "last_return": last_return_in(steps),
    }


def last_return(doc):
    """The comment of the return or sending back that the unit is answering now, if any."""
    return last_return_in(list(history(doc)))


def last_return_in(steps):
    for step in reversed(steps):
        if step.action in ("return", "send_back"):
            return step
        if step.action == "submit":
            return None
    return None


def unit_overview(user, campaign):
    """The pledge revisions and quarterly reports of the user's unit; for a head, the latest
    pledge of each sub-unit."""
    own = list(
        _pledges().filter(campaign=campaign, department_id=user.department_id).order_by("-revision")
    )
    published = next((p for p in own if p.state == State.PUBLISHED), None)
    reports = {
        r.quarter: r
        for r in FulfilmentReport.objects.filter(
            campaign=campaign, department_id=user.department_id
        )
    }
    sub_units = []
    if user.role == user.Role.HEAD:
        units = list(
            Department.objects.filter(supervisor_id=user.department_id, is_active=True).order_by(
                "code"
            )
        )
        latest = {}
        for p in Pledge.objects.filter(campaign=campaign, department__in=units).order_by(
            "revision"
        ):
            latest[p.department_id] = p
        sub_units = [{"department": unit, "pledge": latest.get(unit.pk)} for unit in units]
    return {
        "pledges": own,
        "open": next((p for p in own if p.state != State.PUBLISHED), None),
        "published": published,
        "quarters": [
            {"quarter": q, "deadline": deadline, "report": reports.get(q)}
            for q, deadline in campaign.quarter_deadlines().items()
        ],
        "sub_units": sub_units,
    }


def review_queue():
    """Pledges and fulfilment reports waiting for the center, oldest first."""
    pledges = _pledges().filter(state=State.SUBMITTED).order_by("submitted_at", "id")
    reports = (
        FulfilmentReport.objects.filter(state=State.SUBMITTED)
        .select_related("department", "campaign")
        .order_by("submitted_at", "id")
    )
    return {"pledges": list(pledges), "reports": list(reports)}


def _departments_in_order():
    """Active units, each key department followed by its sub-units."""
    units = list(Department.objects.filter(is_active=True).select_related("supervisor"))
    units.sort(key=lambda d: (d.supervisor.code if d.supervisor else d.code, d.is_sub_unit, d.code))
    return units


def _progress_status(revisions):
    """(status, state of a correction under way) from one unit's (revision, state) pairs."""
    if not revisions:
        return "not_started", None
    latest = max(revisions)[1]
    if any(state in (State.PUBLISHED, State.APPROVED) for _rev, state in revisions):
        return State.PUBLISHED.value, (latest if latest != State.PUBLISHED else None)
    return latest, None


def progress_table(campaign, *, status=""):
    """Unit × pledge status for `campaign`, with the count per status; two queries."""
    states = defaultdict(list)
    for dept_id, revision, state in Pledge.objects.filter(campaign=campaign).values_list(
        "department_id", "revision", "state"
    ):
        states[dept_id].append((revision, state))
    labels = dict(PROGRESS_STATUSES)
    rows = []
    for unit in _departments_in_order():
        unit_status, correction = _progress_status(states.get(unit.pk, []))
        rows.append(
            {
                "department": unit,
                "status": unit_status,
                "status_label": labels[unit_status],
                "correction": State(correction).label if correction else None,
            }
        )
    counts = Counter(row["status"] for row in rows)
    summary = [
        {"status": key, "label": label, "count": counts.get(key, 0)}
        for key, label in PROGRESS_STATUSES
    ]
    if status:
        rows = [row for row in rows if row["status"] == status]
    return {"rows": rows, "summary": summary, "total": sum(counts.values())}


def fulfilment_table(campaign, *, today, quarter=None):
    """Units with a published pledge × quarters: each report's state, and who has not reported
    (nothing reached the center) by each deadline; three queries."""
    pledged = set(
        Pledge.objects.filter(campaign=campaign, state=State.PUBLISHED).values_list(
            "department_id", flat=True
        )
    )
    reports = {
        (dept_id, q): (pk, state)
        for pk, dept_id, q, state in FulfilmentReport.objects.filter(campaign=campaign).values_list(
            "pk", "department_id", "quarter", "state"
        )
    }
    deadlines = campaign.quarter_deadlines()
    quarters = [quarter] if quarter else [1, 2, 3, 4]
    rows, missing, unpledged = [], Counter(), 0
    for unit in _departments_in_order():
        if unit.pk not in pledged:
            unpledged += 1
            continue
        cells = []
        for q in quarters:
            pk, state = reports.get((unit.pk, q), (None, None))
            reported = state in REPORTED_STATES
            if not reported:
                missing[q] += 1
            cells.append(
                {
                    "quarter": q,
                    "report_pk": pk,
                    "state": State(state).label if state else None,
                    "reported": reported,
                    "overdue": not reported and today > deadlines[q],
                }
            )
        rows.append({"department": unit, "cells": cells})
    if quarter:
        rows = [row for row in rows if not row["cells"][0]["reported"]]
    return {
        "rows": rows,
        "quarters": [
            {"quarter": q, "deadline": deadlines[q], "missing": missing[q]} for q in quarters
        ],
        "unpledged": unpledged,
    }


def report_for_user(user, pk):
    reports = FulfilmentReport.objects.select_related(
        "department__supervisor", "campaign", "pledge__department", "pledge__campaign"
    )
    return get_visible_or_404(scope_for_user(reports, user), user, pk=pk)


def report_page(report):
    """The report's entries, each with its item and its evidence, and the history."""
    entries = list(report.entries.select_related("item").order_by("item__position", "item_id"))
    evidence = attachments_by_owner(FulfilmentEntry, [entry.pk for entry in entries])
    for entry in entries:
        entry.evidence = evidence.get(entry.pk, [])
    steps = list(history(report))
    return {"entries": entries, "history": steps, "last_return": last_return_in(steps)}


def attachments_by_owner(model, ids):
    """{owner id: [attachments]} for many owners of one model, in one query."""
    grouped = defaultdict(list)
    rows = Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(model), owner_id__in=ids
    ).order_by("created_at", "id")
    for attachment in rows:
        grouped[attachment.owner_id].append(attachment)
    return grouped


def _breaches():
    return BrokenPledge.objects.select_related(
        "item__pledge",
        "department",
        "campaign",
        "recorded_by",
        "decided_by",
        "notice",
        "score_entry",
    )


def breaches_for_user(user):
    """Center: every record; a unit: its decided records (pending ones stay with the center)."""
    breaches = scope_for_user(_breaches(), user)
    if not is_center(user):
        breaches = breaches.exclude(decision=BrokenPledge.Outcome.PENDING)
    return breaches


def breach_for_user(user, pk):
    return get_visible_or_404(breaches_for_user(user), user, pk=pk)


def breach_queue():
    pending = (
        _breaches().filter(decision=BrokenPledge.Outcome.PENDING).order_by("recorded_at", "id")
    )
    decided = _breaches().exclude(decision=BrokenPledge.Outcome.PENDING).order_by("-recorded_at")
    return {"pending": list(pending), "decided": list(decided[:50])}
