"""Who owes what by when: the status of each unit's plan, project filing and quarterly progress.

One source for the clerk's desk and for the reminder job, so that the desk shows exactly what
the job reminds of and records as late.

A filing counts from the moment the unit's own head signs it off (`filed_at`): the center's later
return does not make an on-time filing late. A quarter's progress is owed for every project that
was approved by the quarter's deadline (a project approved later starts reporting the next
quarter); a unit with no such project owes nothing for that quarter.
"""

import datetime
from collections import defaultdict

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from efficiency_center.workdays import WorkdayCalendar

from .models import CampaignPlan, FilingKind, ProgressReport, Project, ProjectFiling
from .models import ProjectSettings as Settings

ONE_DAY = datetime.timedelta(days=1)


class Status:
    FILED = "filed"  # filed by the deadline
    LATE = "late"  # filed after the deadline
    MISSING = "missing"  # the deadline has passed and nothing is filed
    OPEN = "open"  # not filed, the deadline is still ahead
    NOT_OWED = "none"  # nothing is owed (no approved project for a quarter)

    LABELS = {
        FILED: _("Filed"),
        LATE: _("Filed late"),
        MISSING: _("Missing"),
        OPEN: _("Not yet due"),
        NOT_OWED: _("Not required"),
    }
    OVERDUE = (LATE, MISSING)


def _local_date(moment):
    return timezone.localdate(moment) if moment else None


def _status(filed_on, deadline, today):
    if filed_on is not None:
        return Status.FILED if filed_on <= deadline else Status.LATE
    return Status.MISSING if today > deadline else Status.OPEN


def open_quarters(campaign, today):
    """Quarters a progress report may be filed for today: the one being reported and those
    before it (late reports are still filed)."""
    return list(range(1, campaign.reporting_quarter(today) + 1))


def completion_open(project, today):
    """A completion summary is filed after the campaign's last quarter (from the Q4 deadline),
    or earlier once the project's own end date has passed."""
    if project.current_id is None:
        return False
    return today >= project.campaign.q4_deadline or today > project.current.end_date


def unit_statuses(campaign, department_ids, *, today, settings=None):
    """{department_id: {FilingKind: Status}} for the campaign, in four queries."""
    settings = settings or Settings.for_campaign(campaign)
    deadlines = settings.deadlines()
    plans = dict(
        CampaignPlan.objects.filter(campaign=campaign, filed_at__isnull=False).values_list(
            "department_id", "filed_at"
        )
    )
    first_filings = dict(
        ProjectFiling.objects.filter(project__campaign=campaign, filed_at__isnull=False)
        .values("department_id")
        .annotate(first=Min("filed_at"))
        .values_list("department_id", "first")
    )
    approved = defaultdict(list)  # department -> [(project id, first approval date)]
    for pk, dept_id, approved_at in Project.objects.filter(
        campaign=campaign, first_approved_at__isnull=False
    ).values_list("pk", "department_id", "first_approved_at"):
        approved[dept_id].append((pk, _local_date(approved_at)))
    reported = {
        (project_id, quarter): _local_date(filed_at)
        for project_id, quarter, filed_at in ProgressReport.objects.filter(
            project__campaign=campaign, filed_at__isnull=False
        ).values_list("project_id", "quarter", "filed_at")
    }

    result = {}
    for dept_id in department_ids:
        row = {
            FilingKind.PLAN: _status(
                _local_date(plans.get(dept_id)), deadlines[FilingKind.PLAN], today
            ),
            FilingKind.PROJECT: _status(
                _local_date(first_filings.get(dept_id)), deadlines[FilingKind.PROJECT], today
            ),
        }
        for quarter in range(1, 5):
            kind = FilingKind.for_quarter(quarter)
            deadline = deadlines[kind]
            owed = [pk for pk, on in approved[dept_id] if on <= min(deadline, today)]
            if not owed:
                row[kind] = Status.NOT_OWED
                continue
            dates = [reported.get((pk, quarter)) for pk in owed]
            if None in dates:
                row[kind] = _status(None, deadline, today)
            else:
                row[kind] = _status(max(dates), deadline, today)
        result[dept_id] = row
    return result


def workdays_before(calendar, deadline, n):
    """The working day that is `n` working days before `deadline` (so that
    workdays_between(result, deadline) == n)."""
    day, counted = deadline, 0
    while counted < n:
        day -= ONE_DAY
        if calendar.is_workday(day):
            counted += 1
    return day


def calendar_around(dates, today):
    """One WorkdayCalendar (one query) wide enough for reminders and the day after each date."""
    return WorkdayCalendar(
        min([*dates, today]) - datetime.timedelta(days=90),
        max([*dates, today]) + datetime.timedelta(days=60),
    )
