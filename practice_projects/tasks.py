"""The app's daily job (registered in efficiency_center.schedules, 08:00 every day)."""

import datetime

from celery import shared_task
from django.utils import timezone

from . import services

RUN_AT = datetime.time(8)


@shared_task
def send_project_reminders(today=None):
    """Reminders before each deadline and late filings the day after; safe to run twice.

    `today` (ISO date) is for tests and catch-up runs: the job runs as on that day at 08:00;
    beat passes nothing (now)."""
    at = None
    if today:
        day = datetime.date.fromisoformat(today)
        at = timezone.make_aware(datetime.datetime.combine(day, RUN_AT))
    return services.reminders_run(at=at)
