"""Each periodic job's runs (recorded by Celery signals in live workers: see test_faults.py),
shown in the admin's periodic jobs list; the heartbeat; the sweeper that re-queues a periodic
job whose message the broker lost."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from efficiency_center.celery import app
from efficiency_center.tasks import sweep_notification_outbox
from operations import jobs
from operations.health import heartbeat_age
from operations.models import JobRun
from operations.tasks import heartbeat

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]

DAILY = "效能投诉催办与督办"


def test_operations_jobs_are_scheduled():
    scheduled = dict(PeriodicTask.objects.values_list("task", "interval__every"))
    assert scheduled["operations.tasks.heartbeat"] == 60
    assert scheduled["operations.tasks.requeue_missed_jobs"] == 300


def test_heartbeat_task():
    assert heartbeat_age() is None
    heartbeat.apply()
    assert 0 <= heartbeat_age() < 5


def test_inline_runs_are_not_recorded():
    sweep_notification_outbox.apply(headers={"periodic_task_name": "通知邮件补发"})
    assert not JobRun.objects.exists()


def test_admin_lists_each_jobs_last_run_duration_and_failure(client, users):
    now = timezone.now()
    JobRun.objects.create(
        task="complaints.tasks.check_deadlines",
        periodic_task_name=DAILY,
        started_at=now - datetime.timedelta(days=1),
        finished_at=now - datetime.timedelta(days=1),
        duration=0.8,
        status=JobRun.Status.SUCCESS,
    )
    JobRun.objects.create(
        task="complaints.tasks.check_deadlines",
        periodic_task_name=DAILY,
        started_at=now - datetime.timedelta(minutes=3),
        finished_at=now,
        duration=12.34,
        status=JobRun.Status.FAILURE,
        error="OperationalError: could not connect to server",
    )
    client.force_login(users["admin"])
    page = client.get(reverse("admin:django_celery_beat_periodictask_changelist")).content.decode()
    row = page[page.index(DAILY) :]
    row = row[: row.index("</tr>")]
    assert "12.3" in row and "失败：OperationalError: could not connect to server" in row
    assert "上次运行" in page and "用时（秒）" in page
    runs = client.get(reverse("admin:operations_jobrun_changelist"))
    assert runs.status_code == 200 and "OperationalError" in runs.content.decode()


@pytest.fixture
def lost_job():
    """A daily job that beat sent 20 minutes ago to a queue of its own, which no worker took."""
    queue = f"test-requeue-{uuid.uuid4().hex[:8]}"
    job = PeriodicTask.objects.get(name=DAILY)
    job.queue = queue
    job.kwargs = '{"today": "2025-10-13"}'
    job.last_run_at = timezone.now() - datetime.timedelta(minutes=20)
    job.save()
    PeriodicTask.objects.filter(pk=job.pk).update(last_run_at=job.last_run_at)
    yield job
    with app.connection_for_write() as conn:
        conn.default_channel.client.delete(queue)


def queued(queue):
    with app.connection_for_write() as conn:
        return conn.default_channel.client.llen(queue)


def test_a_lost_daily_job_is_sent_again_once(lost_job):
    assert [job.name for job in jobs.missed_jobs()] == [DAILY]
    assert jobs.requeue_missed() == [DAILY]
    assert queued(lost_job.queue) == 1
    requeued = JobRun.objects.get()
    assert (requeued.status, requeued.periodic_task_name) == (JobRun.Status.REQUEUED, DAILY)
    # The next sweep waits for the worker to take it.
    assert jobs.requeue_missed() == []
    assert queued(lost_job.queue) == 1


def test_a_job_a_worker_started_is_not_sent_again(lost_job):
    JobRun.objects.create(
        task=lost_job.task, periodic_task_name=DAILY, status=JobRun.Status.RUNNING
    )
    assert jobs.missed_jobs() == []


@pytest.mark.parametrize("minutes_ago", [5, 60 * 30])
def test_too_recent_or_too_old_is_left_alone(lost_job, minutes_ago):
    PeriodicTask.objects.filter(pk=lost_job.pk).update(
        last_run_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    assert jobs.missed_jobs() == []


def test_old_job_runs_are_pruned(lost_job, settings):
    old = JobRun.objects.create(
        task="x",
        status=JobRun.Status.SUCCESS,
        started_at=timezone.now() - datetime.timedelta(days=settings.JOB_RUN_KEEP_DAYS + 1),
    )
    jobs.requeue_missed()
    assert not JobRun.objects.filter(pk=old.pk).exists()
