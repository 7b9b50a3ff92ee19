"""Uploaded evidence: the Attachment record, validation by content, the permission-checked download.

A file's type is what its bytes say (content_types.detect_kind), never its name. Files are stored
under MEDIA_ROOT with a random name and served only by `download`, which asks permissions.py about
the record the file belongs to.
"""

import hashlib
import uuid
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import content_types
from .fields import user_key

DEFAULT_KINDS = ("pdf", "jpg", "png", "docx", "xlsx")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def _upload_path(instance, filename):
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.kind}"


class Attachment(models.Model):
    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    file = models.FileField(_("file"), upload_to=_upload_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = user_key(_("uploaded by"))
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    # Sealed: may identify a complainant, so only center users ever get it.
    sealed = models.BooleanField(_("identifies the complainant"), default=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["owner_type", "owner_id"])]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("attachment_download", args=[self.pk])


def validate_upload(uploaded, *, kinds=DEFAULT_KINDS, max_bytes=DEFAULT_MAX_BYTES):
    """Return the detected kind of `uploaded`, or raise ValidationError (changes nothing)."""
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; at most %(max)s is allowed."),
            code="too_big",
            params={"size": filesizeformat(uploaded.size), "max": filesizeformat(max_bytes)},
        )
    kind = content_types.detect_kind(uploaded)
    if kind not in kinds:
        raise ValidationError(
            _("This file's content is not an allowed type. Allowed: %(kinds)s."),
            code="bad_type",
            params={"kinds": "、".join(str(content_types.KIND_LABELS[k]) for k in kinds)},
        )
    return kind


class EvidenceFileField(forms.FileField):
    """A form field that checks the upload by content; the error shows next to the field."""

    def __init__(self, *args, kinds=DEFAULT_KINDS, max_bytes=DEFAULT_MAX_BYTES, **kwargs):
        self.kinds, self.max_bytes = kinds, max_bytes
        kwargs.setdefault(
            "help_text",
            # Lazy: forms are declared at import time, the language is chosen per request.
            format_lazy(
                _("Allowed: {kinds}, at most {max}."),
                kinds=format_lazy(
                    "、".join(["{}"] * len(kinds)), *[content_types.KIND_LABELS[k] for k in kinds]
                ),
                max=filesizeformat(max_bytes),
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded:
            uploaded.detected_kind = validate_upload(
                uploaded, kinds=self.kinds, max_bytes=self.max_bytes
            )
        return uploaded


def _sha256(uploaded):
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


@transaction.atomic
def attach(
    owner,
    uploaded,
    *,
    user,
    kinds=DEFAULT_KINDS,
    max_bytes=DEFAULT_MAX_BYTES,
    sealed=False,
    at=None,
):
    """Validate `uploaded` and store it as evidence of `owner`."""
    kind = getattr(uploaded, "detected_kind", None) or validate_upload(
        uploaded, kinds=kinds, max_bytes=max_bytes
    )
    attachment = Attachment(
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=owner.pk,
        original_name=uploaded.name[:200],
        kind=kind,
        size=uploaded.size,
        sha256=_sha256(uploaded),
        uploaded_by=user,
        sealed=sealed,
        created_at=at or timezone.now(),
    )
    attachment.file.save(uploaded.name, uploaded, save=False)
    attachment.save()
    return attachment


def attachments_of(owner):
    return Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk
    )


def attachments_visible_to(owner, user):
    """`owner`'s files that `user` may list: sealed ones only for center users."""
    from .permissions import is_center

    files = attachments_of(owner)
    return files if is_center(user) else files.filter(sealed=False)


def download(request, pk):
    from . import permissions
    from .audit import AuditEvent, audit

    attachment = get_object_or_404(Attachment.objects.select_related("owner_type"), pk=pk)
    owner = attachment.owner
    if attachment.sealed and not permissions.is_center(request.user):
        raise Http404
    if owner is None or not permissions.can_view_record(request.user, owner):
        # 404, not 403: the file's existence is not disclosed to who may not see it.
        raise Http404
    if request.user.is_authenticated:
        audit(request.user, AuditEvent.Action.DOWNLOAD, attachment, request=request)
    as_attachment = attachment.kind not in ("pdf", "jpg", "png")
    content_type = content_types.MIME_TYPES[attachment.kind]
    if settings.UPLOADS_X_ACCEL_REDIRECT_PREFIX:
        # Production: the check is done; nginx sends the file from its internal location.
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.UPLOADS_X_ACCEL_REDIRECT_PREFIX + quote(
            attachment.file.name
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment, attachment.original_name
        )
        response["Cache-Control"] = "private, no-store"
    else:
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=as_attachment,
            filename=attachment.original_name,
            content_type=content_type,
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
