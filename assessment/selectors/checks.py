"""八查八看 on the per-unit page: for each of the eight checks (assessment/checks.py), what the
system knows of the unit's year, and the clerk's finding.

Everything here is computed from the sections the page has already read (selectors/unit.py),
plus the findings themselves: one query.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from complaints.models import DISSATISFIED_LEVELS, Accountability, Finding, Kind
from efficiency_center.vocabulary import FocusArea

from ..checks import COMPLAINT_KINDS, FOCUS_AREAS, LOOKS_AT, Check
from ..models import CheckFinding, finding_url
from .ledger import choice_labels

# At most this many records are named under a fact (the sections below list them all).
ITEMS_SHOWN = 5


@dataclass
class Item:
    text: str
    url: str = ""


@dataclass
class Fact:
    """One thing the system knows for a check: a label, its value, and the records behind it."""

    key: str
    label: str
    value: str
    items: list = field(default_factory=list)
    more: int = 0  # records not named
    alert: bool = False  # something the check should look at (a finding true, a gap)


def findings_of(campaign, unit, *, center):
    """{check: CheckFinding} of the unit's year: every one for the center, the final ones for
    the unit (a draft is the center's own)."""
    findings = CheckFinding.objects.filter(campaign=campaign, department=unit)
    if not center:
        findings = findings.filter(state=CheckFinding.FindingState.FINAL)
    return {finding.item: finding for finding in findings.select_related("updated_by")}


def finding_for(campaign, unit, check):
    """The finding of one check of the unit's year (the center's page), or None."""
    return (
        CheckFinding.objects.select_related("campaign", "department", "written_by", "updated_by")
        .filter(campaign=campaign, department=unit, item=check)
        .first()
    )


def check_rows(*, campaign, unit, sections, findings, center=False):
    """The eight rows of the page, in the seed's order: the check, what it looks at, the facts
    and the finding (with the address of its page for the center)."""
    known = _Known(campaign, unit, sections)
    return [
        {
            "check": check.value,
            "label": check.label,
            "looks_at": LOOKS_AT[check],
            "facts": known.facts(check),
            "finding": findings.get(check.value),
            "url": finding_url(unit, campaign, check.value) if center else "",
        }
        for check in Check
    ]


def check_row(*, campaign, unit, sections, check):
    """The facts of one check (the finding's own page)."""
    return _Known(campaign, unit, sections).facts(Check(check))


def _items(records, text, url=None):
    records = list(records)
    items = [Item(text(r), url(r) if url else "") for r in records[:ITEMS_SHOWN]]
    return items, max(0, len(records) - ITEMS_SHOWN)


def _number(value):
    value = Decimal(value or 0)
    return f"{value.normalize():f}" if value else "0"


class _Known:
    """What the page's sections say, grouped for the checks."""

    def __init__(self, campaign, unit, sections):
        self.campaign, self.unit = campaign, unit
        self.pledges = sections["pledges"]
        self.projects = sections["projects"]
        self.achievements = sections["achievements"]
        self.complaints = sections["complaints"]
        self.kind_labels = choice_labels(Kind.choices)
        self.area_labels = choice_labels(FocusArea.choices)
        self.measure_labels = choice_labels(Accountability._meta.get_field("measure").flatchoices)
        current = self.pledges["current"]
        self.items_by_area = defaultdict(list)
        for item in current.items.all() if current else ():
            self.items_by_area[item.focus_area].append(item)
        self.verified_by_area = defaultdict(list)
        for achievement in self.achievements["achievements"]:
            if achievement.is_verified:
                self.verified_by_area[achievement.focus_area].append(achievement)
        self.by_kind = defaultdict(list)
        for complaint in self.complaints["complaints"]:
            self.by_kind[complaint.kind].append(complaint)

    def facts(self, check):
        facts = []
        if check in COMPLAINT_KINDS:
            facts += self._complaint_facts(COMPLAINT_KINDS[check])
        if check in FOCUS_AREAS:
            facts += self._focus_facts(check, FOCUS_AREAS[check])
        return facts + getattr(self, f"_{check.value}")()

    # --- each check's own facts -------------------------------------------------------------

    def _big_picture(self):
        projects = self.projects["projects"]
        items, more = _items(projects, self._project_text, lambda p: p.get_absolute_url())
        facts = [
            Fact(
                "projects",
                _("Practice projects"),
                _("%(count)s, %(excellent)s rated excellent")
                % {"count": len(projects), "excellent": self.projects["rated_excellent"]},
                items,
                more,
                alert=not projects,
            )
        ]
        indicator = self.projects["indicator"]
        if indicator is not None:
            tied = [p for p in projects if p.indicator_id == indicator.pk]
            facts.append(
                Fact(
                    "indicator",
                    _("City-to-county assessment indicator carried"),
                    indicator.text,
                    [Item(_("Projects tied to it: %(count)s") % {"count": len(tied)})],
                    alert=not tied,
                )
            )
        themes = "、".join(self.campaign.themes or []) or "—"
        facts.append(Fact("themes", _("The campaign's themes"), themes))
        return facts

    def _project_text(self, project):
        parts = [project.name]
        if project.indicator_text:
            parts.append(_("indicator: %(text)s") % {"text": project.indicator_text})
        elif project.theme:
            parts.append(_("theme: %(theme)s") % {"theme": project.theme})
        summary = project.milestones_summary
        if summary:
            parts.append(
                _("milestones %(done)s/%(total)s, %(percent)s%% on average")
                % {
                    "done": summary["done"],
                    "total": summary["total"],
                    "percent": round(summary["percent"] or 0),
                }
            )
        if project.rating:
            parts.append(str(project.get_rating_display()))
        return " · ".join(parts)

    def _attitude(self):
        return []

    def _quality(self):
        complaints = self.complaints
        return [
            Fact(
                "timeliness",
                _("All complaints of the unit concluded on time"),
                _("%(on_time)s of %(concluded)s; %(late)s handled late")
                % {
                    "on_time": complaints["on_time"],
                    "concluded": complaints["concluded"],
                    "late": complaints["late"],
                },
                alert=complaints["late"] > 0,
            )
        ]

    def _discipline(self):
        return []

    def _pledges(self):
        pledges, current = self.pledges, self.pledges["current"]
        if current is None:
            pledge = Fact("pledge", _("Published pledge"), _("none this year"), alert=True)
        else:
            pledge = Fact(
                "pledge",
                _("Published pledge"),
                _("revision %(revision)s, %(count)s items")
                % {"revision": current.revision, "count": len(current.items.all())},
                [Item(self._channel(current), current.get_absolute_url())],
            )
        quarters = [self._quarter_text(row) for row in pledges["quarters"]]
        filed = sum(1 for row in pledges["quarters"] if row["report"] is not None)
        fulfilment = Fact(
            "fulfilment",
            _("Fulfilment reports (践诺)"),
            _("%(filed)s of 4 quarters") % {"filed": filed},
            [Item(text) for text in quarters],
            alert=any(row["late"] for row in pledges["quarters"]),
        )
        broken = pledges["broken"]
        pending = sum(1 for b in broken if b.decision == "pending")
        value = _("%(count)s confirmed") % {"count": pledges["broken_confirmed"]}
        if pending:
            value += _(", %(count)s awaiting a leader") % {"count": pending}
        items, more = _items(
            [b for b in broken if b.decision != "refused"],
            lambda b: (
                _("Q%(quarter)s, item %(position)s: %(decision)s")
                % {
                    "quarter": b.quarter,
                    "position": b.item.position,
                    "decision": b.get_decision_display(),
                }
            ),
            lambda b: b.get_absolute_url(),
        )
        not_kept = Fact(
            "broken",
            _("Pledges not kept (有诺不践)"),
            value,
            items,
            more,
            alert=pledges["broken_confirmed"] > 0,
        )
        return [pledge, fulfilment, not_kept]

    def _channel(self, pledge):
        if not pledge.publication_date:
            return _("Open the pledge")
        return f"{pledge.get_channel_display()} · {pledge.publication_date:%Y-%m-%d}"

    def _quarter_text(self, row):
        if row["report"] is None:
            return _("Q%(quarter)s (due %(deadline)s): not filed") % {
                "quarter": row["quarter"],
                "deadline": f"{row['deadline']:%Y-%m-%d}",
            }
        text = _("Q%(quarter)s (due %(deadline)s): %(state)s") % {
            "quarter": row["quarter"],
            "deadline": f"{row['deadline']:%Y-%m-%d}",
            "state": row["report"].get_state_display(),
        }
        return text + (_(", late") if row["late"] else "")

    def _systems(self):
        return []

    def _approvals(self):
        duty = _("yes") if self.unit.approval_duty else _("no")
        return [Fact("approval_duty", _("Approval department"), duty)]

    def _fees(self):
        return []

    # --- facts shared by several checks -----------------------------------------------------

    def _complaint_facts(self, kinds):
        complaints = [c for kind in kinds for c in self.by_kind.get(kind, ())]
        true = sum(1 for c in complaints if c.finding == Finding.TRUE)
        partly = sum(1 for c in complaints if c.finding == Finding.PARTLY_TRUE)
        names = "、".join(self.kind_labels[kind] for kind in kinds)
        per_kind = [
            Item(f"{self.kind_labels[kind]}：{len(self.by_kind.get(kind, ()))}") for kind in kinds
        ]
        facts = [
            Fact(
                "complaints",
                _("Complaints (%(kinds)s)") % {"kinds": names},
                _("%(count)s, %(true)s found true, %(partly)s partly true")
                % {"count": len(complaints), "true": true, "partly": partly},
                per_kind if len(kinds) > 1 else [],
                alert=bool(true or partly),
            )
        ]
        levels = defaultdict(int)
        for kind in kinds:
            for satisfaction, count in self.complaints["follow_ups_by_kind"].get(kind, {}).items():
                levels[satisfaction] += count
        answered = sum(levels.values())
        if answered:
            mean = sum(level * count for level, count in levels.items()) / answered
            dissatisfied = sum(levels[level] for level in DISSATISFIED_LEVELS)
            value = _(
                "%(count)s, satisfaction %(mean).2f of 5 on average, %(dissatisfied)s dissatisfied"
            ) % {"count": answered, "mean": mean, "dissatisfied": dissatisfied}
        else:
            value, dissatisfied = _("none yet"), 0
        facts.append(Fact("follow_ups", _("Follow-up calls (回访)"), value, alert=dissatisfied > 0))
        measures = defaultdict(int)
        for kind in kinds:
            for measure, count in self.complaints["measures_by_kind"].get(kind, {}).items():
                measures[measure] += count
        facts.append(
            Fact(
                "measures",
                _("Accountability measures on these complaints"),
                "、".join(
                    f"{self.measure_labels.get(measure, measure)} {count}"
                    for measure, count in measures.items()
                )
                or _("none"),
            )
        )
        return facts

    def _focus_facts(self, check, area):
        area_label = self.area_labels[area]
        pledged = self.items_by_area.get(area, [])
        items, more = _items(pledged, lambda i: f"{i.position}. {i.text}")
        facts = [
            Fact(
                "pledge_items",
                _("Pledge items (%(area)s)") % {"area": area_label},
                str(len(pledged)),
                items,
                more,
            )
        ]
        verified = self.verified_by_area.get(area, [])
        value = _("%(count)s verified") % {"count": len(verified)}
        if check == Check.APPROVALS:
            value += _(", %(days)s working days saved, %(cases)s cases handled") % {
                "days": sum(a.workdays_saved for a in verified),
                "cases": sum(a.cases_handled for a in verified),
            }
            text = self._saved_days
        elif check == Check.FEES:
            value += _(", %(money)s ten thousand yuan saved") % {
                "money": _number(sum(a.money_saved or 0 for a in verified))
            }
            text = self._saved_money
        else:
            text = self._quarter_title
        items, more = _items(verified, text, lambda a: a.get_absolute_url())
        facts.append(
            Fact(
                "achievements",
                _("Service achievements (%(area)s)") % {"area": area_label},
                value,
                items,
                more,
            )
        )
        return facts

    def _quarter_title(self, achievement):
        return f"Q{achievement.quarter} {achievement.title}"

    def _saved_days(self, achievement):
        return _("%(title)s: %(days)s working days saved") % {
            "title": self._quarter_title(achievement),
            "days": achievement.workdays_saved,
        }

    def _saved_money(self, achievement):
        return _("%(title)s: %(money)s ten thousand yuan saved") % {
            "title": self._quarter_title(achievement),
            "money": _number(achievement.money_saved),
        }
