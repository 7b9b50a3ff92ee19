"""Operations jobs (scheduled by operations.jobs.ensure_periodic_tasks after migrate)."""

from celery import shared_task

from . import jobs


@shared_task
def heartbeat():
    """Every HEARTBEAT_INTERVAL seconds: proves beat, the broker and a worker all work."""
    return jobs.beat()


@shared_task
def requeue_missed_jobs():
    """Re-send the periodic jobs whose message the broker lost (see jobs.missed_jobs)."""
    return jobs.requeue_missed()
