"""The clerk's desk: the queues, their counts and the export's rows, each in one SQL query.

A queue is a Q object over an annotated queryset, so that the list of a queue and the counts of
every queue are one query each whatever the number of cases (asserted in
tests/complaints/test_desk.py at 50 and 5,000 cases):

- `due`: the governing deadline, in SQL — acceptance_due while the case is registered,
  reply_due while the unit has it (forwarded), close_due otherwise (None if none runs yet).
- `timing`: how an open case stands against `due` today (deadlines.Timing's values; None for a
  case that is not open or has no deadline), with the same rule as deadlines.timing().
- `followed_up`: a follow-up (回访) was recorded on or after the day the case was (last)
  answered, so that a case reopened for re-examination and answered again needs a new one.

Decisions where the issue was silent (documented here, relied on by the tests):
- "Waiting for follow-up" is an answered real-name case without a follow-up since its answer:
  the clerk must call the complainant before closing it (every real-name case gets one). An
  answered case that is anonymous (nobody to call; they may rate it on the query page) or
  already followed up is "ready to close". A concluded case is not yet waiting for a follow-up:
  the complainant must be answered first ("to answer").
- Two stages the issue's list leaves out get their own tab so that every case is in a stage
  tab: "to route" (accepted, neither forwarded nor investigated yet) and "to answer"
  (concluded). Not accepted and merged cases are together in one finished tab beside "closed".
- Counts follow the filters: with a unit chosen, every tab counts that unit's cases.
- The desk never reads the complainant's identity: rows come from Complaint alone.
"""

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import deadlines
from ..models import OPEN_STATUSES, Complaint, FollowUp, Status

Timing = deadlines.Timing
S = Status


def governing_due():
    """The deadline the case is held to now, as an SQL expression."""
    return Case(
        When(status=S.REGISTERED, then=F("acceptance_due")),
        When(status=S.FORWARDED, then=F("reply_due")),
        default=F("close_due"),
        output_field=DateField(),
    )


def timing_expression(today, soon):
    """deadlines.timing() in SQL, over the `due` annotation."""
    is_open = Q(status__in=OPEN_STATUSES, due__isnull=False)
    return Case(
        When(is_open & Q(very_overdue_on__lte=today), then=Value(Timing.VERY_OVERDUE)),
        When(is_open & Q(due__lt=today), then=Value(Timing.OVERDUE)),
        When(is_open & Q(due__lte=soon), then=Value(Timing.DUE_SOON)),
        When(is_open, then=Value(Timing.ON_TIME)),
        default=None,
        output_field=CharField(),
    )


def followed_up():
    return Exists(
        FollowUp.objects.filter(
            complaint=OuterRef("pk"), created_at__date__gte=OuterRef("answered_on")
        )
    )


# (key, label, group) in the order the tabs are shown; group "stage" or "deadline".
QUEUES = (
    ("new", _("New"), "stage"),
    ("to_accept", _("Waiting for acceptance"), "stage"),
    ("to_route", _("To route"), "stage"),
    ("declined", _("Returned by a unit"), "stage"),
    ("with_units", _("With units"), "stage"),
    ("replies", _("Replies to check"), "stage"),
    ("to_conclude", _("To conclude"), "stage"),
    ("proposed", _("Awaiting a leader"), "stage"),
    ("to_answer", _("To answer"), "stage"),
    ("follow_up", _("Waiting for follow-up"), "stage"),
    ("to_close", _("Ready to close"), "stage"),
    ("closed", _("Closed"), "stage"),
    ("not_accepted", _("Not accepted or merged"), "stage"),
    ("all", _("All"), "stage"),
    ("due_soon", _("Due in 3 working days"), "deadline"),
    ("overdue", _("Overdue"), "deadline"),
    ("very_overdue", _("Very overdue"), "deadline"),
)
QUEUE_KEYS = tuple(key for key, _label, _group in QUEUES)
DEFAULT_QUEUE = "to_accept"


