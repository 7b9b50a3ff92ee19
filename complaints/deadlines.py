"""A case's deadlines, in working days (efficiency_center/workdays.py), from the campaign's limits.

Every deadline is computed once, when the step that starts it happens, and stored as a date on
the case; queues and jobs then compare dates in SQL.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from efficiency_center.workdays import add_workdays, unusual_days, workdays_between


def acceptance_due(campaign, filed_on):
    return add_workdays(filed_on, campaign.complaint_accept_workdays)


def reply_due(campaign, forwarded_on):
    return add_workdays(forwarded_on, campaign.complaint_reply_workdays)


def decline_due(campaign, forwarded_on):
    return add_workdays(forwarded_on, campaign.complaint_decline_workdays)


def close_due(campaign, accepted_on):
    return add_workdays(accepted_on, campaign.complaint_close_workdays)


def very_overdue_on(campaign, due):
    """From this day a case still open after `due` is very overdue and leaders are told."""
    return add_workdays(due, campaign.complaint_very_overdue_workdays)


def extend(due, workdays):
    return add_workdays(due, workdays)


def due_soon_until(today=None, workdays=3):
    """The last date that counts as "due in `workdays` working days" from today."""
    return add_workdays(today or timezone.localdate(), workdays)


class Timing:
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    VERY_OVERDUE = "very_overdue"

    LABELS = {
        ON_TIME: _("On time"),
        DUE_SOON: _("Due soon"),
        OVERDUE: _("Overdue"),
        VERY_OVERDUE: _("Very overdue"),
    }


def timing(complaint, today=None, soon=None):
    """How an open case stands against the deadline it is held to now (None if none runs).

    `soon` (due_soon_until(today)) may be computed once by a caller that asks for many cases."""
    due = complaint.governing_due
    if not complaint.is_open or due is None:
        return None
    today = today or timezone.localdate()
    if complaint.very_overdue_on and today >= complaint.very_overdue_on:
        return Timing.VERY_OVERDUE
    if today > due:
        return Timing.OVERDUE
    if due <= (soon or due_soon_until(today)):
        return Timing.DUE_SOON
    return Timing.ON_TIME


def explain(start, due):
    """How `due` was reached from `start`, for the case page: the working days counted, the
    weekdays off (with the holiday's name) and the weekend days worked (调休) in between."""
    days_off, make_up = unusual_days(start, due)
    return {
        "start": start,
        "due": due,
        "workdays": workdays_between(start, due),
        "days_off": days_off,
        "make_up_days": make_up,
    }
