from .checks import check_finding, check_finding_act
from .ledger import close, entries, export_pdf, export_xlsx, reverse_entry, table
from .unit import overview, unit, unit_index

__all__ = [
    "check_finding",
    "check_finding_act",
    "close",
    "entries",
    "export_pdf",
    "export_xlsx",
    "overview",
    "reverse_entry",
    "table",
    "unit",
    "unit_index",
]
