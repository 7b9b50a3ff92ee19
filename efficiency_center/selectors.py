"""Reads shared by the core pages."""

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import workdays
from .models import Campaign, Department


def running_campaign():
    return Campaign.objects.running()


def campaign_deadlines(campaign, today=None):
    """The campaign's deadlines with the working days left (negative: passed)."""
    if campaign is None:
        return []
    today = today or timezone.localdate()
    rows = [(_("Campaign plan"), campaign.plan_deadline)] + [
        (_("Q%(q)s achievements and fulfilment") % {"q": q}, d)
        for q, d in campaign.quarter_deadlines().items()
    ]
    dates = [d for _label, d in rows] + [today]
    calendar = workdays.WorkdayCalendar(min(dates), max(dates))
    return [
        {"label": label, "date": d, "workdays_left": calendar.workdays_between(today, d)}
        for label, d in rows
    ]


def sub_units_of(department):
    return list(department.sub_units.filter(is_active=True).order_by("code"))


def unit_counts():
    counts = dict(
        Department.objects.filter(is_active=True).values_list("kind").annotate(n=Count("id"))
    )
    return [
        {"kind": label, "count": counts.get(value, 0)} for value, label in Department.Kind.choices
    ]


def key_departments_with_sub_units():
    """Key departments, each with its sub-units and unit users, in three queries."""
    from .models import User

    people = User.objects.filter(is_active=True, role__in=User.UNIT_ROLES).order_by("role")
    return Department.objects.filter(kind=Department.Kind.KEY).prefetch_related(
        Prefetch(
            "sub_units",
            queryset=Department.objects.order_by("code").prefetch_related(
                Prefetch("users", queryset=people)
            ),
        ),
        Prefetch("users", queryset=people),
    )
