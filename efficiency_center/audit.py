"""The audit trail: logins, failed logins, denied pages, exports, reads of sealed fields.

Append-only. Rows are kept at least AUDIT_RETENTION_DAYS; `purge_expired` removes only older ones.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

AUDIT_RETENTION_DAYS = 180


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGOUT = "logout", _("Logged out")
        LOGIN_FAILED = "login_failed", _("Login failed")
        DENIED = "denied", _("Access denied")
        EXPORT = "export", _("Export")
        SEALED_READ = "sealed_read", _("Read a sealed field")
        DOWNLOAD = "download", _("File download")
        COMPLAINT_FILED = "complaint_filed", _("Complaint filed")
        ASSESSMENT_CLOSE = "assessment_close", _("Assessment closed")
        ASSESSMENT_REVERSE = "assessment_reverse", _("Ledger entry reversed")
        STATE_CHANGE = "state_change", _("Workflow step")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    target = models.CharField(_("target"), max_length=300, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)


def _client_ip(request):
    return request.META.get("REMOTE_ADDR") if request is not None else None


def audit(user, action, target="", detail="", request=None, at=None):
    # A job's system account is inactive (not "authenticated" as a visitor) but is who acted.
    known = user is not None and getattr(user, "pk", None) is not None
    return AuditEvent.objects.create(
        user=user if known else None,
        username=getattr(user, "username", "") or "",
        action=action,
        target=str(target)[:300],
        detail=detail,
        ip_address=_client_ip(request),
        created_at=at or timezone.now(),
    )


def purge_expired(now=None):
    cutoff = (now or timezone.now()) - timedelta(days=AUDIT_RETENTION_DAYS)
    return AuditEvent.objects.filter(created_at__lt=cutoff)._raw_delete(AuditEvent.objects.db)


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    audit(user, AuditEvent.Action.LOGIN, request=request)


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit(user, AuditEvent.Action.LOGOUT, request=request)


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    AuditEvent.objects.create(
        username=str(credentials.get("username", ""))[:150],
        action=AuditEvent.Action.LOGIN_FAILED,
        ip_address=_client_ip(request),
    )
