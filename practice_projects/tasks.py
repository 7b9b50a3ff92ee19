"""The app's daily job (registered in efficiency_center.schedules, 08:00 every day)."""

import datetime

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def send_project_reminders(today=None):
    """Reminders before each deadline and late filings the day after; safe to run twice.

    `today` (ISO date) is for tests and catch-up runs; beat passes nothing."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return services.reminders_run(today=day)
