"""The public statistics of a campaign year, and the public typical cases.

Every figure is computed in SQL: one query for kind × month, one for the units' counts,
outcomes and timeliness, one for their satisfaction, one each for the notices and typical
cases — the same number whatever the number of cases (asserted at 50 and 5,000).

Rules (decisions where the issue was silent; the page states them in short):
- Cases counted: the campaign's complaints except those merged into another case (the matter is
  counted once, in the case it joined).
- Outcome: still being handled (an open status) / not accepted / the conclusion's finding.
- On time. A case counts for timeliness once its unit's reply arrived or it was concluded
  (status replied or later, or a conclusion recorded): it is on time unless `was_late` (set once,
  when the reply or the direct conclusion came after its deadline). A case still waiting for
  the unit's reply (forwarded) or for the center's direct conclusion (direct) whose deadline
  (reply_due / close_due) has passed counts as late already. Other cases (not yet forwarded,
  not accepted, waiting and not yet due) do not count. Rate = on time / counted.
- Satisfaction. Per case, the latest follow-up (回访) only; per unit, the mean level (1–5) and
  the share satisfied (levels 3–5: 基本满意 and better).
- Ranking. A unit is ranked on a measure only when at least MIN_RANKED of its cases count for
  that measure (5 rated cases for timeliness, 5 followed-up cases for satisfaction): a rate over
  one or two cases says nothing. Units with fewer are listed in the table of counts, unranked.
- Nothing identifies a complainant: the queries read no description, answer or Complainant.
"""

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import ExtractMonth
from django.http import Http404
from django.utils import timezone

from efficiency_center.notices import PublicNotice

from ..models import OPEN_STATUSES, Complaint, Finding, FollowUp, Kind, Status, TypicalCase
from .desk import governing_due

S = Status
MIN_RANKED = 5
SATISFIED_FROM = 3
# A reply arrived or the case was concluded: its timeliness is known.
HANDLED_STATUSES = (S.REPLIED, S.CONCLUDING, S.PROPOSED, S.CONCLUDED, S.ANSWERED, S.CLOSED)
# Waiting for the one who is held to `was_late`'s deadline: the unit, or the center (直查).
WAITING_STATUSES = (S.FORWARDED, S.DIRECT)
OUTCOMES = ("true", "partly_true", "false", "not_accepted", "open")


def counted_cases(campaign):
    return Complaint.objects.filter(campaign=campaign).exclude(status=S.MERGED)


def outcome_filters():
    closed = ~Q(status__in=OPEN_STATUSES)
    return {
        "true": closed & Q(finding=Finding.TRUE),
        "partly_true": closed & Q(finding=Finding.PARTLY_TRUE),
        "false": closed & Q(finding=Finding.FALSE),
        "not_accepted": Q(status=S.NOT_ACCEPTED),
        "open": Q(status__in=OPEN_STATUSES),
    }


def timeliness_filters(today):
    handled = Q(status__in=HANDLED_STATUSES) | Q(concluded_at__isnull=False)
    waiting_late = Q(status__in=WAITING_STATUSES, due__lt=today)
    return {
        "rated": handled | waiting_late,
        "on_time": handled & Q(was_late=False) & ~waiting_late,
    }


