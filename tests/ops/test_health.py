"""/healthz/: 200 only when the database, the cache and broker that are configured and the beat
heartbeat are fine; 503 naming what failed otherwise, with no secret in the answer."""

import datetime
import os

import pytest
from django.db import OperationalError, connections
from django.urls import reverse
from django.utils import timezone

from operations import jobs
from operations.health import HEARTBEAT
from operations.models import Heartbeat
from tests.ops.live import free_port

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_cache(url):
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


@pytest.fixture
def fresh_heartbeat():
    jobs.beat()


def health(client):
    response = client.get(reverse("healthz"))
    return response.status_code, response.json()


def test_all_fine_with_redis_cache_and_broker(client, settings, fresh_heartbeat):
    settings.CACHES = redis_cache(REDIS_URL)
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    status, body = health(client)
    assert status == 200, body
    assert body["status"] == "ok" and body["failed"] == []
    assert set(body["checks"]) == {"database", "cache", "broker", "heartbeat"}
    assert body["message"] == "各项服务均正常。"


def test_answers_with_a_request_id(client, fresh_heartbeat):
    response = client.get(reverse("healthz"))
    assert len(response["X-Request-ID"]) == 32
    assert response["Cache-Control"].startswith("max-age=0")


def test_no_heartbeat_yet(client):
    status, body = health(client)
    assert status == 503
    assert body["failed"] == ["heartbeat"] and "no heartbeat" in body["checks"]["heartbeat"]
    assert body["message"] == "以下服务异常：heartbeat。"


def test_stale_heartbeat(client, settings):
    settings.HEARTBEAT_MAX_AGE = 180
    Heartbeat.objects.create(name=HEARTBEAT, at=timezone.now() - datetime.timedelta(seconds=200))
    status, body = health(client)
    assert status == 503 and body["failed"] == ["heartbeat"]
    assert body["checks"]["heartbeat"].startswith("stale: 200 s old, limit 180 s")
    Heartbeat.objects.update(at=timezone.now() - datetime.timedelta(seconds=170))
    assert health(client)[0] == 200


def test_broker_down_is_named_without_its_password(client, settings, fresh_heartbeat):
    settings.CELERY_BROKER_URL = f"redis://:s3cret-pw@127.0.0.1:{free_port()}/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["broker"] and body["checks"]["broker"].startswith("error:")
    assert (
        "s3cret" not in response.content.decode() and "127.0.0.1" not in response.content.decode()
    )


def test_redis_cache_down_is_named(client, settings, fresh_heartbeat):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")
    status, body = health(client)
    assert status == 503 and body["failed"] == ["cache"]


def test_database_down_is_named(client, monkeypatch, fresh_heartbeat):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    # The heartbeat is read through the ORM, which needs the same cursor: it cannot be checked.
    status, body = health(client)
    assert status == 503
    assert "database" in body["failed"] and body["checks"]["database"] == "error: OperationalError"
    assert "heartbeat" in body["failed"]


def test_filesystem_broker_of_make_run(client, settings, tmp_path, fresh_heartbeat):
    """`make run` has no Redis: the broker check looks at the queue folder it does use."""
    queue = tmp_path / "queue"
    queue.mkdir()
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(queue)}
    status, body = health(client)
    assert status == 200 and body["checks"]["broker"] == "ok (filesystem)"
    assert body["checks"]["cache"] == "ok (local memory)"
    queue.rmdir()
    status, body = health(client)
    assert status == 503 and body["failed"] == ["broker"]
