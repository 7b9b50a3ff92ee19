"""PDFs with an embedded Chinese font and no outside fetches; safe .xlsx export and import."""

import datetime
import io
import re
import subprocess
import urllib.request
import zipfile
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote, urljoin

import defusedxml
import openpyxl
import pylopdf_fonts_zh_cn
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.templatetags.static import static
from django.test import RequestFactory
from django.utils import timezone
from weasyprint.urls import FatalURLFetchingError

from efficiency_center import documents
from efficiency_center.documents import (
    INTERNAL_BASE_URL,
    StaticOnlyFetcher,
    html_to_pdf,
    pdf_response,
    read_xlsx,
    render_pdf,
    safe_cell,
    xlsx_streaming_response,
)

SAMPLE_CONTEXT = {
    "unit_name": "金湖县行政效能投诉中心",
    "phone": "0517-86800000",
    "date": "2014年3月1日",
    "pledges": [{"text": "行政审批事项承诺时限比法定时限压缩50%以上", "deadline": "2014年12月"}],
}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def poppler(tool, pdf_bytes, tmp_path):
    """Run a poppler-utils tool on the PDF (pdftotext writes to stdout when given "-")."""
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf_bytes)
    extra = ["-"] if tool == "pdftotext" else []
    command = [f"/usr/bin/{tool}", path, *extra]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@pytest.fixture(autouse=True)
def _no_request_finished(monkeypatch):
    # response.close() sends request_finished, whose close_old_connections would touch a
    # database connection left open by an earlier test; these tests need no database.
    monkeypatch.setattr(request_finished, "send", lambda *args, **kwargs: [])


@pytest.fixture
def no_network(monkeypatch):
    """Every URL WeasyPrint asks for, with what our fetcher did; fails if urllib opens anything."""
    asked, opened = [], []
    original = StaticOnlyFetcher.fetch

    def recording_fetch(self, url, headers=None):
        try:
            response = original(self, url, headers)
        except BaseException as exc:
            asked.append((url, type(exc).__name__))
            raise
        asked.append((url, "served"))
        return response

    def recording_open(self, request, *args, **kwargs):
        opened.append(getattr(request, "full_url", request))
        raise AssertionError("urllib was asked to open a URL")

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", recording_fetch)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", recording_open)
    yield asked
    assert not [url for url in opened if not str(url).startswith("data:")]


class TestPdf:
    def test_sample_embeds_our_chinese_font_and_keeps_the_text(self, tmp_path, no_network):
        pdf = render_pdf("documents/sample.html", SAMPLE_CONTEXT)
        assert pdf.startswith(b"%PDF-")

        rows = poppler("pdffonts", pdf, tmp_path).splitlines()[2:]
        # name, type..., emb, sub, uni, object, generation: emb is fifth from the right.
        fonts = {row.split()[0].split("+")[-1]: row.split()[-5] for row in rows}
        ours = [name for name in fonts if re.search(r"Noto-?Serif-?SC", name)]
        # Our Noto Serif SC, not the system's Noto Serif CJK, and embedded.
        assert ours and all(fonts[name] == "yes" for name in ours), fonts
        assert not [name for name in fonts if "CJK" in name], fonts

        text = poppler("pdftotext", pdf, tmp_path)
        assert "金湖县行政效能投诉中心" in text and "公开承诺书" in text
        assert ("https://pdf.invalid" + static("fonts/NotoSerifSC-Regular.otf"), "served") in (
            no_network
        )

    def test_with_a_request_the_base_url_is_this_site(self, no_network):
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        render_pdf("documents/sample.html", SAMPLE_CONTEXT, request=request)
        assert ("http://testserver" + static("fonts/NotoSerifSC-Regular.otf"), "served") in (
            no_network
        )

    def test_outside_resources_are_asked_for_and_refused(self, no_network):
        outside = [
            "file:///etc/passwd",
            "http://example.com/x.png",
            "https://example.com/style.css",
            "http://169.254.169.254/latest/meta-data/",
            "file:///etc/hostname",
        ]
        html = (
            f'<link rel="stylesheet" href="{outside[2]}">'
            f'<link rel="attachment" href="{outside[4]}">'
            f'<p style="background: url({outside[3]})">承诺</p>'
            f'<img src="{outside[0]}"><img src="{outside[1]}">'
        )
        assert html_to_pdf(html).startswith(b"%PDF-")
        assert sorted(no_network) == sorted((url, "ValueError") for url in outside)

    def test_a_font_that_cannot_be_loaded_stops_the_render(self):
        html = (
            '<style>@font-face { font-family: X; src: url("/static/fonts/Missing.otf"); }'
            "body { font-family: X; }</style><p>承诺</p>"
        )
        with pytest.raises(ImproperlyConfigured, match="Missing.otf"):
            html_to_pdf(html)

    def test_without_the_fonts_entry_in_staticfiles_dirs_the_render_stops(self, settings):
        settings.STATICFILES_DIRS = [
            d for d in settings.STATICFILES_DIRS if not isinstance(d, tuple)
        ]
        with pytest.raises(ImproperlyConfigured) as stopped:
            render_pdf("documents/sample.html", SAMPLE_CONTEXT)
        message = str(stopped.value)
        assert "NotoSerifSC-Regular.otf" in message and "\n" not in message


