"""What the writes of the four documents share: their review steps, their creation once per
unit, campaign, project or quarter, and the evidence files."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.errors import DomainError, Invalid
from efficiency_center.uploads import attach
from efficiency_center.workflow import step, workflow_for


def document_step(*, document, user, action, expected_version, comment="", at=None):
    """Sign off, endorse, send back or return `document` (or accept a campaign plan) through
    its table, which says who may and notifies who is next.

    The unit's own head's first sign-off is when the document was filed (`filed_at`, what the
    deadlines are judged by): a later return by the center does not make an on-time filing
    late. Documents that are public once approved are approved through their own service."""
    if action in ("approve", "publish") and "publish" in workflow_for(document).actions:
        raise DomainError(_("Approval publishes the document: use the approval form."))
    at = at or timezone.now()
    filed = {"filed_at": at} if action == "submit" and document.filed_at is None else {}
    return step(
        document,
        action,
        actor=user,
        expected_version=expected_version,
        comment=comment,
        at=at,
        **filed,
    )


def approve_and_publish(document, *, user, expected_version, comment, at):
    """The center approves `document` and it is public at once: two steps, one moment."""
    change = step(
        document, "approve", actor=user, expected_version=expected_version, comment=comment, at=at
    )
    step(document, "publish", actor=user, expected_version=document.version, at=at)
    return change


def authored(user, at):
    """The fields of a document (FiledMixin) its author creates at `at`."""
    return {"created_by": user, "created_at": at, "updated_at": at}


def create_unique(model, *, duplicate, **fields):
    """A new `model` row, or the refusal `duplicate` when its unique constraint already holds
    one (also when two requests create it at once)."""
    try:
        with transaction.atomic():
            return model.objects.create(**fields)
    except IntegrityError:
        raise DomainError(duplicate, code="duplicate") from None


def require_text(value, field, message):
    if not (value or "").strip():
        raise Invalid({field: message}, code="required")


def attach_files(document, files, *, user, kinds, max_bytes, field, at):
    """Store `files` (checked by the form already, or here) as the document's evidence."""
    for uploaded in files:
        try:
            attach(document, uploaded, user=user, kinds=kinds, max_bytes=max_bytes, at=at)
        except ValidationError as error:
            raise Invalid({field: " ".join(error.messages)}, code=error.code) from None
