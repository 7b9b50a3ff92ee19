import datetime

import pytest

from efficiency_center import workdays
from efficiency_center.models import DayOverride

D = datetime.date


@pytest.mark.django_db
class TestOfficialDays:
    @pytest.mark.parametrize("day", [D(2025, 10, d) for d in range(1, 9)])
    def test_national_day_2025_is_off(self, day):
        assert not workdays.is_workday(day)

    @pytest.mark.parametrize("day", [D(2025, 9, 28), D(2025, 10, 11), D(2026, 2, 14)])
    def test_make_up_weekend_days_are_worked(self, day):
        assert day.weekday() >= 5
        assert workdays.is_workday(day)

    def test_ordinary_weekend_is_off_and_weekday_worked(self):
        assert not workdays.is_workday(D(2026, 11, 21))
        assert workdays.is_workday(D(2026, 11, 23))

    def test_add_workdays_skips_the_national_day_week(self):
        # Tuesday 30 Sep 2025 + 1 working day: 1–8 Oct are off, so Thursday 9 Oct.
        assert workdays.add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 9)
        # Friday 26 Sep + 2: Sunday 28 Sep (make-up day) counts, then Monday 29.
        assert workdays.add_workdays(D(2025, 9, 26), 2) == D(2025, 9, 29)

    def test_add_zero_rolls_forward_to_a_working_day(self):
        assert workdays.add_workdays(D(2025, 10, 1), 0) == D(2025, 10, 9)
        assert workdays.add_workdays(D(2025, 10, 9), 0) == D(2025, 10, 9)

    def test_add_workdays_refuses_negative(self):
        with pytest.raises(ValueError):
            workdays.add_workdays(D(2025, 10, 9), -1)

    def test_workdays_between(self):
        # 30 Sep (Tue) to 10 Oct (Fri): working days 9 and 10 Oct.
        assert workdays.workdays_between(D(2025, 9, 30), D(2025, 10, 10)) == 2
        assert workdays.workdays_between(D(2025, 10, 10), D(2025, 9, 30)) == -2
        assert workdays.workdays_between(D(2025, 10, 10), D(2025, 10, 10)) == 0

    def test_ten_working_days_reply_limit_over_spring_festival_2026(self):
        # Official 2026 schedule: 15–23 Feb off, 14 Feb (Sat) and 28 Feb (Sat) worked.
        # 13, 14 | 24–28 Feb | 2–4 Mar.
        assert workdays.add_workdays(D(2026, 2, 12), 10) == D(2026, 3, 4)


@pytest.mark.django_db
class TestBeyondThePackage:
    def test_uncovered_year_falls_back_to_monday_to_friday(self):
        assert not workdays.year_is_covered(2027)
        assert workdays.is_workday(D(2027, 1, 1))  # a Friday; real holiday unknown yet
        assert not workdays.is_workday(D(2027, 1, 2))

    def test_override_beats_the_fallback_and_covers_the_year(self):
        DayOverride.objects.create(date=D(2027, 1, 1), is_workday=False, note="元旦")
        DayOverride.objects.create(date=D(2027, 1, 2), is_workday=True, note="调休")
        assert not workdays.is_workday(D(2027, 1, 1))
        assert workdays.is_workday(D(2027, 1, 2))
        assert workdays.year_is_covered(2027)
        # Thursday 31 Dec 2026 + 1: Friday 1 Jan is off by override, Saturday 2 Jan is worked.
        assert workdays.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 2)

    def test_override_beats_the_package(self):
        DayOverride.objects.create(date=D(2025, 10, 3), is_workday=True)
        assert workdays.is_workday(D(2025, 10, 3))

    def test_deadline_set_in_december_runs_into_2027(self):
        assert workdays.add_workdays(D(2026, 12, 28), 10) == D(2027, 1, 11)

    def test_november_warning_names_next_year_until_loaded(self):
        assert workdays.calendar_warning_years(D(2026, 10, 31)) == []
        assert workdays.calendar_warning_years(D(2026, 11, 1)) == [2027]
        DayOverride.objects.create(date=D(2027, 1, 1), is_workday=False)
        assert workdays.calendar_warning_years(D(2026, 11, 1)) == []

    def test_current_uncovered_year_is_warned_all_year(self):
        assert workdays.calendar_warning_years(D(2028, 5, 1)) == [2028]


@pytest.mark.django_db
def test_unusual_days_name_the_holidays_and_make_up_days():
    from efficiency_center.workdays import unusual_days

    days_off, make_up = unusual_days(datetime.date(2025, 9, 26), datetime.date(2025, 10, 15))
    assert [day for day, _name in days_off] == [
        datetime.date(2025, 10, d) for d in (1, 2, 3, 6, 7, 8)
    ]
    assert str(days_off[0][1]) == "国庆节"
    assert make_up == [datetime.date(2025, 9, 28), datetime.date(2025, 10, 11)]
