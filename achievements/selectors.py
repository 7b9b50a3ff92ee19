"""Reads: querysets with their joins, aggregates in SQL, bounded query counts."""

from django.db.models import Count, Min, Prefetch, Q, Sum
from django.http import Http404
from django.utils import timezone

from efficiency_center.models import Department
from efficiency_center.permissions import scope_for_user
from efficiency_center.review import State
from efficiency_center.uploads import attachments_of
from efficiency_center.workflow import history

from .models import (
    FIGURE_FIELDS,
    VERIFIED_STATES,
    Achievement,
    Category,
    Objection,
    PublicityBatch,
)
from .spreadsheets import EXPORT_FIELDS

LIST_RELATED = ("department", "department__supervisor", "category", "batch")


def with_related(queryset):
    return queryset.select_related(*LIST_RELATED)


# --- the units' and the center's pages --------------------------------------------------------


def achievement_for_user(user, pk):
    """One achievement on the work pages: the center reads all, a unit user their unit's (a head
    also the sub-units'). Anything else answers 404, like a missing one, even when the
    achievement is public: the public reads it on its public page."""
    achievement = (
        with_related(scope_for_user(Achievement.objects.all(), user))
        .select_related("campaign", "created_by")
        .filter(pk=pk)
        .first()
    )
    if achievement is None:
        raise Http404
    return achievement


def achievement_page(achievement):
    return {
        "history": list(history(achievement)),
        "attachments": list(attachments_of(achievement).select_related("uploaded_by")),
        "objections": list(
            achievement.objections.select_related("answered_by").order_by("created_at", "id")
        ),
    }


def last_return_comment(achievement):
    """Why a returned achievement came back (shown above the edit form)."""
    if achievement.state != State.RETURNED:
        return ""
    last = history(achievement).filter(action__in=("return", "send_back")).last()
    return last.comment if last else ""


def unit_achievements(user, campaign):
    """The user's unit's achievements (a head's also its sub-units'), newest quarter first."""
    queryset = scope_for_user(Achievement.objects.filter(campaign=campaign), user)
    return with_related(queryset).order_by("-quarter", "department__code", "-created_at", "-id")


def review_queue(campaign, quarter):
    """The clerk's lists for one quarter, one query each."""
    base = with_related(Achievement.objects.filter(campaign=campaign, quarter=quarter))
    pending_objections = Count("objections", filter=Q(objections__outcome=""))
    return {
        "to_verify": list(
            base.filter(state=State.SUBMITTED, not_accepted_at=None).order_by("submitted_at", "id")
        ),
        "verified": list(
            base.filter(state=State.APPROVED, batch=None).order_by(
                "-is_typical", "department__code"
            )
        ),
        "on_display": list(
            base.filter(batch__isnull=False)
            .annotate(pending_objections=pending_objections)
            .order_by("batch__starts", "department__code")
        ),
    }


def typical_not_on_display(campaign, quarter):
    """Typical achievements of a quarter that no public display batch holds yet."""
    return with_related(
        Achievement.objects.filter(
            campaign=campaign, quarter=quarter, state=State.APPROVED, is_typical=True, batch=None
        )
    ).order_by("department__code", "id")


def pending_objections(campaign=None):
    queryset = Objection.objects.filter(outcome=Objection.Outcome.PENDING).select_related(
        "achievement", "achievement__department", "achievement__batch"
    )
    if campaign is not None:
        queryset = queryset.filter(achievement__campaign=campaign)
    return queryset.order_by("created_at", "id")


def objection_for_center(pk):
    objection = (
        Objection.objects.select_related(
            "achievement",
            "achievement__department",
            "achievement__batch",
            "achievement__campaign",
            "answered_by",
        )
        .filter(pk=pk)
        .first()
    )
    if objection is None:
        raise Http404
    return objection


def desk_matrix(campaign, today=None):
    """Unit × quarter: filed (on time), late, missing (deadline passed, nothing filed) or open.
    Two queries whatever the number of units."""
    today = today or timezone.localdate()
    deadlines = campaign.quarter_deadlines()
    filed = {}
    rows = (
        Achievement.objects.filter(campaign=campaign, filed_at__isnull=False)
        .values_list("department_id", "quarter")
        .annotate(first=Min("filed_at"), count=Count("id"))
        .order_by()
    )
    for department_id, quarter, first, count in rows:
        filed[department_id, quarter] = (first, count)
    matrix = []
    for unit in Department.objects.filter(is_active=True).order_by("code"):
        cells = []
        for quarter, deadline in deadlines.items():
            first, count = filed.get((unit.pk, quarter), (None, 0))
            if first is not None:
                status = "late" if timezone.localdate(first) > deadline else "filed"
            else:
                status = "missing" if today > deadline else "open"
            cells.append({"quarter": quarter, "status": status, "count": count})
        matrix.append({"unit": unit, "cells": cells})
    return matrix


