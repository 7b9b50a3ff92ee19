"""What the achievement services share: who is told, the versioned update, the system author."""

from django.contrib.auth import get_user_model
from django.db.models import F

from efficiency_center.accounts import clerks, system_user, unit_users  # noqa: F401
from efficiency_center.review import StaleVersionError

User = get_user_model()


def locked_update(doc, *, expected_version, **fields):
    """Write `fields` only if nobody saved `doc` since `expected_version`; bump the version.

    The same optimistic lock as review.transition, for the verification fields that the shared
    workflow does not know (not accepted, typical, forwarded)."""
    updated = (
        type(doc)
        .objects.filter(pk=doc.pk, version=expected_version)
        .update(version=F("version") + 1, **fields)
    )
    if not updated:
        raise StaleVersionError()
    for name, value in fields.items():
        setattr(doc, name, value)
    doc.version = expected_version + 1


def check_version(doc, expected_version):
    """Refuse at once when the page was opened on an older version: the second of two clerks
    acting on the same achievement gets the stale-version message, not a state error."""
    if expected_version != doc.version:
        raise StaleVersionError()
