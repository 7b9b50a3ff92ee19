"""What /healthz/ checks: the database, the cache and the broker that are configured, and the
beat heartbeat. Each check answers (ok, detail); details name the failure, never a URL or
password (the full error goes to the log)."""

import logging
import re
import time
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

logger = logging.getLogger(__name__)

HEARTBEAT = "beat"
_CREDENTIALS = re.compile(r"://[^/@\s]+@")


def _failure(name, exc):
    first_line = _CREDENTIALS.sub("://***@", str(exc).strip().splitlines()[0] if str(exc) else "")
    logger.error("health check %s failed: %s: %s", name, type(exc).__name__, first_line)
    return False, f"error: {type(exc).__name__}"


def check_database():
    results = {}
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
            results[alias] = (True, "ok")
        except Exception as exc:
            results[alias] = _failure(f"database {alias}", exc)
    ok = all(result[0] for result in results.values())
    if len(results) == 1:
        return next(iter(results.values()))
    return ok, ", ".join(f"{alias} {detail}" for alias, (_, detail) in results.items())


def _is_redis_cache(backend):
    return "redis" in backend.lower()


def check_cache():
    backend = settings.CACHES["default"]["BACKEND"]
    if not _is_redis_cache(backend):
        return True, "ok (local memory)"
    from django.core.cache import cache

    try:
        key = "healthz:probe"
        value = str(time.time())
        cache.set(key, value, timeout=30)
        if cache.get(key) != value:
            return False, "error: value not read back"
    except Exception as exc:
        return _failure("cache", exc)
    return True, "ok"


def check_broker():
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        # The embedded default (make run): the queue folder must be there and writable.
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        try:
            probe = folder / ".healthz"
            probe.write_text("ok")
            probe.unlink()
        except Exception as exc:
            return _failure("broker", exc)
        return True, "ok (filesystem)"
    from efficiency_center.celery import app

    try:
        with app.connection_for_write(url) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            if url.startswith(("redis://", "rediss://")):
                conn.default_channel.client.ping()
    except Exception as exc:
        return _failure("broker", exc)
    return True, "ok"


def heartbeat_age(now=None):
    """Seconds since the heartbeat job last ran, or None if it never did."""
    from .models import Heartbeat

    at = Heartbeat.objects.filter(name=HEARTBEAT).values_list("at", flat=True).first()
    if at is None:
        return None
    return ((now or timezone.now()) - at).total_seconds()


def check_heartbeat():
    try:
        age = heartbeat_age()
    except Exception as exc:
        return _failure("heartbeat", exc)
    limit = settings.HEARTBEAT_MAX_AGE
    if age is None:
        return False, "error: no heartbeat yet (is celery beat running?)"
    if age > limit:
        return False, f"stale: {int(age)} s old, limit {limit} s (celery beat or worker down?)"
    return True, f"ok ({int(age)} s old)"


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "heartbeat": check_heartbeat,
}


def run_checks():
    return {name: check() for name, check in CHECKS.items()}
