"""The .xlsx export of the clerk's desk: its headings and rows.

The export holds no column that identifies the complainant — not the name, phone, address or
query code, nor the description or the answer text, which may name them: it is a register of
cases, deadlines and outcomes that the center can hand on (e.g. to the leaders or the city)
without unsealing anyone. The case page, behind its audited button, is where identity is read.
The view and bench/complaints_queues.py both build rows with `export_rows`.
"""

from django.utils.translation import gettext

from .models import Channel, Finding, Kind, Satisfaction, Status


def export_headers():
    return [
        gettext("Case number"),
        gettext("Filed at"),
        gettext("Channel"),
        gettext("Kind"),
        gettext("Unit complained of"),
        gettext("Status"),
        gettext("Acceptance due"),
        gettext("Reply due"),
        gettext("Closing due"),
        gettext("Handled late"),
        gettext("Conclusion"),
        gettext("Answered on"),
        gettext("Satisfaction (latest follow-up)"),
        gettext("Closed at"),
    ]


def export_labels():
    """The translated words of the rows, looked up once per export, not once per row."""
    return {
        "channel": {key: str(label) for key, label in Channel.choices},
        "kind": {key: str(label) for key, label in Kind.choices},
        "status": {key: str(label) for key, label in Status.choices},
        "finding": {key: str(label) for key, label in Finding.choices},
        "satisfaction": {key: str(label) for key, label in Satisfaction.choices},
        "yes": gettext("Yes"),
        "no": gettext("No"),
        "unknown_unit": gettext("Not known"),
    }


def export_row(values, labels):
    """One row from one selectors.desk.EXPORT_FIELDS tuple."""
    (
        number, filed_at, channel, kind, unit, status, acceptance_due, reply_due, close_due,
        was_late, finding, answered_on, satisfaction, closed_at,
    ) = values  # fmt: skip
    return [
        number,
        filed_at,
        labels["channel"].get(channel, channel),
        labels["kind"].get(kind, kind),
        unit or labels["unknown_unit"],
        labels["status"].get(status, status),
        acceptance_due,
        reply_due,
        close_due,
        labels["yes"] if was_late else labels["no"],
        labels["finding"].get(finding, finding) if finding else None,
        answered_on,
        labels["satisfaction"].get(satisfaction) if satisfaction else None,
        closed_at,
    ]


def export_rows(values_iterable):
    """Lazily turn EXPORT_FIELDS tuples into rows."""
    labels = export_labels()
    return (export_row(values, labels) for values in values_iterable)