def by_kind_and_month(campaign):
    """{kind: count} in Kind's order and [count of month 1..12], from one query."""
    rows = (
        counted_cases(campaign)
        .annotate(month=ExtractMonth("filed_at"))
        .values_list("kind", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    kinds = dict.fromkeys(Kind.values, 0)
    months = [0] * 12
    for kind, month, n in rows:
        kinds[kind] = kinds.get(kind, 0) + n
        months[month - 1] += n
    return kinds, months


def latest_follow_ups(campaign):
    """Each counted case's latest follow-up (no later one, by time then id, exists)."""
    later = FollowUp.objects.filter(complaint=OuterRef("complaint")).filter(
        Q(created_at__gt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk"))
    )
    return (
        FollowUp.objects.filter(complaint__campaign=campaign)
        .exclude(complaint__status=S.MERGED)
        .exclude(Exists(later))
    )


def satisfaction_by_unit(campaign):
    """{department id: (cases followed up, of them satisfied, sum of levels)} in one query."""
    rows = (
        latest_follow_ups(campaign)
        .values_list("complaint__department_id")
        .annotate(
            n=Count("pk"),
            satisfied=Count("pk", filter=Q(satisfaction__gte=SATISFIED_FROM)),
            level_sum=Sum("satisfaction"),
        )
        .order_by()
    )
    return {unit: (n, satisfied, level_sum) for unit, n, satisfied, level_sum in rows}


def by_unit(campaign, today=None):
    """One row per unit complained of (None: not known yet), with its counts, outcomes,
    timeliness (one query) and satisfaction (a second one)."""
    today = today or timezone.localdate()
    timeliness = timeliness_filters(today)
    aggregates = {f"n_{key}": Count("pk", filter=q) for key, q in outcome_filters().items()}
    aggregates.update({key: Count("pk", filter=q) for key, q in timeliness.items()})
    rows = list(
        counted_cases(campaign)
        .annotate(due=governing_due())
        .values("department_id")
        .annotate(
            code=F("department__code"),
            name=F("department__short_name"),
            total=Count("pk"),
            **aggregates,
        )
        .order_by("-total", "code")
    )
    satisfaction = satisfaction_by_unit(campaign)
    for row in rows:
        followed_up, satisfied, level_sum = satisfaction.get(row["department_id"], (0, 0, 0))
        row.update(followed_up=followed_up, satisfied=satisfied, level_sum=level_sum)
        row["mean_satisfaction"] = _mean(level_sum, followed_up)
        row["on_time_rate"] = _share(row["on_time"], row["rated"])
        row["satisfied_share"] = _share(satisfied, followed_up)
    return rows


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _mean(total, count):
    return round(total / count, 2) if count else None


def rankings(units):
    """The units ranked on timeliness and on satisfaction (only those with enough cases)."""
    known = [row for row in units if row["department_id"] is not None]
    on_time = sorted(
        (row for row in known if row["rated"] >= MIN_RANKED),
        key=lambda row: (-row["on_time_rate"], -row["rated"], row["code"]),
    )
    satisfaction = sorted(
        (row for row in known if row["followed_up"] >= MIN_RANKED),
        key=lambda row: (-row["mean_satisfaction"], -row["satisfied_share"], row["code"]),
    )
    return on_time, satisfaction


def totals(units):
    keys = ("total", "rated", "on_time", "followed_up", "satisfied", "level_sum")
    result = {key: sum(row[key] for row in units) for key in keys}
    result["outcomes"] = {key: sum(row[f"n_{key}"] for row in units) for key in OUTCOMES}
    result["on_time_rate"] = _share(result["on_time"], result["rated"])
    result["satisfied_share"] = _share(result["satisfied"], result["followed_up"])
    result["mean_satisfaction"] = _mean(result["level_sum"], result["followed_up"])
    return result


def complaint_notices(campaign, limit=20):
    """The campaign's public notices caused by a complaint (no ContentType cache involved)."""
    return list(
        PublicNotice.objects.filter(
            campaign=campaign,
            cause_type__app_label="complaints",
            cause_type__model="complaint",
        )
        .select_related("department")
        .only("title", "published_at", "department__name", "department__short_name")
        .order_by("-published_at", "-id")[:limit]
    )


def statistics(campaign, today=None):
    kinds, months = by_kind_and_month(campaign)
    units = by_unit(campaign, today)
    on_time, satisfaction = rankings(units)
    return {
        "by_kind": kinds,
        "by_month": months,
        "units": units,
        "on_time_ranking": on_time,
        "satisfaction_ranking": satisfaction,
        "totals": totals(units),
        "notices": complaint_notices(campaign),
        "typical_cases": list(public_typical_cases(campaign=campaign)[:20]),
    }


# --- typical cases (典型案例曝光) ----------------------------------------------------------------

# What the public sees of a typical case: its own text and the case's unit, year and finding.
PUBLIC_TYPICAL_FIELDS = (
    "title",
    "body",
    "published_at",
    "complaint__finding",
    "complaint__department__name",
    "complaint__department__short_name",
    "complaint__campaign__year",
)


def public_typical_cases(campaign=None):
    queryset = (
        TypicalCase.objects.filter(published_at__lte=timezone.now())
        .select_related("complaint", "complaint__department", "complaint__campaign")
        .only(*PUBLIC_TYPICAL_FIELDS)
        .order_by("-published_at", "-id")
    )
    if campaign is not None:
        queryset = queryset.filter(complaint__campaign=campaign)
    return queryset


def public_typical_case(pk):
    typical = public_typical_cases().filter(pk=pk).first()
    if typical is None:
        raise Http404
    return typical
