import datetime

import pytest
from django.utils import timezone

from tests.achievements.factories import AchievementFactory


@pytest.fixture
def achievement(campaign, dept_a, users):
    return AchievementFactory(campaign=campaign, department=dept_a, created_by=users["staff_a"])


@pytest.fixture
def sub_achievement(campaign, sub_of_a, users):
    return AchievementFactory(campaign=campaign, department=sub_of_a, created_by=users["staff_sub"])


@pytest.fixture
def fixed_now(monkeypatch):
    """Freeze timezone.now() (and so localdate()) at a local date; returns a setter."""

    def set_today(day, hour=10):
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_today
