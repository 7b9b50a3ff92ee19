"""Every write of the pledges app: one function per user action, keyword-only, atomic, dated
`at` (default now). State changes go through efficiency_center.workflow.step, which records and
notifies them; the plain review steps are efficiency_center.review.document_step."""

from .broken import broken_pledge_decide, broken_pledge_record
from .fulfilment import EntryData, fulfilment_accept, fulfilment_save, fulfilment_start
from .pledges import (
    ItemData,
    pledge_publish,
    pledge_save,
    pledge_start,
    pledge_start_correction,
    validate_items,
)

__all__ = [
    "EntryData",
    "ItemData",
    "broken_pledge_decide",
    "broken_pledge_record",
    "fulfilment_accept",
    "fulfilment_save",
    "fulfilment_start",
    "pledge_publish",
    "pledge_save",
    "pledge_start",
    "pledge_start_correction",
    "validate_items",
]
