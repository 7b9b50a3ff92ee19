"""The daily job on a fixed clock across the 2025 National Day holiday (10-01..08 off; 09-28
and 10-11 worked): reminders 5 and 1 working days before the deadline, the late list and the
ledger entry the day after it, and nothing twice."""

import datetime
import logging

import pytest
from django.core import mail
from django.utils import timezone

from efficiency_center.lateness import LateFiling
from efficiency_center.models import Campaign
from efficiency_center.notifications import Notification
from efficiency_center.schedules import PERIODIC_TASKS, ensure_periodic_tasks
from efficiency_center.scoring import ScoreEntry, ScoreKind
from practice_projects.models import FilingKind, ProgressReport, Project, ProjectSettings
from practice_projects.tasks import send_project_reminders
from tests.factories import CampaignFactory
from tests.practice_projects.factories import act, approved_project, file_progress

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2025, 10, 10)  # a Friday, right after the holiday


LATE_DAY = datetime.date(2025, 10, 11)  # the worked Saturday after the deadline


def moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def moment_at(day):
    """When the job runs on `day` (08:00)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)))


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
    assert late_days == clerk_days == [LATE_DAY]

    assert Notification.objects.filter(recipient=county["head_b"]).count() == 2
    for who in ("staff_a", "head_a", "staff_sub", "head_sub"):
        assert not Notification.objects.filter(recipient=county[who]).exists()
    late = LateFiling.objects.get()
    assert (late.department, late.source, late.period, late.deadline) == (
        county["staff_b"].department,
        "practice_projects",
        "practice_projects:q3",
        DEADLINE,
    )
    assert late.what == FilingKind.Q3.label and late.recorded_at == moment_at(LATE_DAY)
    entry = ScoreEntry.objects.get()
    assert entry.kind == ScoreKind.REPORT_LATE and entry.points == campaign_2025.points_report_late
    assert entry.cause == late and entry.department == county["staff_b"].department
    assert entry.recorded_by.username == "system" and not entry.recorded_by.is_active
    assert entry.created_at == moment_at(LATE_DAY)
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


def close_assessment(campaign):
    Campaign.objects.filter(pk=campaign.pk).update(assessment_closed_at=moment(DEADLINE))


def test_with_the_assessment_closed_the_job_records_no_late_filing_and_still_reminds(
    county, campaign_2025, django_capture_on_commit_callbacks, caplog
):
    close_assessment(campaign_2025)
    reminder_day = datetime.date(2025, 10, 9)
    assert run(reminder_day, django_capture_on_commit_callbacks)["reminders"] == 2
    with caplog.at_level(logging.WARNING, logger="efficiency_center.lateness"):
        summary = run(LATE_DAY, django_capture_on_commit_callbacks)
    assert summary["late_recorded"] == 0
    assert not LateFiling.objects.exists() and not ScoreEntry.objects.exists()
    unit = county["staff_b"].department
    skips = [r.getMessage() for r in caplog.records if "assessment is closed" in r.getMessage()]
    assert skips and unit.code in skips[0] and "practice_projects:q3" in skips[0]
    # The reminders went out; the clerks still get the list of late units.
    assert Notification.objects.filter(recipient=county["staff_b"]).count() == 1
    assert unit.short_name in Notification.objects.get(recipient=county["clerk"]).verb
    # The next runs raise nothing and still record nothing.
    run(LATE_DAY + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    assert not LateFiling.objects.exists() and not ScoreEntry.objects.exists()


def test_a_closed_assessment_does_not_stop_the_other_units_or_the_other_campaign(
    county, campaign_2025, django_capture_on_commit_callbacks, caplog
):
    """Every unit is late for the 2025 plan and for last year's (2024) one, due the same day:
    2025 is closed, 2024 is not. The run goes through every unit of both."""
    Campaign.objects.filter(pk=campaign_2025.pk).update(plan_deadline=DEADLINE)
    close_assessment(campaign_2025)
    last_year = CampaignFactory(year=2024, plan_deadline=DEADLINE)
    with caplog.at_level(logging.WARNING, logger="efficiency_center.lateness"):
        summary = run(LATE_DAY, django_capture_on_commit_callbacks)
    skipped = {r.args[1] for r in caplog.records if "assessment is closed" in r.getMessage()}
    assert skipped == {"A01", "A01S", "B01"}
    # 2024: each unit's plan and project filing, recorded once each.
    assert summary["late_recorded"] == LateFiling.objects.count() == 6
    assert set(LateFiling.objects.values_list("campaign_id", flat=True)) == {last_year.pk}
    assert set(ScoreEntry.objects.values_list("campaign_id", flat=True)) == {last_year.pk}
    assert ScoreEntry.objects.count() == 6


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
