"""The ledger as the assessment reads it: the unit × kind table, the entries behind each figure
and the cause of each entry.

A reversal counts in the column of the kind it reverses; a unit's bonus is capped at the
campaign's `bonus_cap` when totalled, as `scoring.department_totals` does. Every read here runs
a fixed number of queries, whatever the number of units and entries.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from efficiency_center.models import Department
from efficiency_center.scoring import BONUS_KINDS, ScoreEntry, ScoreKind

ZERO = Decimal(0)
KIND_COLUMNS = [kind for kind in ScoreKind if kind != ScoreKind.REVERSAL]
DEDUCTION_KINDS = [kind for kind in KIND_COLUMNS if kind not in BONUS_KINDS]
# Drill-down filters beyond the single kinds: the deduction side and the bonus side.
KIND_GROUPS = {"deductions": DEDUCTION_KINDS, "bonus": list(BONUS_KINDS)}
SHORT_LABELS = {
    ScoreKind.PLEDGE_BROKEN: _("Pledges not kept"),
    ScoreKind.COMPLAINT_TRUE: _("Complaints true"),
    ScoreKind.COMPLAINT_PARTLY_TRUE: _("Complaints partly true"),
    ScoreKind.REPORT_LATE: _("Late reports"),
    ScoreKind.REPLY_OVERDUE: _("Overdue replies"),
    ScoreKind.BEST_MEASURE: _("Best measures"),
    ScoreKind.REAL_DEED: _("Real deeds"),
    ScoreKind.TYPICAL_FORWARDED: _("Typical forwarded"),
}


def kind_columns():
    """The table's kind columns in order: value, short label, full label, side."""
    return [
        {
            "kind": kind.value,
            "short": SHORT_LABELS[kind],
            "label": kind.label,
            "is_bonus": kind in BONUS_KINDS,
        }
        for kind in KIND_COLUMNS
    ]


def kinds_for_filter(kind):
    """The ScoreKind values a drill-down `kind` parameter stands for ([] for none or unknown)."""
    if kind in KIND_GROUPS:
        return [k.value for k in KIND_GROUPS[kind]]
    if kind in {k.value for k in KIND_COLUMNS}:
        return [kind]
    return []


def filter_label(kind):
    if kind == "deductions":
        return _("Deductions")
    if kind == "bonus":
        return _("Bonus points")
    if kind:
        return ScoreKind(kind).label
    return _("All entries")


@dataclass
class UnitScore:
    """One unit's figures: points per kind (reversals on the side they reverse), the bonus
    asked (what the live bonus entries earned before the cap), and the totals."""

    cap: Decimal
    by_kind: dict = field(default_factory=lambda: {kind.value: ZERO for kind in KIND_COLUMNS})
    bonus_asked: Decimal = ZERO

    def add(self, kind, points, asked=None):
        self.by_kind[kind] += points
        if kind in BONUS_KINDS and asked is not None:
            self.bonus_asked += asked

    @property
    def deductions(self):
        return sum((self.by_kind[kind] for kind in DEDUCTION_KINDS), ZERO)

    @property
    def bonus_recorded(self):
        return sum((self.by_kind[kind] for kind in BONUS_KINDS), ZERO)

    @property
    def bonus(self):
        """The bonus that counts: what was recorded, at most the cap."""
        return min(self.bonus_recorded, self.cap)

    @property
    def total(self):
        return self.deductions + self.bonus

    @property
    def cap_applied(self):
        """The cap took something: asked more than granted, or recorded more than it allows."""
        return self.bonus_asked > self.bonus_recorded or self.bonus_recorded > self.cap

    @property
    def cells(self):
        return [{"kind": kind.value, "points": self.by_kind[kind]} for kind in KIND_COLUMNS]

    @property
    def has_entries(self):
        return any(self.by_kind.values())


