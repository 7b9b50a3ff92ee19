"""Is the database reachable, is the broker reachable? One line each, naming the cause."""

from django.conf import settings
from django.db import connection


def database_problem():
    try:
        connection.ensure_connection()
    except Exception as exc:
        db = settings.DATABASES["default"]
        where = db.get("HOST") or db.get("NAME")
        return f"数据库无法连接（{where}）：{str(exc).strip().splitlines()[0]}"
    return None


def broker_problem(url=None):
    from efficiency_center.celery import app

    url = url or settings.CELERY_BROKER_URL
    try:
        with app.connection_for_write(url) as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
    except Exception as exc:
        return f"消息队列无法连接（{url}）：{str(exc).strip().splitlines()[0]}"
    return None
