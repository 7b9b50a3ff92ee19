"""What the writes of the four documents share: their review steps, their creation once per
unit, campaign, project or quarter, and the evidence files."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from efficiency_center import review
from efficiency_center.errors import DomainError, Invalid
from efficiency_center.uploads import attach


def document_step(*, document, user, action, expected_version, comment="", at=None):
    """A review step of `document` (review.document_step), remembering when it was filed: the
    unit's own head's first sign-off (`filed_at`, what the deadlines are judged by), so that a
    later return by the center does not make an on-time filing late."""
    at = at or timezone.now()
    filed = {"filed_at": at} if action == "submit" and document.filed_at is None else {}
    return review.document_step(
        document=document,
        user=user,
        action=action,
        expected_version=expected_version,
        comment=comment,
        at=at,
        **filed,
    )


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
