"""The complaints app's daily job (registered in efficiency_center.schedules, 08:30 every day)."""

import datetime

from celery import shared_task

from .services.reminders import deadline_checks_run


@shared_task
def check_deadlines(today=None):
    """Reminders (催办) before the reply deadline, the supervision notice (督办) after it, and
    the leaders told of very overdue cases; safe to run twice.

    `today` (ISO date) is the day to run for, for tests and catch-up runs; beat passes nothing."""
    day = datetime.date.fromisoformat(today) if today else None
    return deadline_checks_run(day=day)
