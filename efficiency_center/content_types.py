"""What a file really is, decided by its bytes, never by its name.

PDF, JPEG and PNG are recognised by their magic bytes (the `filetype` package). Word and Excel
files are zip archives: they are first checked against zip bombs, then recognised by their
parts and by the main content type declared in `[Content_Types].xml` (which also turns away
the macro-enabled .docm/.xlsm, whose main content type differs).
"""

import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

KIND_LABELS = {
    "pdf": _("PDF document"),
    "jpg": _("JPEG image"),
    "png": _("PNG image"),
    "docx": _("Word document (.docx)"),
    "xlsx": _("Excel workbook (.xlsx)"),
}
MIME_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

_MAGIC_KINDS = {"pdf": "pdf", "jpg": "jpg", "png": "png"}
# (kind, part that must exist, main content type that [Content_Types].xml must declare)
_OFFICE_KINDS = (
    ("docx", "word/document.xml", b"wordprocessingml.document.main+xml"),
    ("xlsx", "xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
)
_ZIP_MAGIC = b"PK\x03\x04"
# Real central directory entries are ~100 bytes; this bounds what ZipFile() parses up front.
_MAX_CENTRAL_DIR_BYTES_PER_MEMBER = 1024
# Below this, any compression ratio is harmless (small XML parts legitimately compress 100:1).
_RATIO_FLOOR = 1024 * 1024


def detect_kind(fileobj):
    """Return "pdf", "jpg", "png", "docx" or "xlsx" from the content of `fileobj`, or None.

    Raises ValidationError (from check_zip_safe) for a zip archive that is a zip bomb.
    """
    try:
        fileobj.seek(0)  # callers may have read part of it already
        head = fileobj.read(8192)
        if head.startswith(_ZIP_MAGIC):
            return _office_kind(fileobj)
        guess = filetype.guess(head)
        return _MAGIC_KINDS.get(guess.extension) if guess else None
    finally:
        fileobj.seek(0)


def _office_kind(fileobj):
    try:
        check_zip_safe(fileobj)
    except zipfile.BadZipFile:
        return None
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return None
            with archive.open("[Content_Types].xml") as part:
                content_types = part.read(1024 * 1024)
    except Exception:  # damaged, encrypted or oddly compressed: not a type we accept
        return None
    for kind, main_part, main_type in _OFFICE_KINDS:
        if main_part in names and main_type in content_types:
            return kind
    return None


def check_zip_safe(fileobj, *, max_members=2000, max_uncompressed=200 * 1024 * 1024, max_ratio=100):
    """Refuse a zip bomb before anything decompresses it.

    Uses only the sizes the archive declares; zipfile never inflates a member past its declared
    size (it fails the CRC instead), so every later reader is bounded by them. Raises
    ValidationError for an unsafe archive and zipfile.BadZipFile for a file that is not a zip.
    """
    try:
        # ZipFile() reads the whole central directory before we can count members: a 20 MB
        # upload of empty members costs ~2 s and ~140 MB. So its declared size is checked first,
        # read by the helper ZipFile itself uses so that both see the same record.
        end_record = zipfile._EndRecData(fileobj)
        if not end_record:
            raise zipfile.BadZipFile("File is not a zip file")
        if end_record[zipfile._ECD_SIZE] > max_members * _MAX_CENTRAL_DIR_BYTES_PER_MEMBER:
            raise _too_many_members(max_members)
        fileobj.seek(0)
        try:
            with zipfile.ZipFile(fileobj) as archive:
                members = archive.infolist()
        except (NotImplementedError, ValueError, EOFError) as exc:  # damaged headers
            raise zipfile.BadZipFile(str(exc)) from exc
    finally:
        fileobj.seek(0)

    if len(members) > max_members:
        raise _too_many_members(max_members)
    uncompressed = sum(m.file_size for m in members)
    if uncompressed > max_uncompressed:
        raise ValidationError(
            _("The file would expand to more than %(max)s when opened."),
            code="zip_too_big",
            params={"max": filesizeformat(max_uncompressed)},
        )
    compressed = sum(m.compress_size for m in members)
    if uncompressed > _RATIO_FLOOR and uncompressed > max_ratio * max(compressed, 1):
        raise ValidationError(
            _("The file is compressed suspiciously tightly (more than %(max)s to 1)."),
            code="zip_ratio",
            params={"max": max_ratio},
        )


def _too_many_members(max_members):
    return ValidationError(
        _("The file contains too many parts (more than %(max)s)."),
        code="zip_members",
        params={"max": max_members},
    )
