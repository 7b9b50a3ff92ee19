"""Logs: one JSON object a line on stdout (request id, user id, path, status, duration) in
production, plain text in development; checked in fresh processes, as gunicorn would run."""

import json

import pytest

from tests.factories import UserFactory
from tests.ops.live import app_env, manage_shell

REQUESTS = """
from django.test import Client
from efficiency_center.models import User
c = Client()
c.get("/healthz/", HTTP_X_REQUEST_ID="nginx-0123456789abcdef")
c.force_login(User.objects.get(username="logme"))
c.get("/notifications/?code=JHXN-SECRET-CODE")
c.get("/healthz/", HTTP_X_REQUEST_ID="bad id; drop table")
"""


@pytest.mark.django_db(transaction=True)
def test_json_lines_with_request_and_user(db):
    user = UserFactory(username="logme")
    out = manage_shell(REQUESTS, env=app_env(LOG_FORMAT="json", DEBUG="1"))
    records = [json.loads(line) for line in out.splitlines() if line.strip()]
    requests = [r for r in records if r["logger"] == "operations.request"]
    assert len(requests) == 3, out
    first, second, third = requests
    assert first["request_id"] == "nginx-0123456789abcdef"
    assert (first["path"], first["status"], first["user_id"]) == ("/healthz/", 503, None)
    assert first["duration_ms"] >= 0 and first["level"] == "INFO" and "time" in first
    assert (second["path"], second["status"], second["user_id"]) == (
        "/notifications/",
        200,
        user.pk,
    )
    assert len(second["request_id"]) == 32
    assert len(third["request_id"]) == 32 and "drop" not in third["request_id"]
    # The query string (a complaint's query code may be in it) is never logged.
    assert "SECRET" not in out
    # Django's own line about the 503 carries the same request id.
    django_lines = [r for r in records if r["logger"] == "django.request"]
    assert django_lines and django_lines[0]["request_id"] == "nginx-0123456789abcdef"


@pytest.mark.django_db(transaction=True)
def test_plain_text_for_development(db):
    out = manage_shell(
        'from django.test import Client; Client().get("/healthz/", HTTP_X_REQUEST_ID="abcdef0123")',
        env=app_env(LOG_FORMAT="text"),
    )
    line = next(line for line in out.splitlines() if "operations.request" in line)
    assert "[abcdef0123 u=None] GET /healthz/ 503" in line
    with pytest.raises(json.JSONDecodeError):
        json.loads(line)


def test_production_default_is_json():
    from operations import logs

    config = logs.config(log_format="json")
    assert config["handlers"]["console"]["formatter"] == "json"
    assert config["handlers"]["console"]["stream"] == "ext://sys.stdout"
    with pytest.raises(ValueError):
        logs.config(log_format="xml")
