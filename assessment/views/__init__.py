from .ledger import close, entries, export_pdf, export_xlsx, reverse_entry, table
from .unit import overview, unit, unit_index

__all__ = [
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
