"""Request ids and the request log line; public pages read from the replica."""

import logging
import re
import time
import uuid

from django.contrib.auth import SESSION_KEY
from django.utils.functional import empty

from . import db_router, logs

logger = logging.getLogger("operations.request")

# nginx's $request_id is 32 hex digits; accept any short token of safe characters.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _user_id(request):
    """The user's id if this request already knows it; never a query of its own."""
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", empty)
    if wrapped is not empty and wrapped is not None:
        return wrapped.pk
    session = getattr(request, "session", None)
    if session is not None and getattr(session, "_session_cache", None) is not None:
        return session.get(SESSION_KEY)
    return None


class RequestLogMiddleware:
    """First in MIDDLEWARE: gives each request an id (X-Request-ID from nginx, or a new one),
    sends it back in the response and logs one line per request: method, path (never the query
    string: it may hold a complaint's query code), status, duration, user id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Not reset when the response leaves: Django logs a 4xx/5xx response after every
        # middleware has returned, and that line must carry the id too. The next request on
        # this thread binds its own.
        logs.bind(request_id=request_id, user_id=None)
        started = time.monotonic()
        response = self.get_response(request)
        user_id = _user_id(request)
        logs.update(user_id=user_id)
        duration_ms = round((time.monotonic() - started) * 1000, 1)
        response.headers["X-Request-ID"] = request_id
        logger.info(
            "%s %s %s %sms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user_id,
            },
        )
        return response


class ReplicaReadMiddleware:
    """Anonymous GET/HEAD requests to the public pages named in settings.REPLICA_READ_VIEWS read
    from the database replica (when DATABASE_REPLICA_URL is set). Signed-in users and every
    write stay on the primary, so nobody reads a page older than what they just saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            db_router.use_primary()

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not db_router.replica_configured() or request.method not in ("GET", "HEAD"):
            return None
        match = request.resolver_match
        if match is None or match.view_name not in db_router.replica_views():
            return None
        if request.user.is_authenticated:
            return None
        db_router.use_replica()
        return None
