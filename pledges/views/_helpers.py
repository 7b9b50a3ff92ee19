"""Small things the pledge views share."""

from efficiency_center.shortcuts import campaign_from, error_text  # noqa: F401


def is_own_unit(user, doc):
    return user.is_unit_user and user.department_id == doc.department_id
