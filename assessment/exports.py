"""The assessment's documents: the .xlsx table and the PDF 考核情况表."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors.ledger import KIND_COLUMNS, SHORT_LABELS


def xlsx_headers():
    return [
        _("Code"),
        _("Unit"),
        _("Unit kind"),
        _("Supervising department"),
        *[str(kind.label) for kind in KIND_COLUMNS],
        _("Deductions"),
        _("Bonus asked"),
        _("Bonus granted (capped)"),
        _("Total"),
    ]


def xlsx_rows(table):
    """One row per unit, in the table's order (sub-units after their supervisor)."""
    supervisors = {row["unit"].pk: row["unit"].name for row in table["rows"]}
    for row in table["rows"]:
        unit, score = row["unit"], row["score"]
        yield [
            unit.code,
            unit.name,
            unit.get_kind_display(),
            supervisors.get(unit.supervisor_id, ""),
            *[score.by_kind[kind] for kind in KIND_COLUMNS],
            score.deductions,
            score.bonus_asked,
            score.bonus,
            score.total,
        ]


def pdf_context(campaign, table):
    return {
        "campaign": campaign,
        "table": table,
        "short_labels": [SHORT_LABELS[kind] for kind in KIND_COLUMNS],
        "issuer": settings.SITE_NAME,
        "today": timezone.localdate(),
    }


def filename(campaign, extension):
    return _("%(year)s assessment") % {"year": campaign.year} + f".{extension}"
