"""The clerk's workbook: every pledge of a campaign and its fulfilment, one row per item."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from efficiency_center.review import State

from .models import BrokenPledge, FulfilmentEntry, Pledge, PledgeItem
from .selectors import is_superseded

QUARTERS = (1, 2, 3, 4)


def export_headers():
    headers = [
        _("Campaign"),
        _("Unit code"),
        _("Unit"),
        _("Kind of unit"),
        _("Supervising department"),
        _("Revision"),
        _("Status"),
        _("Publication channel"),
        _("Publication date"),
        _("Item"),
        _("Focus area"),
        _("Pledge text"),
    ]
    for q in QUARTERS:
        headers += [
            _("Q%(q)s: what was done") % {"q": q},
            _("Q%(q)s: report status") % {"q": q},
        ]
    headers.append(_("Not kept (confirmed), quarters"))
    return headers


def _pledges_to_export(campaign):
    """Every pledge of the campaign except revisions replaced by a published correction (a
    correction still under review is listed beside the published revision it will replace)."""
    entries = FulfilmentEntry.objects.select_related("report").order_by("report__quarter")
    confirmed = BrokenPledge.objects.filter(decision=BrokenPledge.Outcome.APPROVED).order_by(
        "quarter"
    )
    items = PledgeItem.objects.order_by("position", "id").prefetch_related(
        Prefetch("fulfilment_entries", queryset=entries),
        Prefetch("broken_records", queryset=confirmed),
    )
    return (
        Pledge.objects.filter(campaign=campaign)
        .filter(~is_superseded())
        .select_related("department__supervisor", "campaign")
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("department__code", "revision")
    )


def export_rows(campaign):
    """Rows for documents.xlsx_streaming_response, read in chunks (memory stays flat)."""
    for pledge in _pledges_to_export(campaign).iterator(chunk_size=200):
        unit = pledge.department
        head = [
            f"{pledge.campaign.year} {pledge.campaign.name}",
            unit.code,
            unit.name,
            unit.get_kind_display(),
            unit.supervisor.name if unit.supervisor else "",
            pledge.revision,
            pledge.get_state_display(),
            pledge.get_channel_display() if pledge.channel else "",
            pledge.publication_date,
        ]
        for item in pledge.items.all():
            by_quarter = {entry.report.quarter: entry for entry in item.fulfilment_entries.all()}
            row = head + [item.position, item.get_focus_area_display(), item.text]
            for q in QUARTERS:
                entry = by_quarter.get(q)
                if entry is None:
                    row += ["", _("Not reported")]
                else:
                    row += [entry.text, State(entry.report.state).label]
            row.append("、".join(f"Q{b.quarter}" for b in item.broken_records.all()))
            yield row
