"""The .xlsx shapes of achievements: the export's columns and rows, and the center's import
template with its row parser. The export view and bench/achievements_export.py both build rows
with `export_row`, so the benchmark measures the real path."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from efficiency_center.documents import read_xlsx
from efficiency_center.errors import Invalid
from efficiency_center.vocabulary import FocusArea

from .models import FIGURE_FIELDS, STATUS_LABELS, status_of

IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_MAX_ROWS = 2000

# The queryset columns export_row expects, in order.
EXPORT_FIELDS = (
    "department__name",
    "department__code",
    "quarter",
    "title",
    "focus_area",
    "category__name",
    "is_101",
    "description",
    *FIGURE_FIELDS,
    "beneficiaries",
    "period_start",
    "period_end",
    "state",
    "not_accepted_at",
    "is_typical",
    "forwarded_at",
    "is_late",
    "filed_at",
)

# (form field, heading) of the import template, in column order.
TEMPLATE_COLUMNS = (
    ("title", _("Title")),
    ("focus_area", _("Focus area")),
    ("category", _("Category")),
    # xgettext:no-python-format
    ("is_101", _("101% service")),
    ("description", _("What was done")),
    ("cases_handled", _("Cases handled")),
    ("workdays_saved", _("Working days saved")),
    ("enterprises_served", _("Enterprises served")),
    ("people_served", _("People served")),
    ("money_saved", _("Money saved (10,000 yuan)")),
    ("beneficiaries", _("Beneficiaries")),
    ("period_start", _("Period from")),
    ("period_end", _("Period to")),
)
FIGURES_HEADING = _("Quantified results")
# The focus areas by their Chinese names (seed 000 §四.2): units fill the template in Chinese
# whatever language the clerk's screen uses. The names the pledges and achievements used before
# the notice's own words (efficiency_center.vocabulary) are still read.
FOCUS_ALIASES = {
    "审批提速": "approval",
    "服务提质": "service",
    "规范执法": "enforcement",
    "控减收费": "fees",
    "执行制度": "rules",
    "优化服务": "service",
    "降低收费": "fees",
    "减项降费": "fees",
    "依规办事": "rules",
    "遵规守纪": "rules",
    "lower fees": "fees",
    "rules applied": "rules",
}


def template_headers():
    return [str(heading) for _field, heading in TEMPLATE_COLUMNS]


def export_headers():
    return [
        gettext("Unit"),
        gettext("Unit code"),
        gettext("Quarter"),
        *template_headers(),
        gettext("Status"),
        gettext("Typical"),
        gettext("Forwarded to the city"),
        gettext("Filed late"),
        gettext("Filed at"),
    ]


def export_labels():
    """The translated words export_row writes, looked up once per export, not once per row."""
    return {
        "focus": {key: str(label) for key, label in FocusArea.choices},
        "status": {key: str(label) for key, label in STATUS_LABELS.items()},
        "yes": gettext("Yes"),
        "no": gettext("No"),
    }


def export_row(values, labels):
    """One spreadsheet row from one EXPORT_FIELDS tuple; figures stay numbers."""
    (
        unit, code, quarter, title, focus, category, is_101, description,
        cases, days, enterprises, people, money,
        beneficiaries, start, end, state, not_accepted_at, is_typical, forwarded_at, late, filed,
    ) = values  # fmt: skip
    yes, no = labels["yes"], labels["no"]
    return [
        unit, code, f"Q{quarter}", title, labels["focus"].get(focus, focus), category,
        yes if is_101 else no, description,
        cases, days, enterprises, people, money,
        beneficiaries, start, end,
        labels["status"][status_of(state, not_accepted_at, is_typical)],
        yes if is_typical else no,
        forwarded_at, yes if late else no, filed,
    ]  # fmt: skip


def export_rows(values_iterable):
    """Lazily turn EXPORT_FIELDS tuples into rows."""
    labels = export_labels()
    return (export_row(values, labels) for values in values_iterable)


# --- import ---------------------------------------------------------------------------------

_TRUE = {"是", "y", "yes", "true", "1", "√", "✓"}
_FALSE = {"否", "n", "no", "false", "0", "", "none"}


def _bool(value):
    text = str(value).strip().lower() if value is not None else ""
    if text in _TRUE or text == gettext("Yes").lower():
        return True
    if text in _FALSE or text == gettext("No").lower():
        return False
    return None


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_import(fileobj, *, campaign, quarter, form_class):
    """Read and validate every row of an import. Returns (cleaned rows, errors), where errors
    is a list of (row number, column heading, message); refuses (Invalid, on the file field) a
    file that is not a usable workbook (type, size, zip bomb, too many rows, wrong columns)."""
    headers = template_headers()
    try:
        rows = read_xlsx(
            fileobj, max_bytes=IMPORT_MAX_BYTES, max_rows=IMPORT_MAX_ROWS, expected_headers=headers
        )
    except ValidationError as exc:
        raise Invalid({"file": " ".join(exc.messages)}) from None
    heading_of = {field: str(heading) for field, heading in TEMPLATE_COLUMNS}
    with translation.override("en"):
        english_labels = {str(label).lower(): key for key, label in FocusArea.choices}
    focus_by_label = {
        **english_labels,
        **{str(label).lower(): key for key, label in FocusArea.choices},
        **{key: key for key in FocusArea.values},
        **FOCUS_ALIASES,
    }
    cleaned, errors = [], []
    for index, row in enumerate(rows):
        number = index + 2  # the headings are row 1
        data = {field: _cell_text(row[heading_of[field]]) for field, _h in TEMPLATE_COLUMNS}
        focus = data["focus_area"]
        data["focus_area"] = focus_by_label.get(focus.lower(), focus)
        flag = _bool(row[heading_of["is_101"]])
        if flag is None:
            errors.append((number, heading_of["is_101"], gettext("Write Yes or No.")))
        data["is_101"] = "on" if flag else ""
        form = form_class(data=data, campaign=campaign, quarter=quarter, by_name=True)
        if form.is_valid() and flag is not None:
            cleaned.append(form.cleaned_data)
            continue
        for field, messages in form.errors.items():
            heading = heading_of.get(field, str(FIGURES_HEADING))
            errors.extend((number, heading, message) for message in messages)
    return cleaned, errors
