"""Working days: every deadline is computed here and stored as a date.

Order of authority for one date: an admin's DayOverride, then the chinese-calendar package (the
State Council's official schedule, known for 2004–2026 in the pinned version), then Monday–Friday
for a year neither covers — and admins are shown a warning banner for such a year.
"""

import datetime
import functools

import chinese_calendar
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import DayOverride

ONE_DAY = datetime.timedelta(days=1)


def _package_knows(year):
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def year_is_covered(year):
    """True if the official schedule of `year` is known (package or admin-entered overrides)."""
    return _package_knows(year) or DayOverride.objects.filter(date__year=year).exists()


@functools.lru_cache(maxsize=4096)
def _official_is_workday(day):
    # The package scans its holiday tables on every call (~30 µs); its answers never change.
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


class WorkdayCalendar:
    """The working days of one date range, with its overrides read in one query.

    Use it where many dates are asked about at once (a table of deadlines); the module functions
    below build one per call."""

    def __init__(self, start, end):
        self.start, self.end = start, end
        self._overrides = dict(
            DayOverride.objects.filter(date__range=(start, end)).values_list("date", "is_workday")
        )

    def is_workday(self, day):
        if not self.start <= day <= self.end:
            raise ValueError(f"{day} is outside {self.start}..{self.end}")
        if day in self._overrides:
            return self._overrides[day]
        return _official_is_workday(day)

    def add_workdays(self, start, n):
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start
        if n == 0:
            while not self.is_workday(day):
                day += ONE_DAY
            return day
        counted = 0
        while counted < n:
            day += ONE_DAY
            if self.is_workday(day):
                counted += 1
        return day

    def workdays_between(self, start, end):
        if end < start:
            return -self.workdays_between(end, start)
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            if self.is_workday(day):
                count += 1
        return count


def is_workday(day):
    return WorkdayCalendar(day, day).is_workday(day)


def add_workdays(start, n):
    """The date `n` working days after `start` (n ≥ 0; `start` itself is not counted).

    add_workdays(Friday, 1) is the next working Monday. n == 0 returns `start` rolled forward to a
    working day."""
    if n < 0:
        raise ValueError("n must be >= 0")
    # Three weeks per ten working days covers the longest holiday (Spring Festival) with margin.
    horizon = start + datetime.timedelta(days=n * 3 + 21)
    return WorkdayCalendar(start, horizon).add_workdays(start, n)


def workdays_between(start, end):
    """Working days in (start, end]: how many working days from `start` until `end`.

    Negative if `end` is before `start` (an overdue deadline)."""
    return WorkdayCalendar(min(start, end), max(start, end)).workdays_between(start, end)


def calendar_warning_years(today=None):
    """Years admins must be warned about: the current year if uncovered, and from November on
    the next year if its official schedule has not been loaded yet."""
    today = today or timezone.localdate()
    years = [today.year] + ([today.year + 1] if today.month >= 11 else [])
    return [year for year in years if not year_is_covered(year)]


HOLIDAY_NAMES = {
    "New Year's Day": _("New Year's Day"),
    "Spring Festival": _("Spring Festival"),
    "Tomb-sweeping Day": _("Tomb-sweeping Day"),
    "Labour Day": _("Labour Day"),
    "Dragon Boat Festival": _("Dragon Boat Festival"),
    "National Day": _("National Day"),
    "Mid-autumn Festival": _("Mid-autumn Festival"),
    "Anti-Fascist 70th Day": _("Anti-Fascist 70th Day"),
}


def _holiday_name(day):
    try:
        _on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None
    return HOLIDAY_NAMES.get(name, name)


def unusual_days(start, end):
    """What made (start, end] differ from a plain Monday–Friday count, for showing how a deadline
    was reached: ([(date, holiday name or None)] of weekdays off, [date] of make-up working days
    on a weekend)."""
    calendar = WorkdayCalendar(start, end)
    days_off, make_up = [], []
    day = start
    while day < end:
        day += ONE_DAY
        working = calendar.is_workday(day)
        if day.weekday() < 5 and not working:
            days_off.append((day, _holiday_name(day)))
        elif day.weekday() >= 5 and working:
            make_up.append(day)
    return days_off, make_up
