"""Every non-trivial read of the assessment: querysets with their joins, aggregates in SQL, a
bounded number of queries per page (asserted in tests/assessment/test_queries.py)."""

from .checks import check_row, finding_for, findings_of
from .common import campaigns
from .ledger import (
    KIND_COLUMNS,
    assessment_table,
    attach_causes,
    campaign_scores,
    closing_checks,
    entries_sum,
    filter_label,
    kind_columns,
    kinds_for_filter,
    ledger_entries,
)
from .overview import county_overview
from .unit import unit_for_user, unit_sections, unit_year, visible_units

__all__ = [
    "KIND_COLUMNS",
    "assessment_table",
    "attach_causes",
    "campaign_scores",
    "campaigns",
    "check_row",
    "finding_for",
    "findings_of",
    "closing_checks",
    "entries_sum",
    "filter_label",
    "kind_columns",
    "kinds_for_filter",
    "ledger_entries",
    "county_overview",
    "unit_for_user",
    "unit_sections",
    "unit_year",
    "visible_units",
]
