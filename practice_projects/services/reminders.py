"""The daily job: reminders before each deadline, and late filings the day after it.

Safe to run twice the same day (and concurrently): every notification carries a once-key (unit ×
deadline × day, or deadline for the clerks' list) and every late filing is recorded once per
campaign × unit × filing by efficiency_center.lateness. What is owed is decided by
deadlines.unit_statuses, the same function the clerk's desk shows. With the campaign's
assessment closed, a late filing is not recorded (the skip is logged) and the job goes on: the
reminders and the clerks' list still go out.
"""

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from efficiency_center.accounts import clerks
from efficiency_center.lateness import LateFiling, late_filing_record
from efficiency_center.models import Campaign, Department
from efficiency_center.notifications import notify

from ..deadlines import Status, calendar_around, unit_statuses, workdays_before
from ..models import FilingKind, ProjectSettings

User = get_user_model()
# A job that missed the day after a deadline (worker down) catches up within this many days;
# later it stays silent, so that a unit added in the middle of the year is not charged for
# deadlines that passed before it existed.
CATCH_UP_DAYS = 7


def _by_deadline(deadlines):
    groups = defaultdict(list)
    for kind, deadline in deadlines.items():
        groups[deadline].append(kind)
    return groups


def _labels(kinds):
    return "、".join(str(FilingKind(kind).label) for kind in kinds)


def late_period(kind):
    """The key of a filing's deadline among the core's late filings."""
    return f"practice_projects:{kind}"


def project_late_record(*, campaign, department, kind, deadline, at=None):
    """Record once that `department` did not file `kind` (a FilingKind) by `deadline`: the
    cause of the ledger's late-report deduction. None when the assessment is closed."""
    return late_filing_record(
        campaign=campaign,
        department=department,
        source="practice_projects",
        period=late_period(kind),
        deadline=deadline,
        what=FilingKind(kind).label,
        at=at,
    )


def _remind(campaign, deadline, kinds, statuses, departments, days_left, today, at):
    """Notify each unit that still owes one of `kinds` (due on `deadline`)."""
    people = defaultdict(list)
    for user in User.objects.filter(
        department_id__in=[d.pk for d in departments], role__in=User.UNIT_ROLES, is_active=True
    ):
        people[user.department_id].append(user)
    sent = 0
    url = reverse("practice_projects:mine")
    for department in departments:
        owed = [k for k in kinds if statuses[department.pk][k] == Status.OPEN]
        if not owed or not people[department.pk]:
            continue
        verb = ngettext(
            "Reminder: %(what)s due on %(date)s, in %(days)s working day. Please file it.",
            "Reminder: %(what)s due on %(date)s, in %(days)s working days. Please file it.",
            days_left,
        ) % {"what": _labels(owed), "date": deadline.isoformat(), "days": days_left}
        rows = notify(
            people[department.pk],
            verb,
            url=url,
            once_key=f"pp-remind:{campaign.pk}:{deadline}:{department.pk}:{today}",
            at=at,
        )
        sent += len(rows)
    return sent


def _record_late(campaign, deadline, kinds, statuses, departments, at):
    """Record each late filing once (a LateFiling, the cause of a ledger entry) and send the
    clerks the list of late units once per deadline."""
    late = {
        department: [k for k in kinds if statuses[department.pk][k] in Status.OVERDUE]
        for department in departments
    }
    late_units = [department for department in departments if late[department]]
    if not late_units:
        return 0, 0
    already = set(
        LateFiling.objects.filter(
            campaign=campaign, period__in=[late_period(k) for k in kinds]
        ).values_list("department_id", "period")
    )
    recorded = 0
    for department in late_units:
        for kind in late[department]:
            row = project_late_record(
                campaign=campaign, department=department, kind=kind, deadline=deadline, at=at
            )
            if row is not None and (department.pk, late_period(kind)) not in already:
                recorded += 1
    names = "、".join(d.short_name for d in late_units[:8])
    verb = _("Late for %(what)s (due %(date)s): %(count)s units — %(names)s") % {
        "what": _labels(kinds),
        "date": deadline.isoformat(),
        "count": len(late_units),
        "names": names + ("…" if len(late_units) > 8 else ""),
    }
    url = reverse("practice_projects:desk") + "?" + urlencode({"status": "overdue"})
    rows = notify(clerks(), verb, url=url, once_key=f"pp-late-list:{campaign.pk}:{deadline}", at=at)
    return recorded, len(rows)


@transaction.atomic
def _run_campaign(campaign, at):
    today = timezone.localdate(at)
    settings = ProjectSettings.for_campaign(campaign)
    deadlines = settings.deadlines()
    calendar = calendar_around(list(deadlines.values()), today)
    departments = list(Department.objects.filter(is_active=True).order_by("code"))
    statuses = None
    summary = {"reminders": 0, "late_recorded": 0, "clerk_notices": 0}
    for deadline, kinds in sorted(_by_deadline(deadlines).items()):
        reminder_days = [
            n for n in settings.reminder_days() if workdays_before(calendar, deadline, n) == today
        ]
        day_after = calendar.add_workdays(deadline, 1)
        late_due = day_after <= today <= day_after + datetime.timedelta(days=CATCH_UP_DAYS)
        if not reminder_days and not late_due:
            continue
        if statuses is None:
            statuses = unit_statuses(
                campaign, [d.pk for d in departments], today=today, settings=settings
            )
        if reminder_days:
            summary["reminders"] += _remind(
                campaign, deadline, kinds, statuses, departments, reminder_days[0], today, at
            )
        if late_due:
            recorded, told = _record_late(campaign, deadline, kinds, statuses, departments, at)
            summary["late_recorded"] += recorded
            summary["clerk_notices"] += told
    return summary


def reminders_run(*, at=None):
    """Run the day's reminders and late-filing records (for the day of `at`, default now) for
    the campaigns that day can concern (this year's, and last year's for a deadline near the
    turn of the year)."""
    at = at or timezone.now()
    today = timezone.localdate(at)
    total = {"reminders": 0, "late_recorded": 0, "clerk_notices": 0}
    for campaign in Campaign.objects.filter(year__in=(today.year, today.year - 1)):
        for key, value in _run_campaign(campaign, at).items():
            total[key] += value
    return total
