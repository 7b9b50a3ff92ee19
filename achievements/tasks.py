"""Achievement jobs: thin and safe to run twice (what must happen once is decided from rows).

`today` (ISO date) is for tests and manual runs; beat passes nothing."""

import datetime

from celery import shared_task
from django.utils import timezone

from efficiency_center.models import Campaign

from .services import missed_deadlines_sweep, publicity_close_due


def _today(today):
    return datetime.date.fromisoformat(today) if today else timezone.localdate()


@shared_task
def close_publicity_batches(today=None):
    """Close the 公示 batches whose period is over and whose objections are all answered."""
    closed, held = publicity_close_due(today=_today(today))
    return {"closed": [b.pk for b in closed], "held": [b.pk for b in held]}


@shared_task
def record_missed_deadlines(today=None):
    """Record (once) each unit that filed no achievement of a past quarter by its deadline."""
    today = _today(today)
    campaign = Campaign.objects.running(on=today)
    if campaign is None:
        return 0
    return missed_deadlines_sweep(campaign=campaign, today=today)
