"""Faults survived, with real services: a private Redis that crashes and comes back, Celery
workers as real processes that get killed, the test database as the record of what is due.

- Redis restarted while reminders are queued: every reminder is still emailed exactly once (the
  outbox sweeper re-sends what the database still holds; the job sweeper re-queues a daily job
  whose message was lost).
- A worker killed in the middle of the daily job: the job runs again and its effect happens once.
- Two workers running the daily jobs at once: nothing is doubled.
"""

import datetime
import json
import os
import signal
from collections import Counter
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from efficiency_center.notifications import Notification
from efficiency_center.scoring import ScoreEntry
from efficiency_center.workflow import StateChange
from operations.models import JobRun
from tests.complaints.factories import forwarded_case
from tests.factories import CampaignFactory, DepartmentFactory, UserFactory
from tests.ops import mailbox
from tests.ops.live import (
    PrivateRedis,
    Worker,
    app_env,
    celery_call,
    celery_calls,
    manage_shell,
    start_all,
    wait_for,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

D = datetime.date
REMIND_DAY = "2025-10-13"  # 3 working days before 10-16; 10-10 is past
NEXT_DAY = "2025-10-15"  # 1 working day before 10-16
DAILY_JOB = "效能投诉催办与督办"


@pytest.fixture
def county(db):
    """Four cases due 10-16 (reminded on 10-13 and 10-15), two due 10-10 (督办 and a deduction on
    10-13), each with a unit of its own whose staff and head have an email address."""
    campaign = CampaignFactory(year=2025)
    cases = []
    for n in range(6):
        unit = DepartmentFactory(code=f"F{n}", name=f"县故障测试局{n}")
        for role in ("staff", "head"):
            UserFactory(username=f"f{n}_{role}", role=role, department=unit)
        forwarded_on = D(2025, 9, 26) if n < 4 else D(2025, 9, 19)
        cases.append(forwarded_case(campaign=campaign, department=unit, on=forwarded_on))
    return cases


@pytest.fixture
def redis(tmp_path):
    server = PrivateRedis(tmp_path / "redis").start()
    yield server
    server.stop()


def worker_env(redis, tmp_path, **extra):
    return app_env(
        CELERY_BROKER_URL=redis.url,
        CELERY_RESULT_BACKEND=redis.url,
        EMAIL_BACKEND="tests.ops.mailbox.EmailBackend",
        TEST_MAILBOX=tmp_path / "mailbox.jsonl",
        **extra,
    )


def emailed_exactly_once(tmp_path):
    """Every notification to someone with an email was sent once, and nothing else was."""
    sent = Counter((m["to"][0], m["subject"]) for m in mailbox.read(tmp_path / "mailbox.jsonl"))
    expected = Counter(
        (n.recipient.email, f"[{_site()}] {n.verb}")
        for n in Notification.objects.select_related("recipient")
    )
    return sent, expected


def _site():
    from django.conf import settings

    return settings.SITE_NAME


def all_emailed():
    return (
        Notification.objects.exists()
        and not Notification.objects.filter(emailed_at__isnull=True).exists()
    )


def effects():
    """What the daily jobs did, in numbers that doubling would change."""
    return {
        "notifications": Notification.objects.count(),
        "scores": ScoreEntry.objects.count(),
        "state_changes": StateChange.objects.count(),
        "score_causes": ScoreEntry.objects.values("cause_id", "cause_type", "kind")
        .distinct()
        .count(),
    }


@contextmanager
def slow_inserts(table, seconds):
    """Each INSERT statement into `table` takes `seconds` longer (a trigger in the test
    database): the daily job is slow enough to be caught in the middle."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION ops_test_slow() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN PERFORM pg_sleep({float(seconds)}); RETURN NULL; END $$"
        )
        cursor.execute(
            f'CREATE TRIGGER ops_test_slow AFTER INSERT ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION ops_test_slow()"
        )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP TRIGGER IF EXISTS ops_test_slow ON "{table}"')
            cursor.execute("DROP FUNCTION IF EXISTS ops_test_slow()")


def daily_job(today):
    """The complaints job as beat has it, with the day fixed (beat passes none)."""
    job, _ = PeriodicTask.objects.get_or_create(
        name=DAILY_JOB,
        defaults={"task": "complaints.tasks.check_deadlines"},
    )
    job.kwargs = json.dumps({"today": today})
    job.save()
    return job


@pytest.mark.parametrize("appendonly", [False, True], ids=["no-persistence", "appendonly"])
def test_redis_restarted_while_reminders_are_queued(county, tmp_path, appendonly):
    redis = PrivateRedis(tmp_path / "redis", appendonly=appendonly).start()
    env = worker_env(redis, tmp_path)
    try:
        # The web process (or yesterday's job) wrote reminders and queued their delivery ...
        manage_shell(
            f"from complaints.tasks import check_deadlines; check_deadlines({REMIND_DAY!r})",
            env=env,
        )
        assert Notification.objects.count() == 4 * 2 + 2 * 2
        # ... and beat sent today's job, recording when (last_run_at), 20 minutes ago.
        job = daily_job(NEXT_DAY)
        celery_call(
            "complaints.tasks.check_deadlines",
            kwargs={"today": NEXT_DAY},
            headers={"periodic_task_name": DAILY_JOB},
            env=env,
        )
        PeriodicTask.objects.filter(pk=job.pk).update(
            last_run_at=timezone.now() - datetime.timedelta(minutes=20)
        )
        queued = redis.client().llen("celery")
        assert queued == 6 + 1, "one delivery task per case's notices, and the daily job"

        # No worker yet: Redis crashes and comes back.
        redis.crash()
        redis.start()
        after_restart = redis.client().llen("celery")
        assert after_restart == (queued if appendonly else 0)

        # Time passes: the outbox rows are older than the sweeper's 5 minutes.
        Notification.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=10))
        worker = Worker(tmp_path / "worker.log", env=env, concurrency=2).start()
        try:
            # Beat's next ticks: the outbox sweeper and the job sweeper, both through Redis.
            celery_calls(
                [
                    {"task": "efficiency_center.tasks.sweep_notification_outbox"},
                    {"task": "operations.tasks.requeue_missed_jobs"},
                ],
                env=env,
            )
            wait_for(
                lambda: JobRun.objects.filter(
                    periodic_task_name=DAILY_JOB, status=JobRun.Status.SUCCESS
                ).exists(),
                60,
                what="the daily job of 10-15 to run",
            )
            wait_for(all_emailed, 60, what="every notification emailed")
            # Let any duplicate still in flight arrive before counting.
            wait_for(lambda: redis.client().llen("celery") == 0, 30, what="an empty queue")
        finally:
            worker.stop()
    finally:
        redis.stop()

    # 10-13: 8 reminders + 4 督办; 10-15: 8 reminders (one working day before 10-16).
    assert Notification.objects.count() == 12 + 8
    sent, expected = emailed_exactly_once(tmp_path)
    assert sent == expected and sum(sent.values()) == 20
    assert set(sent.values()) == {1}
    assert set(Notification.objects.values_list("email_attempts", flat=True)) == {1}
    assert ScoreEntry.objects.count() == 2
    if not appendonly:
        requeued = JobRun.objects.get(status=JobRun.Status.REQUEUED)
        assert requeued.periodic_task_name == DAILY_JOB


@pytest.mark.parametrize("what", ["pool-process", "whole-worker"])
def test_worker_killed_in_the_middle_of_the_daily_job(county, redis, tmp_path, what):
    """pool-process: the process running the task dies (OOM killer, a crash); the worker hands
    the task back at once. whole-worker: the worker and its pool die together (the host, or
    SIGKILL from systemd); Redis hands the unacknowledged task to the next worker once its
    visibility timeout has passed (CELERY_VISIBILITY_TIMEOUT, 4 s here, 6 h by default)."""
    timeout = {"CELERY_VISIBILITY_TIMEOUT": 4} if what == "whole-worker" else {}
    env = worker_env(redis, tmp_path, NOTIFICATION_RESEND_AFTER=1, **timeout)
    worker = Worker(tmp_path / "worker.log", env=env, concurrency=1).start()
    second = None
    try:
        with slow_inserts("efficiency_center_notification", 1.5):
            task_id = celery_call(
                "complaints.tasks.check_deadlines",
                kwargs={"today": REMIND_DAY},
                headers={"periodic_task_name": DAILY_JOB},
                env=env,
            )
            # Some cases are done (each in its own transaction), not all: kill the process
            # running the job.
            wait_for(lambda: Notification.objects.count() >= 2, 60, what="the first case done")
            if what == "pool-process":
                (child,) = worker.children()
                os.kill(child, signal.SIGKILL)
            else:
                worker.kill()
            done_when_killed = Notification.objects.count()
            assert 2 <= done_when_killed < 12
        # (No longer slowed down: the second run is quick, well inside the visibility timeout.)
        if what == "whole-worker":
            second = Worker(tmp_path / "worker2.log", env=env, concurrency=1).start()
        wait_for(
            lambda: JobRun.objects.filter(task_id=task_id, status=JobRun.Status.SUCCESS),
            90,
            what="the job to run again and finish",
        )
        # A kill between a case's commit and the sending of its delivery task leaves that
        # task unsent: the outbox sweeper, as beat runs it, sends what the database holds.
        celery_call("efficiency_center.tasks.sweep_notification_outbox", env=env)
        wait_for(all_emailed, 60, what="every notification emailed")
    finally:
        worker.stop()
        if second is not None:
            second.stop()

    runs = JobRun.objects.filter(task_id=task_id).order_by("started_at")
    assert [r.status for r in runs] == [JobRun.Status.FAILURE, JobRun.Status.SUCCESS]
    assert "worker lost" in runs[0].error
    if what == "pool-process":
        assert "WorkerLostError" in worker.log() or "SIGKILL" in worker.log()
    else:
        assert runs[0].worker != runs[1].worker
    # The effect, once: 8 reminders, 4 督办, 2 deductions, one timeline step per notice.
    assert Notification.objects.count() == 12
    assert ScoreEntry.objects.count() == 2
    steps = Counter(
        StateChange.objects.filter(content_type__model="complaint").values_list(
            "object_id", "action"
        )
    )
    assert set(steps.values()) == {1} and len(steps) == 6
    sent, expected = emailed_exactly_once(tmp_path)
    assert sent == expected and set(sent.values()) == {1}


DAILY_JOBS = [
    ("complaints.tasks.check_deadlines", {"today": REMIND_DAY}),
    ("achievements.tasks.record_missed_deadlines", {"today": REMIND_DAY}),
    ("practice_projects.tasks.send_project_reminders", {"today": REMIND_DAY}),
    ("achievements.tasks.close_publicity_batches", {"today": REMIND_DAY}),
]


def run_once_and_roll_back():
    """What one run of the daily jobs does to this data (inline, then undone)."""
    from importlib import import_module

    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            for name, kwargs in DAILY_JOBS:
                module, function = name.rsplit(".", 1)
                getattr(import_module(module), function).apply(kwargs=kwargs).get()
            result = effects()
            raise Undo
    except Undo:
        pass
    return result


def test_two_workers_running_the_daily_jobs_at_once(county, redis, tmp_path):
    once = run_once_and_roll_back()
    assert once["notifications"] >= 12 and once["scores"] >= 2
    assert effects()["notifications"] == 0
    env = worker_env(redis, tmp_path)
    workers = start_all(
        *[
            Worker(tmp_path / f"worker-{q}.log", env=env, queues=f"{q},celery", concurrency=1)
            for q in ("qa", "qb")
        ]
    )
    try:
        # Slow enough that the two runs of each job overlap; each job is sent to both workers
        # at the same moment.
        with slow_inserts("efficiency_center_notification", 0.2):
            ids = celery_calls(
                [
                    {
                        "task": name,
                        "kwargs": kwargs,
                        "queue": queue,
                        "headers": {"periodic_task_name": f"并发测试 {name}"},
                    }
                    for name, kwargs in DAILY_JOBS
                    for queue in ("qa", "qb")
                ],
                env=env,
            )
            wait_for(
                lambda: (
                    JobRun.objects.filter(task_id__in=ids)
                    .exclude(status=JobRun.Status.RUNNING)
                    .count()
                    == len(ids)
                ),
                120,
                what="both workers to finish every job",
            )
        wait_for(all_emailed, 60, what="every notification emailed")
    finally:
        for worker in workers:
            worker.stop()

    runs = JobRun.objects.filter(task_id__in=ids)
    assert set(runs.values_list("status", flat=True)) == {JobRun.Status.SUCCESS}
    # The two runs of the complaints job overlapped in time, on two workers.
    first, second = runs.filter(task="complaints.tasks.check_deadlines").order_by("started_at")
    assert second.started_at < first.finished_at and first.worker != second.worker
    assert effects() == once
    sent, expected = emailed_exactly_once(tmp_path)
    assert sent == expected and set(sent.values()) == {1}
