"""Per-address limits for the public forms (complaints filed, query codes tried).

Hits are rows, so the limit holds across processes and servers with no cache to configure, and
the default SQLite run behaves like production. The address is kept only as a keyed digest.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils import timezone


class ThrottleHit(models.Model):
    scope = models.CharField(max_length=40)
    key_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "key_digest", "created_at"])]

    def __str__(self):
        return f"{self.scope} {self.created_at:%Y-%m-%d %H:%M}"


def digest(value):
    """A keyed digest of an address: comparable, not reversible without the secret key."""
    return hmac.new(
        settings.SECRET_KEY.encode(), str(value or "").encode(), hashlib.sha256
    ).hexdigest()


def client_address(request):
    # Behind a proxy, the proxy must set REMOTE_ADDR (gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR") or ""


def exceeded(scope, address, *, limit, window=datetime.timedelta(hours=1)):
    """True if `address` already made `limit` hits of `scope` within `window`."""
    since = timezone.now() - window
    hits = ThrottleHit.objects.filter(
        scope=scope, key_digest=digest(address), created_at__gte=since
    )
    return hits.count() >= limit


def hit(scope, address):
    ThrottleHit.objects.create(scope=scope, key_digest=digest(address))


def purge(older_than=datetime.timedelta(days=2)):
    return ThrottleHit.objects.filter(created_at__lt=timezone.now() - older_than).delete()[0]