class TestFetcher:
    def test_serves_our_static_font(self):
        url = urljoin(INTERNAL_BASE_URL, static("fonts/NotoSerifSC-Regular.otf"))
        response = StaticOnlyFetcher().fetch(url)
        assert response.read() == pylopdf_fonts_zh_cn.serif_path().read_bytes()

    def test_serves_other_static_files_with_their_type(self):
        response = StaticOnlyFetcher("http://testserver/").fetch(
            "http://testserver" + static("css/site.css")
        )
        css = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"
        assert response.content_type == "text/css"
        assert response.read() == css.read_bytes()

    def test_data_urls_are_allowed(self):
        assert StaticOnlyFetcher().fetch("data:text/plain;base64,5om/6K+6").read() == (
            "承诺".encode()
        )

    @pytest.mark.parametrize(
        "url",
        [
            "http://example.com/x.png",
            "https://example.com/x.png",
            "file:///etc/passwd",
            "ftp://example.com/x.png",
            "http://pdf.invalid/static/css/site.css",  # other scheme than the base
            "https://pdf.invalid.example.com/static/css/site.css",
            "https://pdf.invalid/media/attachments/x.pdf",  # ours, but not static
            "https://pdf.invalid/static/../efficiency_center/settings.py",
            "https://pdf.invalid/static/%2e%2e/efficiency_center/settings.py",
            "https://pdf.invalid/static/css/missing.css",
        ],
    )
    def test_refuses_everything_else(self, url, no_network):
        with pytest.raises(ValueError):
            StaticOnlyFetcher().fetch(url)

    def test_a_refused_font_is_fatal(self):
        with pytest.raises(FatalURLFetchingError):
            StaticOnlyFetcher().fetch("https://example.com/fonts/NotoSerifSC-Regular.otf")


def test_pdf_response_is_inline_with_a_chinese_filename():
    response = pdf_response(b"%PDF-1.7 ...", "公开承诺书 2014.pdf")
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline; filename*=utf-8''")
    assert unquote(disposition.split("''", 1)[1]) == "公开承诺书 2014.pdf"
    assert response.content == b"%PDF-1.7 ..."


