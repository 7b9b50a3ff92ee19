"""The public pages read from the replica (DATABASE_REPLICA_URL) through the database router;
everything else reads and writes the primary. Tested against a second database that differs
from the first in one row, so each page shows which database it read."""

import http.client
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from efficiency_center.models import User
from efficiency_center.notices import PublicNotice
from operations import db_router
from tests.factories import CampaignFactory, CenterUserFactory, DepartmentFactory
from tests.ops.live import (
    ROOT,
    app_env,
    empty_database,
    empty_database_beside_the_test_database,
    free_port,
    port_open,
    wait_for,
)


def test_every_replica_view_is_a_url_name():
    for name in settings.REPLICA_READ_VIEWS:
        assert reverse(name, kwargs=_sample_kwargs(name))


def _sample_kwargs(name):
    samples = {
        "notice_detail": {"pk": 1},
        "pledges:public_detail": {"pk": 1},
        "practice_projects:public_detail": {"pk": 1},
        "achievements:public_detail": {"pk": 1},
        "achievements:competition": {"year": 2026, "quarter": 1},
        "achievements:unit_public": {"year": 2026, "code": "D01"},
        "complaints:typical_case": {"pk": 1},
        "selection:public_list": {"year": 2026, "kind": "measures"},
    }
    return samples.get(name, {})


class TestRouter:
    router = db_router.ReplicaRouter()

    def test_everything_on_the_primary_unless_marked(self, monkeypatch):
        monkeypatch.setattr(db_router, "replica_configured", lambda: True)
        assert self.router.db_for_read(User) == "default"
        db_router.use_replica()
        try:
            assert self.router.db_for_read(User) == "replica"
            assert self.router.db_for_write(User) == "default"
        finally:
            db_router.use_primary()
        assert self.router.db_for_read(User) == "default"

    @pytest.mark.django_db(transaction=True)
    def test_reads_inside_a_transaction_stay_on_the_primary(self, monkeypatch):
        monkeypatch.setattr(db_router, "replica_configured", lambda: True)
        db_router.use_replica()
        try:
            with transaction.atomic():
                assert self.router.db_for_read(User) == "default"
        finally:
            db_router.use_primary()

    def test_no_replica_configured(self):
        db_router.use_replica()
        try:
            assert "replica" not in settings.DATABASES
            assert self.router.db_for_read(User) == "default"
        finally:
            db_router.use_primary()

    def test_never_migrates_the_replica(self):
        assert self.router.allow_migrate("replica", "efficiency_center") is False
        assert self.router.allow_migrate("default", "efficiency_center") is True


@pytest.fixture
def replica_database():
    """A second database, to be a copy of the test database (as a streaming replica is)."""
    source, replica = empty_database_beside_the_test_database("replica")
    yield source, replica
    empty_database(replica)


def url_of(target):
    return f"postgres://{target.user}@{target.host}:{target.port}/{target.name}"


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_public_pages_read_the_replica(replica_database, tmp_path):
    source, replica = replica_database
    clerk = CenterUserFactory(username="replica_clerk")
    notice = PublicNotice.objects.create(
        campaign=CampaignFactory(),
        department=DepartmentFactory(code="R1"),
        title="主库中的通报",
        body="正文",
        issued_by=clerk,
        approved_by=clerk,
    )
    client = Client()
    client.force_login(clerk)
    session = client.cookies["sessionid"].value
    dump = subprocess.run(
        ["pg_dump", "--format=custom"], env=source.env(), check=True, capture_output=True
    ).stdout
    subprocess.run(
        ["pg_restore", "--no-owner", "-d", replica.name],
        input=dump,
        env=replica.env(),
        check=True,
        capture_output=True,
    )
    with psycopg.connect(url_of(replica), autocommit=True) as conn:
        conn.execute(
            "UPDATE efficiency_center_publicnotice SET title = '副本中的通报' WHERE id = %s",
            [notice.pk],
        )

    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "deploy/gunicorn.conf.py",
            "efficiency_center.wsgi",
        ],
        cwd=ROOT,
        env=app_env(
            DATABASE_URL=url_of(source),
            DATABASE_REPLICA_URL=url_of(replica),
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
        for path in ("/notices/", f"/notices/{notice.pk}/"):
            # Anonymous: the public page reads the replica.
            status, body = get(path)
            assert status == 200 and "副本中的通报" in body and "主库中的通报" not in body, path
            # Signed in: the primary (they may have just written something).
            status, body = get(path, session)
            assert status == 200 and "主库中的通报" in body and "副本中的通报" not in body, path
    finally:
        server.terminate()
        server.wait(20)
