"""A task goes through the real Redis broker to a live worker and its result comes back."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from efficiency_center.celery import app
from efficiency_center.tasks import ping

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_task_round_trip_through_redis_to_a_live_worker(settings, tmp_path):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        DJANGO_SETTINGS_MODULE="efficiency_center.settings",
        DEBUG="1",
    )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "efficiency_center",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=open(tmp_path / "worker.log", "w"),
        stderr=subprocess.STDOUT,
    )
    app.conf.task_always_eager = False
    try:
        result = ping.apply_async(args=["金湖"], queue=queue)
        assert result.get(timeout=60) == {
            "pong": "金湖",
            "workday_today": result.get()["workday_today"],
        }
        assert result.successful()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