def campaign_scores(campaign):
    """{department_id: UnitScore} of every unit with entries in the campaign: one query."""
    rows = (
        ScoreEntry.objects.filter(campaign=campaign)
        .values_list("department_id", "kind", "reverses__kind")
        .annotate(
            points=Sum("points"),
            # What a bonus entry asked counts while it stands (a reversed one asks nothing).
            asked=Sum("points_asked", filter=Q(reversed_by__isnull=True)),
        )
        .order_by()
    )
    scores = {}
    for department_id, kind, reversed_kind, points, asked in rows:
        score = scores.get(department_id) or scores.setdefault(
            department_id, UnitScore(cap=campaign.bonus_cap)
        )
        score.add(reversed_kind or kind, points, asked)
    return scores


def score_of_entries(entries, cap):
    """A UnitScore from loaded entries (with `reverses` and the `reversal` attribute set)."""
    score = UnitScore(cap=cap)
    for entry in entries:
        kind = entry.reverses.kind if entry.reverses_id else entry.kind
        asked = entry.points_asked if entry.reversal is None else None
        score.add(kind, entry.points, asked)
    return score


def _units_in_order(extra_ids):
    """Active units (and any inactive one with entries): each key department followed by its
    sub-units; sub-units without a listed supervisor come last."""
    units = list(
        Department.objects.filter(Q(is_active=True) | Q(pk__in=extra_ids))
        .only("code", "name", "short_name", "kind", "supervisor_id", "is_active")
        .order_by("code")
    )
    keys = [unit for unit in units if not unit.is_sub_unit]
    key_ids = {unit.pk for unit in keys}
    subs = defaultdict(list)
    orphans = []
    for unit in units:
        if unit.is_sub_unit:
            (subs[unit.supervisor_id] if unit.supervisor_id in key_ids else orphans).append(unit)
    ordered = []
    for key in keys:
        ordered.append((key, 0))
        ordered.extend((sub, 1) for sub in subs[key.pk])
    ordered.extend((unit, 1) for unit in orphans)
    return ordered


def assessment_table(campaign):
    """Rows of unit × kind with totals, grouped by supervisor, and the county's sums; two
    queries whatever the number of units or entries."""
    scores = campaign_scores(campaign)
    rows = []
    county = UnitScore(cap=campaign.bonus_cap)
    for unit, level in _units_in_order(list(scores)):
        score = scores.get(unit.pk) or UnitScore(cap=campaign.bonus_cap)
        rows.append({"unit": unit, "level": level, "score": score})
        for kind, points in score.by_kind.items():
            county.by_kind[kind] += points
        county.bonus_asked += score.bonus_asked
    return {
        "rows": rows,
        "county": {
            "cells": county.cells,
            "deductions": county.deductions,
            "bonus": sum((row["score"].bonus for row in rows), ZERO),
            "bonus_asked": county.bonus_asked,
            "total": sum((row["score"].total for row in rows), ZERO),
        },
        "columns": kind_columns(),
        "cap": campaign.bonus_cap,
    }


# --- entries and their causes ------------------------------------------------------------------


def ledger_entries(campaign, *, department=None, kind=""):
    """The campaign's entries (of one unit, of one kind or side: reversals included), oldest
    first, with everything their rows show but the cause."""
    entries = ScoreEntry.objects.filter(campaign=campaign).select_related(
        "department",
        "cause_type",
        "recorded_by",
        "confirmed_by",
        "reverses",
        "reversed_by",
    )
    if department is not None:
        entries = entries.filter(department=department)
    kinds = kinds_for_filter(kind)
    if kinds:
        entries = entries.filter(Q(kind__in=kinds) | Q(reverses__kind__in=kinds))
    return entries.order_by("created_at", "id")


def entries_sum(entries):
    return entries.aggregate(total=Sum("points"))["total"] or ZERO


