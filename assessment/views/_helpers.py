"""Small things the assessment views share."""

from efficiency_center.shortcuts import campaign_from, error_text  # noqa: F401

CENTER = ("clerk", "leader")
UNIT_PAGE_ROLES = ("clerk", "leader", "staff", "head")
