"""Every write of the pledges app: one function per user action, keyword-only, atomic.

Each records its state change through efficiency_center.review and tells whoever acts next
through efficiency_center.notifications."""

from .broken import broken_pledge_confirm, broken_pledge_dismiss, broken_pledge_record
from .fulfilment import (
    EntryData,
    fulfilment_accept,
    fulfilment_act,
    fulfilment_save_draft,
    fulfilment_start,
)
from .pledges import (
    ACT_ACTIONS,
    ItemData,
    pledge_act,
    pledge_publish,
    pledge_save_draft,
    pledge_start,
    pledge_start_correction,
    validate_items,
)

__all__ = [
    "ACT_ACTIONS",
    "EntryData",
    "ItemData",
    "broken_pledge_confirm",
    "broken_pledge_dismiss",
    "broken_pledge_record",
    "fulfilment_accept",
    "fulfilment_act",
    "fulfilment_save_draft",
    "fulfilment_start",
    "pledge_act",
    "pledge_publish",
    "pledge_save_draft",
    "pledge_start",
    "pledge_start_correction",
    "validate_items",
]