LATE_FILING = "efficiency_center.latefiling"
# Joins each cause model needs for its str() and its page; other models get their direct
# foreign keys.
CAUSE_RELATED = {
    "pledges.brokenpledge": ("department", "item"),
    "achievements.achievement": (),
    "practice_projects.project": ("current",),
    "complaints.complaint": (),
    "selection.award": ("campaign",),
    LATE_FILING: ("campaign",),
}
# A late filing links to the record it was due for (a complaint's reply), when there is one.
CAUSE_PREFETCH = {LATE_FILING: ("subject",)}


def cause_url(cause, label, *, center=True):
    """The cause's page; for a cause without one, the center's desk that lists it (only for
    center users: a unit would be refused there)."""
    if cause is None:
        return ""
    if label == LATE_FILING:
        if not cause.subject_id:  # its source's desk
            return cause.get_absolute_url() if center else ""
        cause = cause.subject
    if not center and hasattr(cause, "get_unit_url"):
        return cause.get_unit_url()
    if hasattr(cause, "get_absolute_url"):
        return cause.get_absolute_url()
    return ""


# Causes read only for their str() and page: a complaint by its number, never its description.
CAUSE_ONLY = {"complaints.complaint": ("id", "number", "campaign_id", "department_id")}


def _cause_queryset(model, label):
    related = CAUSE_RELATED.get(label)
    if related is None:
        related = [
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and (f.many_to_one or f.one_to_one)
        ]
    queryset = model._base_manager.all()
    if label in CAUSE_ONLY:
        queryset = queryset.only(*CAUSE_ONLY[label])
    if label in CAUSE_PREFETCH:
        queryset = queryset.prefetch_related(*CAUSE_PREFETCH[label])
    return queryset.select_related(*related) if related else queryset


def choice_labels(choices):
    """{value: label} translated once: get_FOO_display() costs ~0.1 ms a call (it hashes the
    lazy choices each time), which a page of a thousand rows notices."""
    return {value: str(label) for value, label in choices}


def attach_causes(entries, *, center=True):
    """Set `cause_object`, `cause_text`, `cause_url`, `reversal`, `kind_label` and
    `reverses_kind_label` on each loaded entry: one query per kind of cause among them.
    Returns the entries."""
    kind_labels = choice_labels(ScoreKind.choices)
    wanted = defaultdict(set)
    for entry in entries:
        wanted[entry.cause_type_id].add(entry.cause_id)
    found = {}
    types = {entry.cause_type_id: entry.cause_type for entry in entries}
    for type_id, ids in wanted.items():
        content_type = types[type_id]
        model = content_type.model_class()
        if model is None:  # the app that wrote it is gone
            continue
        label = f"{content_type.app_label}.{content_type.model}"
        for cause in _cause_queryset(model, label).filter(pk__in=ids):
            found[type_id, cause.pk] = (cause, label)
    for entry in entries:
        cause, label = found.get((entry.cause_type_id, entry.cause_id), (None, ""))
        entry.cause_object = cause
        entry.cause_text = str(cause) if cause is not None else _("(removed)")
        entry.cause_url = cause_url(cause, label, center=center)
        model = entry.cause_type.model_class()
        entry.cause_model = model._meta.verbose_name if model is not None else ""
        entry.reversal = getattr(entry, "reversed_by", None)
        entry.kind_label = kind_labels[entry.kind]
        entry.reverses_kind_label = kind_labels[entry.reverses.kind] if entry.reverses_id else ""
    return entries


def closing_checks(campaign):
    """What may still change the ledger, shown before a leader closes: three queries."""
    from complaints.models import Complaint
    from pledges.models import BrokenPledge

    return {
        "entry_count": ScoreEntry.objects.filter(campaign=campaign).count(),
        "pending_breaches": BrokenPledge.objects.filter(
            campaign=campaign, decision=BrokenPledge.Outcome.PENDING
        ).count(),
        "open_complaints": Complaint.objects.filter(campaign=campaign).open().count(),
    }
