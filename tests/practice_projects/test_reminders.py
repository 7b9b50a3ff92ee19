"""The daily job on a fixed clock across the 2025 National Day holiday (10-01..08 off; 09-28
and 10-11 worked): reminders 5 and 1 working days before the deadline, the late list and the
ledger entry the day after it, and nothing twice."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from efficiency_center.notifications import Notification
from efficiency_center.schedules import PERIODIC_TASKS, ensure_periodic_tasks
from efficiency_center.scoring import ScoreEntry, ScoreKind
from practice_projects.models import (
    FilingKind,
    LateFiling,
    ProgressReport,
    Project,
    ProjectSettings,
)
from practice_projects.tasks import send_project_reminders
from tests.factories import CampaignFactory
from tests.practice_projects.factories import act, approved_project, file_progress

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2025, 10, 10)  # a Friday, right after the holiday


def moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def campaign_2025(db):
    return CampaignFactory(year=2025, q3_deadline=DEADLINE)


@pytest.fixture
def county(campaign_2025, users):
    """A has filed its Q3 progress in time, B has not, A's sub-unit owes nothing."""
    project_a = approved_project(campaign_2025, users)
    b_users = users | {"staff_a": users["staff_b"], "head_a": users["head_b"]}
    approved_project(campaign_2025, b_users)
    Project.objects.update(first_approved_at=moment(datetime.date(2025, 7, 1)))
    report = file_progress(project_a, users["staff_a"], quarter=3, today=datetime.date(2025, 9, 30))
    act(report, "submit", users["head_a"])
    ProgressReport.objects.update(filed_at=moment(datetime.date(2025, 9, 30)))
    Notification.objects.all().delete()
    return users


def run(day, capture):
    with capture(execute=True):
        return send_project_reminders.delay(today=day.isoformat()).get()


def days(start, end):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def test_reminders_and_late_records_fall_on_the_right_working_days(
    county, campaign_2025, django_capture_on_commit_callbacks
):
    reminded, late_days, clerk_days = [], [], []
    for day in days(datetime.date(2025, 9, 20), datetime.date(2025, 10, 20)):
        for _ in range(2):  # the job runs twice every day
            before = (
                Notification.objects.filter(recipient=county["staff_b"]).count(),
                ScoreEntry.objects.count(),
                Notification.objects.filter(recipient=county["clerk"]).count(),
            )
            run(day, django_capture_on_commit_callbacks)
            after = (
                Notification.objects.filter(recipient=county["staff_b"]).count(),
                ScoreEntry.objects.count(),
                Notification.objects.filter(recipient=county["clerk"]).count(),
            )
            for changed, seen in zip(
                (a != b for a, b in zip(after, before, strict=True)),
                (reminded, late_days, clerk_days),
                strict=True,
            ):
                if changed:
                    seen.append(day)
    # 5 working days before Friday 10-10: 10-09, 09-30, 09-29, 09-28 (a worked Sunday), 09-26.
    assert reminded == [datetime.date(2025, 9, 26), datetime.date(2025, 10, 9)]
    # The day after is the worked Saturday 10-11; each is recorded once.
    assert late_days == clerk_days == [datetime.date(2025, 10, 11)]

    assert Notification.objects.filter(recipient=county["head_b"]).count() == 2
    for who in ("staff_a", "head_a", "staff_sub", "head_sub"):
        assert not Notification.objects.filter(recipient=county[who]).exists()
    late = LateFiling.objects.get()
    assert (late.department, late.filing, late.deadline) == (
        county["staff_b"].department,
        FilingKind.Q3,
        DEADLINE,
    )
    entry = ScoreEntry.objects.get()
    assert entry.kind == ScoreKind.REPORT_LATE and entry.points == campaign_2025.points_report_late
    assert entry.cause == late and entry.department == county["staff_b"].department
    assert entry.recorded_by.username == "system" and not entry.recorded_by.is_active
    clerk_note = Notification.objects.get(recipient=county["clerk"])
    assert county["staff_b"].department.short_name in clerk_note.verb
    assert "status=overdue" in clerk_note.url
    # Every notification was emailed once, after commit.
    assert len(mail.outbox) == Notification.objects.count() == 5


def test_the_reminder_days_are_a_campaign_setting(
    county, campaign_2025, django_capture_on_commit_callbacks
):
    ProjectSettings.objects.create(campaign=campaign_2025, reminder_workdays="3")
    for day in days(datetime.date(2025, 9, 20), DEADLINE):
        run(day, django_capture_on_commit_callbacks)
    keys = Notification.objects.filter(recipient=county["staff_b"]).values_list(
        "dedupe_key", flat=True
    )
    assert [key.split(":")[-2] for key in keys] == ["2025-09-29"]


def test_a_missed_day_after_is_caught_up_within_a_week(
    county, campaign_2025, django_capture_on_commit_callbacks
):
    assert (
        run(datetime.date(2025, 10, 14), django_capture_on_commit_callbacks)["late_recorded"] == 1
    )
    assert (
        run(datetime.date(2025, 10, 30), django_capture_on_commit_callbacks)["late_recorded"] == 0
    )
    assert ScoreEntry.objects.count() == 1


def test_the_job_is_scheduled_daily_at_eight():
    from django_celery_beat.models import PeriodicTask

    ensure_periodic_tasks()
    task = PeriodicTask.objects.get(task="practice_projects.tasks.send_project_reminders")
    assert (task.crontab.hour, task.crontab.minute) == ("8", "0")
    assert task.name in PERIODIC_TASKS


@pytest.mark.parametrize("value", ["5,1", "10", " 3 , 2 "])
def test_valid_reminder_days(value):
    ProjectSettings(reminder_workdays=value).full_clean(exclude=["campaign"])


@pytest.mark.parametrize("value", ["", "five", "0", "5;1", "31", "5,,1"])
def test_invalid_reminder_days(value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        ProjectSettings(reminder_workdays=value).full_clean(exclude=["campaign"])
