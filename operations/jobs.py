"""Each periodic job's runs, recorded from Celery's signals; the heartbeat; the re-queue of jobs
whose message the broker lost.

Beat sends every periodic job with a `periodic_task_name` header (django-celery-beat). A worker
that starts such a task writes a JobRun (running), and on its end the duration and the outcome.
A task redelivered after its worker died finds its earlier row still running and marks it failed
("worker lost").
"""

import logging
import socket
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger(__name__)

HEARTBEAT_TASK = "operations.tasks.heartbeat"
REQUEUE_TASK = "operations.tasks.requeue_missed_jobs"

# name -> (task, every N seconds)
OPERATIONS_JOBS = {
    "运行心跳": (HEARTBEAT_TASK, "HEARTBEAT_INTERVAL"),
    "漏发任务补发": (REQUEUE_TASK, "JOB_REQUEUE_SWEEP_INTERVAL"),
}

_started = {}


def _periodic_name(task):
    return getattr(task.request, "periodic_task_name", None) or ""


def _recorded(task):
    request = task.request
    return (
        not request.is_eager
        and task.name != HEARTBEAT_TASK
        and bool(getattr(request, "periodic_task_name", None))
    )


def on_task_prerun(sender=None, task_id=None, task=None, **kwargs):
    if task is None or not _recorded(task):
        return
    from .models import JobRun

    try:
        close_old_connections()
        now = timezone.now()
        # A redelivered task: its earlier run died with its worker.
        JobRun.objects.filter(task_id=task_id, status=JobRun.Status.RUNNING).update(
            status=JobRun.Status.FAILURE,
            finished_at=now,
            error="worker lost; the task was delivered again",
        )
        run = JobRun.objects.create(
            task=task.name,
            periodic_task_name=_periodic_name(task),
            task_id=task_id or "",
            worker=f"{socket.gethostname()}:{task.request.hostname or ''}"[:200],
            started_at=now,
            status=JobRun.Status.RUNNING,
        )
        _started[task_id] = run.pk
    except Exception:
        logger.warning("could not record the start of %s", task.name, exc_info=True)


def _finish(task_id, status, error=""):
    from .models import JobRun

    pk = _started.pop(task_id, None)
    if pk is None:
        return
    try:
        close_old_connections()
        run = JobRun.objects.get(pk=pk)
        run.finished_at = timezone.now()
        run.duration = (run.finished_at - run.started_at).total_seconds()
        run.status = status
        run.error = error[:2000]
        run.save(update_fields=["finished_at", "duration", "status", "error"])
    except Exception:
        logger.warning("could not record the end of task %s", task_id, exc_info=True)


def on_task_postrun(sender=None, task_id=None, task=None, state=None, **kwargs):
    from .models import JobRun

    if state == "SUCCESS":
        _finish(task_id, JobRun.Status.SUCCESS)
    elif task_id in _started:  # failure was recorded by on_task_failure; retries etc.
        _finish(task_id, JobRun.Status.FAILURE, f"ended in state {state}")


def on_task_failure(sender=None, task_id=None, exception=None, **kwargs):
    from .models import JobRun

    _finish(task_id, JobRun.Status.FAILURE, f"{type(exception).__name__}: {exception}")


def connect_celery_signals():
    from celery.signals import task_failure, task_postrun, task_prerun

    task_prerun.connect(on_task_prerun, weak=False, dispatch_uid="operations-prerun")
    task_postrun.connect(on_task_postrun, weak=False, dispatch_uid="operations-postrun")
    task_failure.connect(on_task_failure, weak=False, dispatch_uid="operations-failure")


def ensure_periodic_tasks(**kwargs):
    """The heartbeat and the re-queue sweeper in django-celery-beat (only if missing)."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    for name, (task, setting) in OPERATIONS_JOBS.items():
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        every, _ = IntervalSchedule.objects.get_or_create(
            every=getattr(settings, setting), period=IntervalSchedule.SECONDS
        )
        # A message older than one period is worth nothing (a newer one follows): after an
        # outage the workers do not run an hour of stale heartbeats.
        PeriodicTask.objects.create(
            name=name, task=task, interval=every, expire_seconds=every.every
        )


def beat():
    from .health import HEARTBEAT
    from .models import Heartbeat

    now = timezone.now()
    Heartbeat.objects.update_or_create(name=HEARTBEAT, defaults={"at": now})
    return now.isoformat()


def missed_jobs(now=None):
    """The periodic jobs that beat sent (PeriodicTask.last_run_at) at least JOB_REQUEUE_AFTER
    ago, less than a day ago, and that no worker has started since (nor was re-queued within
    JOB_REQUEUE_AFTER): their message was lost."""
    from django_celery_beat.models import PeriodicTask

    from .models import JobRun

    now = now or timezone.now()
    grace = timedelta(seconds=settings.JOB_REQUEUE_AFTER)
    slack = timedelta(seconds=60)  # clocks of the beat and worker hosts
    missed = []
    candidates = PeriodicTask.objects.filter(
        enabled=True,
        last_run_at__lte=now - grace,
        last_run_at__gte=now - timedelta(days=1),
    ).exclude(task__in=[HEARTBEAT_TASK, REQUEUE_TASK])
    for job in candidates:
        runs = JobRun.objects.filter(
            periodic_task_name=job.name, started_at__gte=job.last_run_at - slack
        )
        if runs.exclude(status=JobRun.Status.REQUEUED).exists():
            continue
        if runs.filter(status=JobRun.Status.REQUEUED, started_at__gte=now - grace).exists():
            continue
        missed.append(job)
    return missed


def requeue_missed(now=None):
    """Send each missed job again, as beat would; returns their names."""
    import json

    from efficiency_center.celery import app

    from .models import JobRun

    now = now or timezone.now()
    sent = []
    for job in missed_jobs(now):
        options = {"headers": {"periodic_task_name": job.name}}
        if job.queue:
            options["queue"] = job.queue
        result = app.send_task(
            job.task,
            args=json.loads(job.args or "[]"),
            kwargs=json.loads(job.kwargs or "{}"),
            **options,
        )
        JobRun.objects.create(
            task=job.task,
            periodic_task_name=job.name,
            task_id=result.id,
            started_at=now,
            finished_at=now,
            duration=0,
            status=JobRun.Status.REQUEUED,
            error=f"beat sent it at {job.last_run_at:%Y-%m-%d %H:%M:%S} UTC; no worker started it",
        )
        logger.warning("periodic job %s re-queued: its message was lost", job.name)
        sent.append(job.name)
    keep = timedelta(days=settings.JOB_RUN_KEEP_DAYS)
    JobRun.objects.filter(started_at__lt=now - keep).delete()
    return sent
