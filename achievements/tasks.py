"""Achievement jobs: thin and safe to run twice (what must happen once is decided from rows).

`today` (ISO date) is for tests and catch-up runs: the job acts as on that day; beat passes
nothing (now)."""

import datetime

from celery import shared_task
from django.utils import timezone

from efficiency_center.models import Campaign

from .services import missed_deadlines_sweep, publicity_close_due


def _at(today):
    """The moment a job runs for: now, or the start of the day it is asked to run for."""
    if not today:
        return timezone.now()
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(today), datetime.time())
    )


@shared_task
def close_publicity_batches(today=None):
    """Close the 公示 batches whose period is over and whose objections are all answered."""
    closed, held = publicity_close_due(at=_at(today))
    return {"closed": [b.pk for b in closed], "held": [b.pk for b in held]}


@shared_task
def record_missed_deadlines(today=None):
    """Record (once) each unit that filed no achievement of a past quarter by its deadline."""
    at = _at(today)
    campaign = Campaign.objects.running(on=timezone.localdate(at))
    if campaign is None:
        return 0
    return missed_deadlines_sweep(campaign=campaign, at=at)
