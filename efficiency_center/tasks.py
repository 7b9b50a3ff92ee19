"""Core jobs. Each is thin and safe to run twice: what must happen once is decided from rows."""

import datetime

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, notifications, workdays


@shared_task
def ping(value):
    """A round trip through the broker (used by the integration test and the health check)."""
    return {"pong": value, "workday_today": workdays.is_workday(timezone.localdate())}


@shared_task
def deliver_notifications(ids):
    return notifications.deliver(ids)


@shared_task
def sweep_notification_outbox():
    return notifications.deliver(notifications.pending_ids())


@shared_task
def remind_calendar_schedule(today=None):
    """Each November and December, remind admins (once per year) to load next year's schedule.

    `today` (ISO date) is for tests; beat passes nothing."""
    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    year = today.year + 1
    if workdays.year_is_covered(year):
        return 0
    verb = _("Please enter the official holiday schedule of %(year)s (calendar overrides).") % {
        "year": year
    }
    admins = get_user_model().objects.filter(Q(is_superuser=True) | Q(role="admin"), is_active=True)
    with transaction.atomic():
        rows = notifications.notify(
            list(admins),
            verb,
            url=reverse("admin:efficiency_center_dayoverride_changelist"),
            once_key=f"calendar-schedule:{year}",
        )
    return len(rows)


@shared_task
def purge_audit_log():
    """Daily housekeeping: audit rows past their retention, and throttle hits older than any
    limit counts."""
    from . import throttle

    throttle.purge()
    return audit.purge_expired()
