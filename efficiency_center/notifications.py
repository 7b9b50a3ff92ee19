"""The notification outbox.

`notify()` writes Notification rows in the caller's transaction; after commit it asks Celery to
email them. Delivery is idempotent (a row is emailed once: `emailed_at` is set under a row lock),
and a periodic sweeper re-sends what the outbox still holds, so a broker that was down when the
row was written loses nothing.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 5
# Inside `without_email()`: notifications are written as already sent.
_without_email = ContextVar("without_email", default=False)


@contextmanager
def without_email():
    """Write notifications without emailing them: the demo's past year is told in the site, not
    by a flood of mails about things that happened months ago."""
    token = _without_email.set(True)
    try:
        yield
    finally:
        _without_email.reset(token)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    verb = models.CharField(_("message"), max_length=200)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    # Set by jobs that must notify once (a reminder per unit × deadline × day): unique, so that a
    # job run twice, even concurrently, cannot send twice.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.verb


def notify(users, verb, target=None, *, url="", once_key=None, at=None):
    """Write one notification per user (dated `at`, default now); email them after the
    caller's commit.

    With `once_key` (e.g. "plan-reminder:2026:D01:2026-03-13"), a user who already got a
    notification under that key gets nothing: jobs can run twice safely."""
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    if not url and target is not None and hasattr(target, "get_absolute_url"):
        url = target.get_absolute_url()
    keys = {user.pk: f"{once_key}:u{user.pk}" if once_key else None for user in users}
    if once_key:
        sent = set(
            Notification.objects.filter(dedupe_key__in=keys.values()).values_list(
                "dedupe_key", flat=True
            )
        )
        users = [user for user in users if keys[user.pk] not in sent]
    at = at or timezone.now()
    quiet = _without_email.get()
    rows = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            verb=str(verb)[:200],
            target_type=target_type,
            target_id=getattr(target, "pk", None),
            url=url,
            dedupe_key=keys[user.pk],
            created_at=at,
            emailed_at=at if quiet else None,
        )
        for user in users
    )
    ids = [row.pk for row in rows]
    if ids and not quiet:
        transaction.on_commit(lambda: enqueue_delivery(ids))
    return rows


def enqueue_delivery(ids):
    from .tasks import deliver_notifications

    try:
        deliver_notifications.delay(ids)
    except Exception:  # broker down: the sweeper sends them later
        logger.warning("notification delivery not enqueued; the sweeper will retry", exc_info=True)


def deliver(ids):
    """Email each still-unsent notification in `ids` once. Returns how many were sent."""
    sent = 0
    for pk in ids:
        with transaction.atomic():
            row = (
                Notification.objects.select_for_update(skip_locked=True)
                .select_related("recipient")
                .filter(pk=pk, emailed_at__isnull=True, email_attempts__lt=MAX_EMAIL_ATTEMPTS)
                .first()
            )
            if row is None:
                continue
            if not row.recipient.email:
                # Nothing to send: mark it so that the sweeper leaves it alone.
                row.emailed_at = timezone.now()
                row.save(update_fields=["emailed_at"])
                continue
            try:
                send_mail(
                    subject=f"[{settings.SITE_NAME}] {row.verb}",
                    message=email_text(row),
                    from_email=None,
                    recipient_list=[row.recipient.email],
                )
            except Exception:
                logger.warning("email for notification %s failed", pk, exc_info=True)
                row.email_attempts += 1
                row.save(update_fields=["email_attempts"])
                continue
            row.emailed_at = timezone.now()
            row.email_attempts += 1
            row.save(update_fields=["emailed_at", "email_attempts"])
            sent += 1
    return sent


def email_text(row):
    """The notification's text, its link, and who to contact at the center."""
    from django.utils.translation import gettext as _

    lines = [row.verb]
    if row.url:
        lines += ["", row.url]
    lines += [
        "",
        "—",
        settings.SITE_NAME,
        _("Address: %(address)s") % {"address": settings.CENTER_ADDRESS},
        _("Complaint hotline: %(hotline)s") % {"hotline": settings.CENTER_HOTLINE},
        _("E-mail: %(email)s") % {"email": settings.CENTER_EMAIL},
    ]
    return "\n".join(lines)


def pending_ids(older_than=None):
    """Notifications still to email, written long enough ago that their own delivery task
    should have run (NOTIFICATION_RESEND_AFTER): the sweeper's work."""
    if older_than is None:
        older_than = timedelta(seconds=settings.NOTIFICATION_RESEND_AFTER)
    cutoff = timezone.now() - older_than
    return list(
        Notification.objects.filter(
            emailed_at__isnull=True, email_attempts__lt=MAX_EMAIL_ATTEMPTS, created_at__lt=cutoff
        ).values_list("pk", flat=True)[:500]
    )


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def for_user(user):
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


@transaction.atomic
def mark_read(user, ids=None):
    """Mark the user's notifications (all, or those in `ids`) read; returns the count."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())
