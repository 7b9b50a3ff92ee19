"""Logging: one JSON object a line on stdout in production, plain text in development.

Every record carries the request id and the user id of the request it was logged in (a context
variable set by operations.middleware.RequestLogMiddleware), so the lines of one request can be
found together, also in the nginx access log (nginx sends its $request_id as X-Request-ID).

This module is imported by settings.py: it must not import Django models.
"""

import contextvars
import logging

_context = contextvars.ContextVar("request_log_context", default=None)

JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s u=%(user_id)s] %(message)s"


def bind(**values):
    """Set (request_id=…, user_id=…) for the records logged from here on, replacing what an
    earlier request set; returns a token for reset()."""
    return _context.set(dict(values))


def update(**values):
    current = _context.get()
    if current is not None:
        current.update(values)


def reset(token):
    _context.reset(token)


def current(name, default=None):
    return (_context.get() or {}).get(name, default)


class RequestContextFilter(logging.Filter):
    def filter(self, record):
        context = _context.get() or {}
        if not hasattr(record, "request_id"):
            record.request_id = context.get("request_id", "-")
        if not hasattr(record, "user_id"):
            record.user_id = context.get("user_id")
        return True


def config(*, log_format="json", level="INFO"):
    """The LOGGING dict: `log_format` is "json" (one object a line) or "text"."""
    if log_format not in ("json", "text"):
        raise ValueError(f"LOG_FORMAT must be json or text, not {log_format!r}")
    formatters = {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
        "text": {"format": TEXT_FORMAT},
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": "operations.logs.RequestContextFilter"}},
        "formatters": formatters,
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": log_format,
                "filters": ["request"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "axes": {"level": "WARNING"},
            "weasyprint.progress": {"level": "WARNING"},
            # Our own request line replaces the dev server's and gunicorn's access lines.
            "django.server": {"level": "WARNING"},
        },
    }
