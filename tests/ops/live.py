"""Private services for the fault tests: a Redis and a PostgreSQL of their own on free ports, and
Celery workers as real processes. The machine's shared PostgreSQL and Redis are never stopped."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, timeout=30, interval=0.1, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class PrivateRedis:
    """redis-server on a free port in a temp folder; stop() kills it (SIGKILL: a crash, nothing
    saved), start() brings it back on the same port with the same files."""

    def __init__(self, folder, appendonly=False):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.appendonly = appendonly
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--dir", str(self.folder), "--save", ""]
        if self.appendonly:
            args += ["--appendonly", "yes", "--appendfsync", "always"]
        else:
            args += ["--appendonly", "no"]
        self.process = subprocess.Popen(
            args, stdout=open(self.folder / "redis.log", "a"), stderr=subprocess.STDOUT
        )
        wait_for(lambda: port_open(self.port), 10, what="private redis")
        return self

    def crash(self):
        self.process.kill()
        self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port)


class PrivatePostgres:
    """A throw-away PostgreSQL 15 cluster in a temp folder, run as the `postgres` user (initdb
    refuses root), on a free port, with trust auth on 127.0.0.1."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="pg-private-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self._as_postgres = os.geteuid() == 0

    def _run(self, *args, check=True):
        command = [str(a) for a in args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=120)

    def init(self):
        if self._as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            PG_BIN / "initdb",
            "-D",
            self.data,
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        return self

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            PG_BIN / "pg_ctl",
            "-D",
            self.data,
            "-o",
            options,
            "-w",
            "-l",
            self.folder / "log",
            "start",
        )
        return self

    def stop(self):
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", check=False)

    def destroy(self):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, name="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


def test_database_url():
    """The URL of the (pytest-django) test database, for subprocesses."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


def app_env(**overrides):
    """The environment of a worker / server process of this project."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="efficiency_center.settings",
        DEBUG="1",
        DATABASE_URL=test_database_url(),
        PYTHONPATH=str(ROOT),
        LOG_FORMAT="text",
    )
    env.update({k: str(v) for k, v in overrides.items()})
    return env


class Worker:
    """`celery worker` as a real process (its own process group, so that kill() takes the pool
    children with it)."""

    def __init__(self, log_path, *, env, queues="celery", pool="prefork", concurrency=1, name=None):
        self.log_path = Path(log_path)
        self.env = env
        self.args = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "efficiency_center",
            "worker",
            f"--pool={pool}",
            f"--concurrency={concurrency}",
            "-Q",
            queues,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
            "-n",
            name or f"w{free_port()}@%h",
        ]
        self.process = None

    def spawn(self):
        self.process = subprocess.Popen(
            self.args,
            cwd=ROOT,
            env=self.env,
            stdout=open(self.log_path, "a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def wait_ready(self):
        wait_for(lambda: "ready." in self.log(), 60, what=f"worker ready ({self.log_path})")
        return self

    def start(self):
        return self.spawn().wait_ready()

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def children(self):
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return [int(pid) for pid in out.split()]

    def kill(self):
        """SIGKILL the worker and its pool: the machine lost it mid-task."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


def start_all(*items):
    """Start several workers at once (each takes a few seconds to be ready)."""
    for worker in items:
        worker.spawn()
    for worker in items:
        worker.wait_ready()
    return items


def celery_calls(calls, *, env):
    """Send tasks from a separate process, as beat or the web process would, all at once:
    `calls` are dicts with task and optional args, kwargs, queue, headers. Returns the ids."""
    import json

    code = (
        "import django, json, sys; django.setup();"
        "from efficiency_center.celery import app;"
        "calls = json.loads(sys.argv[1]);"
        "ids = [app.send_task(c['task'], args=c.get('args') or [], kwargs=c.get('kwargs') or {},"
        " queue=c.get('queue'), headers=c.get('headers') or {}).id for c in calls];"
        "print(json.dumps(ids))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, json.dumps(calls)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def celery_call(task, *, env, args=None, kwargs=None, queue=None, headers=None):
    (task_id,) = celery_calls(
        [{"task": task, "args": args, "kwargs": kwargs, "queue": queue, "headers": headers}],
        env=env,
    )
    return task_id


def manage_shell(code, *, env, timeout=120):
    """Run Python in a fresh Django process (as the web process would) and return its stdout."""
    result = subprocess.run(
        [sys.executable, "-c", "import sys, django; django.setup(); exec(sys.argv[1])", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def empty_database_beside_the_test_database(suffix):
    """A database named after the test database (`<test db>_<suffix>`), created once and kept
    between runs like the test database itself, emptied (its public schema dropped and made
    again) before and after use. No DROP DATABASE: on PostgreSQL 15 that waits for a
    checkpoint, seconds on a busy machine. Returns (source, target) as operations.backup.Target."""
    from operations.backup import Target

    source = Target.from_settings(connection.settings_dict)
    target = Target(
        source.host, source.port, source.user, source.password, f"{source.name}_{suffix}"
    )
    admin = Target(source.host, source.port, source.user, source.password, "postgres")
    with admin.connect(autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [target.name])
        if exists.fetchone() is None:
            conn.execute(f'CREATE DATABASE "{target.name}"')
    empty_database(target)
    return source, target


def empty_database(target):
    with target.connect(autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")
