"""Small things the assessment views share."""

CENTER = ("clerk", "leader")
UNIT_PAGE_ROLES = ("clerk", "leader", "staff", "head")
