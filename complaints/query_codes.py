"""The query code (查询码): what the complainant types to follow a case.

It is shown once, when the case is filed, and stored only as a keyed digest (`code_digest`).
"""

import hashlib
import hmac
import re
import secrets

from django.conf import settings

# No 0/O, 1/I/L: a code read out on the phone or copied from paper is not mistyped.
QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_CODE_LENGTH = 12
QUERY_CODE_GROUP = 4


def new_query_code():
    """A fresh code like K7QX-M3PA-9TZ2, from `secrets`."""
    raw = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _i in range(QUERY_CODE_LENGTH))
    return format_code(raw)


def format_code(raw):
    return "-".join(raw[i : i + QUERY_CODE_GROUP] for i in range(0, len(raw), QUERY_CODE_GROUP))


def _canonical(code):
    return re.sub(r"[\s\-－—_]", "", str(code or "")).upper()


def normalize_code(code):
    """The code as digested (12 characters, upper case, no separators), or "" if it cannot be
    one."""
    raw = _canonical(code)
    if len(raw) != QUERY_CODE_LENGTH or any(c not in QUERY_CODE_ALPHABET for c in raw):
        return ""
    return raw


def code_digest(code):
    """A keyed digest of a query code, however it is typed (case, spaces, hyphens): comparable,
    not reversible without the secret key. Its key differs from throttle.digest's so that the
    two digests never match each other."""
    key = f"complaints.query-code:{settings.SECRET_KEY}".encode()
    return hmac.new(key, _canonical(code).encode(), hashlib.sha256).hexdigest()