# --- Excel export ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("金湖县=1", "金湖县=1"),
        ("bell\x07 and \x0bvertical tab", "bell and vertical tab"),
        (-5, -5),
        (Decimal("98.5"), Decimal("98.5")),
        (None, None),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_safe_cell_converts_what_openpyxl_would_refuse():
    aware = datetime.datetime(2014, 3, 1, 1, 30, tzinfo=datetime.UTC)
    assert safe_cell(aware) == datetime.datetime(2014, 3, 1, 9, 30)  # Asia/Shanghai
    assert safe_cell(timezone.now().date()) == timezone.now().date()
    from django.utils.translation import gettext_lazy

    assert safe_cell(gettext_lazy("=lazy")) == "'=lazy"


def read_back(response):
    body = b"".join(response.streaming_content)
    response.close()
    return body, openpyxl.load_workbook(io.BytesIO(body))


class TestExport:
    HEADERS = ["编号", "单位", "事项", "得分", "日期"]

    def test_round_trip_with_formulas_neutralised(self):
        rows = [
            [1, "县发改委", "=1+1", 98.5, datetime.date(2014, 3, 1)],
            [2, "县财政局", "+cmd", -3, None],
            [3, "县环保局", "-2+3", Decimal("7.25"), None],
            [4, "县药监局", "@SUM(A1)", 0, None],
        ]
        response = xlsx_streaming_response("效能台账 2014.xlsx", self.HEADERS, rows)
        assert response.streaming
        assert response["Content-Type"] == XLSX_MIME
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment; filename*=utf-8''")
        assert unquote(disposition.split("''", 1)[1]) == "效能台账 2014.xlsx"
        assert int(response["Content-Length"]) > 0

        body, workbook = read_back(response)
        sheet = workbook.active
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert values[0] == self.HEADERS
        assert [row[2] for row in values[1:]] == ["'=1+1", "'+cmd", "'-2+3", "'@SUM(A1)"]
        assert all(sheet.cell(row=r, column=3).data_type == "s" for r in range(2, 6))
        assert values[1][3] == 98.5 and values[2][3] == -3 and values[3][3] == 7.25
        assert values[1][4] == datetime.datetime(2014, 3, 1)
        assert sheet["A1"].font.b and not sheet["A2"].font.b
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")

    def test_rows_may_be_a_generator_and_the_temporary_file_is_closed(self):
        rows = ([i, f"单位{i}", "事项", i, None] for i in range(1, 2001))
        response = xlsx_streaming_response("台账.xlsx", self.HEADERS, rows, sheet_title="台账")
        temporary = response.file_to_stream
        body, workbook = read_back(response)
        assert temporary.closed
        assert workbook.sheetnames == ["台账"]
        assert workbook.active.max_row == 2001
        assert workbook.active["B2001"].value == "单位2000"


# --- Excel import ---------------------------------------------------------------------------


def xlsx_upload(rows, name="导入.xlsx"):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


HEADERS = ["单位", "得分"]