def queue_filters(today, soon):
    """Each queue's condition over the annotated queryset (see annotated())."""
    is_open = Q(status__in=OPEN_STATUSES)
    return {
        "new": Q(status=S.REGISTERED, opened_at__isnull=True),
        "to_accept": Q(status=S.REGISTERED),
        "to_route": Q(status=S.ACCEPTED),
        "declined": Q(status=S.DECLINED),
        "with_units": Q(status=S.FORWARDED),
        "replies": Q(status=S.REPLIED),
        "to_conclude": Q(status__in=(S.CONCLUDING, S.DIRECT)),
        "proposed": Q(status=S.PROPOSED),
        "to_answer": Q(status=S.CONCLUDED),
        "follow_up": Q(status=S.ANSWERED, is_anonymous=False, followed_up=False),
        "to_close": Q(status=S.ANSWERED) & (Q(is_anonymous=True) | Q(followed_up=True)),
        "closed": Q(status=S.CLOSED),
        "not_accepted": Q(status__in=(S.NOT_ACCEPTED, S.MERGED)),
        "all": Q(),
        "due_soon": is_open & Q(due__gte=today, due__lte=soon),
        "overdue": is_open & Q(due__lt=today),
        "very_overdue": is_open & Q(very_overdue_on__lte=today),
    }


def annotated(queryset, today, soon):
    return queryset.annotate(due=governing_due(), followed_up=followed_up()).annotate(
        timing=timing_expression(today, soon)
    )


def filtered(filters, *, user=None):
    """The cases matching the desk's filters (a DeskFilterForm's cleaned_data). The free text
    matches the case number, and the description for center users only."""
    queryset = Complaint.objects.all()
    filters = filters or {}
    if filters.get("unit"):
        queryset = queryset.filter(department=filters["unit"])
    for name in ("kind", "channel", "finding"):
        if filters.get(name):
            queryset = queryset.filter(**{name: filters[name]})
    if filters.get("filed_from"):
        queryset = queryset.filter(filed_at__date__gte=filters["filed_from"])
    if filters.get("filed_to"):
        queryset = queryset.filter(filed_at__date__lte=filters["filed_to"])
    text = (filters.get("q") or "").strip()
    if text:
        match = Q(number__icontains=text)
        if user is not None and user.is_authenticated and user.is_center_user:
            match |= Q(description__icontains=text)
        queryset = queryset.filter(match)
    return queryset


def desk(filters, queue, *, user, today=None):
    """The desk's data: the counts of every queue (one query) and the current queue's
    queryset, newest first, with what a row shows (the unit by select_related)."""
    today = today or timezone.localdate()
    soon = deadlines.due_soon_until(today)
    conditions = queue_filters(today, soon)
    if queue not in conditions:
        queue = DEFAULT_QUEUE
    base = annotated(filtered(filters, user=user), today, soon)
    counts = base.aggregate(
        **{f"n_{key}": Count("pk", filter=condition) for key, condition in conditions.items()}
    )
    rows = (
        base.filter(conditions[queue])
        .select_related("department")
        .only(*ROW_FIELDS)
        .order_by("-filed_at", "-id")
    )
    tabs = [
        {"key": key, "label": label, "group": group, "count": counts[f"n_{key}"]}
        for key, label, group in QUEUES
    ]
    return {"queue": queue, "tabs": tabs, "rows": rows, "count": counts[f"n_{queue}"]}


# What a row needs: never the description or anything about the complainant.
ROW_FIELDS = (
    "number",
    "filed_at",
    "channel",
    "kind",
    "status",
    "department__name",
    "department__short_name",
    "acceptance_due",
    "reply_due",
    "close_due",
    "very_overdue_on",
    "answered_on",
    "is_anonymous",
)


# --- export -----------------------------------------------------------------------------------

# The columns export_row expects (complaints/spreadsheets.py), in order. No column identifies the
# complainant: not the name, phone, address, nor the description (which may name them).
EXPORT_FIELDS = (
    "number",
    "filed_at",
    "channel",
    "kind",
    "department__name",
    "status",
    "acceptance_due",
    "reply_due",
    "close_due",
    "was_late",
    "finding",
    "answered_on",
    "last_satisfaction",
    "closed_at",
)


def latest_satisfaction():
    return Subquery(
        FollowUp.objects.filter(complaint=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("satisfaction")[:1]
    )


def export_values(filters, queue, *, user, today=None, chunk_size=2000):
    """The current queue under the current filters as EXPORT_FIELDS tuples, streamed from the
    database in chunks (constant memory whatever the number of cases)."""
    today = today or timezone.localdate()
    soon = deadlines.due_soon_until(today)
    conditions = queue_filters(today, soon)
    condition = conditions.get(queue, conditions[DEFAULT_QUEUE])
    return (
        annotated(filtered(filters, user=user), today, soon)
        .filter(condition)
        .annotate(last_satisfaction=latest_satisfaction())
        .order_by("-filed_at", "-id")
        .values_list(*EXPORT_FIELDS)
        .iterator(chunk_size=chunk_size)
    )
