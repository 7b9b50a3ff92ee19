"""PostgreSQL unreachable: pages answer the Chinese 503 page (and /healthz/ names the database),
and they recover by themselves when it is back — under gunicorn with persistent connections,
against a private PostgreSQL cluster that the test stops and starts (never the shared one)."""

import datetime
import http.client
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from operations.backup import Target
from operations.health import HEARTBEAT
from operations.models import Heartbeat
from tests.factories import CenterUserFactory
from tests.ops.live import ROOT, PrivatePostgres, app_env, free_port, port_open, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def private_postgres():
    server = PrivatePostgres().init().start()
    yield server
    server.destroy()


def copy_test_database_into(server):
    """The test database's schema and rows, into a database `xnzx` of the private cluster."""
    source = Target.from_settings(connection.settings_dict)
    subprocess.run(
        [
            "psql",
            "-q",
            "-h",
            "127.0.0.1",
            "-p",
            str(server.port),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-c",
            "CREATE DATABASE xnzx",
        ],
        check=True,
        capture_output=True,
    )
    dump = subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner"],
        env=source.env(),
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "-h",
            "127.0.0.1",
            "-p",
            str(server.port),
            "-U",
            "postgres",
            "-d",
            "xnzx",
        ],
        input=dump,
        check=True,
        capture_output=True,
    )


def test_database_down_then_back(private_postgres, tmp_path):
    clerk = CenterUserFactory(username="pgdown_clerk")
    client = Client()
    client.force_login(clerk)
    session = client.cookies["sessionid"].value
    Heartbeat.objects.create(name=HEARTBEAT, at=timezone.now() + datetime.timedelta(minutes=5))
    copy_test_database_into(private_postgres)

    port = free_port()
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "deploy/gunicorn.conf.py",
            "efficiency_center.wsgi",
        ],
        cwd=ROOT,
        env=app_env(
            DATABASE_URL=private_postgres.url("xnzx"),
            CONN_MAX_AGE=600,
            GUNICORN_BIND=f"127.0.0.1:{port}",
            GUNICORN_WORKERS=1,
        ),
        stdout=open(tmp_path / "gunicorn.log", "w"),
        stderr=subprocess.STDOUT,
    )

    def get(path, cookie=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}"} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read().decode()

    try:
        wait_for(lambda: port_open(port), 30, what="gunicorn")
        assert get("/notices/")[0] == 200
        assert get("/dashboard/", session)[0] == 200
        assert get("/healthz/")[0] == 200

        private_postgres.stop()
        for path, cookie in (("/notices/", None), ("/", None), ("/dashboard/", session)):
            status, body = get(path, cookie)
            assert status == 503, (path, body[:300])
            assert "服务暂时无法使用" in body and 'data-error="503"' in body
            assert "Traceback" not in body
        status, body = get("/healthz/")
        assert status == 503 and '"database": "error: OperationalError"' in body

        private_postgres.start()
        # No restart of gunicorn: the stale persistent connection is replaced on the next request.
        assert get("/notices/")[0] == 200
        assert get("/dashboard/", session)[0] == 200
        assert get("/healthz/")[0] == 200
    finally:
        gunicorn.terminate()
        gunicorn.wait(20)
    log = (tmp_path / "gunicorn.log").read_text()
    assert "database unavailable" in log
