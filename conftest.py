"""Stop at once, with one line saying which and how to start it, if PostgreSQL or Redis is down."""

import os

import pytest


def _check_postgres():
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        return "测试需要 PostgreSQL：请把 DATABASE_URL 设为 postgres://…（默认 127.0.0.1:5432）。"
    try:
        psycopg.connect(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except Exception as exc:
        return (
            f"PostgreSQL 无法连接（{db['HOST']}:{db['PORT']}）："
            f"{str(exc).strip().splitlines()[0]}。"
            "启动：pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
        )
    return None


def _check_redis():
    import redis

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except Exception as exc:
        return (
            f"Redis 无法连接（{url}）：{exc}。启动：redis-server --daemonize yes --bind 127.0.0.1 "
            '--port 6379 --save "" --appendonly no'
        )
    return None


def pytest_sessionstart(session):
    problems = [p for p in (_check_postgres(), _check_redis()) if p]
    if problems:
        pytest.exit("\n".join(problems), returncode=3)