def export_values(campaign, quarter):
    """The export's rows as EXPORT_FIELDS tuples, streamed from the database."""
    return (
        Achievement.objects.filter(campaign=campaign, quarter=quarter)
        .order_by("department__code", "created_at", "id")
        .values_list(*EXPORT_FIELDS)
        .iterator(chunk_size=2000)
    )


def categories(campaign):
    return Category.objects.filter(campaign=campaign, is_active=True)


# --- public pages ------------------------------------------------------------------------------


def verified(campaign):
    return Achievement.objects.filter(campaign=campaign, state__in=VERIFIED_STATES)


def real_deed_candidates(campaign):
    """The candidates for 十件实事: every verified achievement of the campaign (typical ones
    first), for the year-end selection."""
    return with_related(verified(campaign)).order_by(
        "-is_typical", "quarter", "department__code", "id"
    )


def competition(campaign, quarter):
    """The quarterly ranking, computed in SQL: one query for the units, one for the categories,
    whatever the number of achievements."""
    figure_sums = {f"sum_{name}": Sum(name) for name in FIGURE_FIELDS}
    ranking = list(
        verified(campaign)
        .filter(quarter=quarter)
        .values("department_id", "department__code", "department__short_name")
        .annotate(
            verified=Count("id"),
            typical=Count("id", filter=Q(is_typical=True)),
            service_101=Count("id", filter=Q(is_101=True)),
            **figure_sums,
        )
        .order_by("-verified", "-typical", "-service_101", "department__code")
    )
    by_category = list(
        verified(campaign)
        .filter(quarter=quarter)
        .values("category__name")
        .annotate(count=Count("id"))
        .order_by("-count", "category__name")
    )
    totals = {
        "units": len(ranking),
        "verified": sum(row["verified"] for row in ranking),
        "typical": sum(row["typical"] for row in ranking),
        "service_101": sum(row["service_101"] for row in ranking),
    }
    return {"ranking": ranking, "by_category": by_category, "totals": totals}


def unit_year(campaign, department):
    """A unit's verified achievements of the campaign's year, for its public page."""
    return list(
        with_related(verified(campaign).filter(department=department)).order_by(
            "quarter", "-is_typical", "id"
        )
    )


def public_achievement(pk):
    """A verified achievement (in 公示 or not); anything else answers 404 to the public."""
    achievement = (
        Achievement.objects.select_related("department", "category", "batch", "campaign")
        .filter(pk=pk, state__in=VERIFIED_STATES)
        .first()
    )
    if achievement is None:
        raise Http404
    return achievement


def dismissed_objections(achievement):
    """What the public sees of objections: the dismissed ones with their answers, no names."""
    return list(
        achievement.objections.filter(outcome=Objection.Outcome.DISMISSED)
        .only("text", "answer", "created_at", "answered_at", "achievement_id")
        .order_by("created_at", "id")
    )


def publicity_batches(*, limit=6):
    """The latest batches with what the public may see, in three queries: the batches, their
    typical achievements on display (with pending objection counts), and the dismissed
    objections with their answers."""
    public_objections = Objection.objects.filter(outcome=Objection.Outcome.DISMISSED).only(
        "text", "answer", "created_at", "answered_at", "achievement_id"
    )
    on_display = (
        Achievement.objects.filter(state=State.PUBLISHED, is_typical=True)
        .select_related("department", "category")
        .annotate(pending_count=Count("objections", filter=Q(objections__outcome="")))
        .prefetch_related(
            Prefetch("objections", queryset=public_objections, to_attr="public_objections")
        )
        .order_by("department__code", "id")
    )
    return list(
        PublicityBatch.objects.select_related("campaign")
        .annotate(withdrawn=Count("achievements", filter=Q(achievements__is_typical=False)))
        .prefetch_related(Prefetch("achievements", queryset=on_display, to_attr="on_display"))
        .order_by("-starts", "-id")[:limit]
    )
