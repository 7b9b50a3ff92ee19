"""Reads of the public pages go to the streaming replica, everything else to the primary.

DATABASE_REPLICA_URL adds a "replica" database (a PostgreSQL hot standby, read-only). Only the
requests that ReplicaReadMiddleware marks (anonymous GET/HEAD of settings.REPLICA_READ_VIEWS)
read from it; writes, migrations and every other read use "default". Without the setting this
router sends everything to "default".
"""

import contextvars

from django.conf import settings
from django.db import connections

REPLICA = "replica"
_reading_replica = contextvars.ContextVar("reading_replica", default=False)


def replica_configured():
    return REPLICA in settings.DATABASES


def replica_views():
    return frozenset(getattr(settings, "REPLICA_READ_VIEWS", ()))


def use_replica():
    _reading_replica.set(True)


def use_primary():
    _reading_replica.set(False)


def reading_replica():
    return _reading_replica.get() and replica_configured()


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        # A read that follows a write of the same request (inside a transaction) stays on the
        # primary: the replica may not have it yet.
        if reading_replica() and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
