"""Documents the center hands out or takes in: PDFs from templates, .xlsx export and import.

PDFs: WeasyPrint renders a template that extends documents/base_pdf.html, whose @font-face loads
Noto Serif SC from our static files. WeasyPrint reads resources only through StaticOnlyFetcher:
our static files and data: URLs, never the network or the rest of the disk. A font that cannot be
loaded stops the render (ImproperlyConfigured), because WeasyPrint would otherwise draw empty
boxes and raise nothing.

Excel: export in openpyxl's write-only mode (rows are streamed to a temporary file, so memory
stays flat whatever the row count), with formula-like text neutralised; import in read-only mode
after the checks in content_types (type by content, zip bomb) and with size and row caps.
"""

import datetime
import mimetypes
import posixpath
import tempfile
from decimal import Decimal
from urllib.parse import unquote, urljoin, urlsplit

import openpyxl
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import FileResponse, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from . import content_types

# PDFs rendered without a request get this base URL: .invalid never resolves (RFC 2606), and
# only StaticOnlyFetcher ever sees URLs under it.
INTERNAL_BASE_URL = "https://pdf.invalid/"
_FONT_EXTENSIONS = (".otf", ".ttf", ".ttc", ".woff", ".woff2")


# --- PDF ------------------------------------------------------------------------------------


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves our static files and data: URLs, and nothing else.

    A URL is ours when it lies under settings.STATIC_URL resolved against the document's base
    URL; it is read through the static files finders (or, for collected and hashed names, the
    static files storage), never over HTTP. Everything else raises, which WeasyPrint logs and
    skips, except a font, which stops the render: see the module docstring.
    """

    def __init__(self, base_url=INTERNAL_BASE_URL):
        # The parent is used only for data: URLs; allowed_protocols makes sure of it.
        super().__init__(allowed_protocols=("data",))
        self._static = urlsplit(urljoin(base_url, settings.STATIC_URL))

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        try:
            name = self._static_name(url)
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, _read_static(name), headers={"Content-Type": content_type}
            )
        except ValueError as refused:
            if urlsplit(url).path.lower().endswith(_FONT_EXTENSIONS):
                raise FatalURLFetchingError(
                    f"PDF 字体无法加载：{url}（{refused}）。字体应由 STATICFILES_DIRS 中的 "
                    "fonts 目录（pylopdf-fonts-zh-cn）提供。"
                ) from None
            raise

    def _static_name(self, url):
        parts, static = urlsplit(url), self._static
        same_origin = (parts.scheme, parts.netloc) == (static.scheme, static.netloc)
        if not same_origin or not parts.path.startswith(static.path):
            raise ValueError(f"not one of our static files: {url}")
        name = unquote(parts.path[len(static.path) :])
        # The finders refuse to leave their folders too; this keeps the refusal independent.
        if name.startswith("/") or ".." in posixpath.normpath(name).split("/"):
            raise ValueError(f"path outside the static files: {url}")
        return name


def _read_static(name):
    path = finders.find(name)
    if path:
        with open(path, "rb") as f:
            return f.read()
    # With the manifest storage (DEBUG off), {% static %} gives hashed names that exist only in
    # STATIC_ROOT after collectstatic.
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as f:
            return f.read()
    raise ValueError(f"static file not found: {name}")


def html_to_pdf(html, *, base_url=INTERNAL_BASE_URL):
    """Render an HTML string to PDF bytes, fetching only our static files."""
    try:
        return HTML(
            string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher(base_url)
        ).write_pdf()
    except FatalURLFetchingError as exc:
        raise ImproperlyConfigured(str(exc)) from None


def render_pdf(template_name, context, *, request=None):
    """Render a template (normally extending documents/base_pdf.html) to PDF bytes.

    With a request, context processors run and relative links in the PDF point at this site.
    """
    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else INTERNAL_BASE_URL
    return html_to_pdf(html, base_url=base_url)


def pdf_response(pdf_bytes, filename):
    """Show a PDF in the browser, under `filename` (Chinese is fine: RFC 5987) when saved."""
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


# --- Excel export ---------------------------------------------------------------------------

# OWASP "CSV injection": text starting with these is run as a formula by Excel or WPS.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DEFAULT_SHEET_TITLE = _("Sheet1")
_CELL_TYPES = (int, float, Decimal, datetime.date, datetime.time, datetime.timedelta)


def safe_cell(value):
    """Return `value` as it may go into a cell: formula-like text gets a leading apostrophe."""
    if isinstance(value, str):  # the common case first: this runs for every cell
        # openpyxl raises on control characters, which pasted text sometimes carries.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return "'" + value if value.startswith(_FORMULA_PREFIXES) else value
    if value is None:
        return None
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        # openpyxl refuses aware datetimes; people read times in the county's time zone.
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, _CELL_TYPES):
        return value
    # Lazy translations, UUIDs, model instances: openpyxl would refuse them.
    return safe_cell(str(value))


def xlsx_streaming_response(filename, headers, rows, *, sheet_title=DEFAULT_SHEET_TITLE):
    """Return a FileResponse that downloads `rows` (an iterable of sequences) as `filename`.

    The workbook is written row by row to a temporary file, so memory does not grow with the
    number of rows; pass a lazy iterable (e.g. queryset.values_list(...).iterator()).
    """
    headers = list(headers)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(sheet_title)[:31])
    # Column widths and frozen panes must be set before the first row in write-only mode.
    for index, header in enumerate(headers, 1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, 2 * len(str(header)) + 4)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=safe_cell(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])

    output = tempfile.TemporaryFile()
    try:
        workbook.save(output)
        output.seek(0)
    except BaseException:
        output.close()
        raise
    # FileResponse streams the file in blocks and closes (so deletes) it when done.
    return FileResponse(
        output,
        as_attachment=True,
        filename=filename,
        content_type=content_types.MIME_TYPES["xlsx"],
    )


# --- Excel import ---------------------------------------------------------------------------

# An import holds a few thousand rows: far less than the general zip cap. Read-only openpyxl
# still loads all shared strings into memory, so this is what bounds memory.
IMPORT_MAX_UNCOMPRESSED = 50 * 1024 * 1024


def read_xlsx(fileobj, *, max_bytes=10 * 1024 * 1024, max_rows=5000, expected_headers=None):
    """Read the first sheet of an uploaded .xlsx, or raise ValidationError.

    Blank rows are skipped. Without expected_headers, returns every row as a list. With them,
    the first row must equal them (surrounding spaces ignored) and the data rows are returned
    as dicts keyed by header. At most max_rows data rows are accepted.
    """
    if not openpyxl.DEFUSEDXML:
        raise ImproperlyConfigured("openpyxl 未使用 defusedxml：请安装 requirements.txt 中的版本。")
    size = getattr(fileobj, "size", None)
    if size is None:
        fileobj.seek(0, 2)
        size = fileobj.tell()
        fileobj.seek(0)
    if size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; at most %(max)s is allowed."),
            code="too_big",
            params={"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
        )
    # detect_kind runs check_zip_safe first; nothing below parses XML until both have passed.
    if content_types.detect_kind(fileobj) != "xlsx":
        raise ValidationError(_("The file is not an Excel workbook (.xlsx)."), code="not_xlsx")
    content_types.check_zip_safe(fileobj, max_uncompressed=IMPORT_MAX_UNCOMPRESSED)

    rows = _read_rows(fileobj, max_rows, header_rows=0 if expected_headers is None else 1)
    if expected_headers is None:
        return rows
    expected = [str(header) for header in expected_headers]
    if not rows or [_header_text(v) for v in rows[0]] != expected:
        raise ValidationError(
            _("The first row must be exactly these column headings: %(headers)s."),
            code="bad_headers",
            params={"headers": "、".join(expected)},
        )
    width = len(expected)
    # Short rows are padded; cells right of the last heading are ignored.
    return [dict(zip(expected, (row + [None] * width)[:width], strict=True)) for row in rows[1:]]


def _read_rows(fileobj, max_rows, header_rows):
    try:
        workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise _unreadable() from exc
    try:
        if not workbook.worksheets:
            raise _unreadable()
        rows = []
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            values = list(values)
            while values and values[-1] in (None, ""):
                values.pop()
            if not values:
                continue
            if len(rows) == max_rows + header_rows:
                raise ValidationError(
                    _("The file has more than %(max)s rows."),
                    code="too_many_rows",
                    params={"max": max_rows},
                )
            rows.append(values)
        return rows
    except ValidationError:
        raise
    except Exception as exc:  # the sheet XML is parsed lazily, while iterating
        raise _unreadable() from exc
    finally:
        workbook.close()
        fileobj.seek(0)


def _header_text(value):
    return "" if value is None else str(value).strip()


def _unreadable():
    return ValidationError(
        _("The workbook could not be read. Save it again in Excel or WPS and retry."),
        code="unreadable",
    )