@pytest.fixture
def load_spy(monkeypatch):
    calls = []
    real = openpyxl.load_workbook

    def spy(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    return calls


class TestImport:
    def test_openpyxl_parses_with_defusedxml(self):
        assert openpyxl.DEFUSEDXML is True

    def test_valid_workbook_round_trips(self, load_spy):
        upload = xlsx_upload([[" 单位 ", "得分"], ["县发改委", 98.5], [], ["县财政局", None]])
        assert read_xlsx(upload, expected_headers=HEADERS) == [
            {"单位": "县发改委", "得分": 98.5},
            {"单位": "县财政局", "得分": None},
        ]
        assert load_spy == [{"read_only": True, "data_only": True, "keep_links": False}]
        assert upload.tell() == 0
        assert read_xlsx(upload) == [[" 单位 ", "得分"], ["县发改委", 98.5], ["县财政局"]]

    def test_an_exported_file_imports(self):
        response = xlsx_streaming_response("x.xlsx", HEADERS, [["县发改委", "=1"]])
        body = b"".join(response.streaming_content)
        response.close()
        assert read_xlsx(io.BytesIO(body), expected_headers=HEADERS) == [
            {"单位": "县发改委", "得分": "'=1"}
        ]

    def refused(self, upload, **kwargs):
        with pytest.raises(ValidationError) as refused:
            read_xlsx(upload, **kwargs)
        return refused.value

    @pytest.mark.parametrize(
        "content",
        [
            "单位,得分\n县发改委,98\n".encode(),
            b"PK\x03\x04 not really a zip",
            b"%PDF-1.4\n%%EOF\n",
        ],
    )
    def test_a_file_that_is_not_xlsx_is_refused(self, content, load_spy):
        assert self.refused(SimpleUploadedFile("导入.xlsx", content)).code == "not_xlsx"
        assert load_spy == []

    def test_a_zip_bomb_is_refused_before_parsing(self, load_spy):
        content_types = xlsx_upload([HEADERS]).read()
        with zipfile.ZipFile(io.BytesIO(content_types)) as real:
            declared = real.read("[Content_Types].xml")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", declared)
            archive.writestr("xl/workbook.xml", b"<workbook/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 50 * 1024 * 1024)
        bomb = SimpleUploadedFile("导入.xlsx", buffer.getvalue())
        assert bomb.size < 100 * 1024  # 50 MB of zeros in well under 100 KB
        assert self.refused(bomb).code == "zip_ratio"
        assert load_spy == []

    def test_too_big(self, load_spy):
        upload = xlsx_upload([HEADERS, ["县发改委", 1]])
        assert self.refused(upload, max_bytes=upload.size - 1).code == "too_big"
        assert load_spy == []

    def test_too_many_rows(self):
        upload = xlsx_upload([HEADERS] + [["县发改委", i] for i in range(11)])
        error = self.refused(upload, max_rows=10, expected_headers=HEADERS)
        assert error.code == "too_many_rows" and error.params == {"max": 10}
        assert len(read_xlsx(upload, max_rows=11, expected_headers=HEADERS)) == 11
        assert self.refused(upload, max_rows=11).code == "too_many_rows"  # header counts here

    @pytest.mark.parametrize(
        "first_row", [["得分", "单位"], ["单位"], ["单位", "得分", "备注"], ["单位", "得 分"]]
    )
    def test_wrong_headers(self, first_row):
        upload = xlsx_upload([first_row, ["县发改委", 1]])
        assert self.refused(upload, expected_headers=HEADERS).code == "bad_headers"

    def test_an_empty_sheet_has_wrong_headers(self):
        assert self.refused(xlsx_upload([]), expected_headers=HEADERS).code == "bad_headers"

    def test_a_damaged_workbook_is_unreadable(self):
        good = xlsx_upload([HEADERS, ["县发改委", 1]]).read()
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(buffer, "w") as out:
            for item in source.infolist():
                data = source.read(item)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = data[: len(data) // 2]  # cut off mid-element
                out.writestr(item, data)
        upload = SimpleUploadedFile("导入.xlsx", buffer.getvalue())
        assert self.refused(upload, expected_headers=HEADERS).code == "unreadable"

    def test_entities_are_not_expanded(self):
        # A "billion laughs" sheet: defusedxml refuses it instead of expanding it.
        good = xlsx_upload([HEADERS]).read()
        laughs = (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
            b"</sheetData></worksheet>"
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(buffer, "w") as out:
            for item in source.infolist():
                data = source.read(item)
                out.writestr(item, laughs if item.filename == "xl/worksheets/sheet1.xml" else data)
        error = self.refused(SimpleUploadedFile("导入.xlsx", buffer.getvalue()))
        assert error.code == "unreadable"
        causes, cause = [], error.__cause__
        while cause is not None:
            causes.append(cause)
            cause = cause.__cause__ or cause.__context__
        assert any(isinstance(c, defusedxml.EntitiesForbidden) for c in causes), causes


def test_documents_module_uses_defusedxml_guard(monkeypatch):
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(ImproperlyConfigured):
        documents.read_xlsx(xlsx_upload([HEADERS]))
