"""A file's type comes from its bytes; zip bombs are refused before anything inflates them."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from efficiency_center.content_types import KIND_LABELS, MIME_TYPES, check_zip_safe, detect_kind

DOCX_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCUMENT_XML = (
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>\xe6\x89\xbf\xe8\xaf\xba</w:t></w:r></w:p></w:body></w:document>"
)


def zip_bytes(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def image_bytes(fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, fmt)
    return buffer.getvalue()


def xlsx_bytes():
    workbook = openpyxl.Workbook()
    workbook.active.append(["单位", "得分"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_bytes(content_types=DOCX_TYPES):
    return zip_bytes({"[Content_Types].xml": content_types, "word/document.xml": DOCUMENT_XML})


def damaged_docx():
    # Garble the compressed [Content_Types].xml: reading it fails inside zlib.
    data = bytearray(docx_bytes())
    start = 30 + int.from_bytes(data[26:28], "little") + int.from_bytes(data[28:30], "little")
    data[start : start + 16] = b"\xff" * 16
    return bytes(data)


def newer_zip_version():
    # A central directory entry that needs a zip version zipfile cannot extract.
    data = bytearray(docx_bytes())
    entry = data.index(b"PK\x01\x02")
    data[entry + 6 : entry + 8] = (99).to_bytes(2, "little")
    return bytes(data)


SAMPLES = {
    "pdf": lambda: b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n",
    "png": lambda: image_bytes("PNG"),
    "jpg": lambda: image_bytes("JPEG"),
    "docx": docx_bytes,
    "xlsx": xlsx_bytes,
}


class TestDetectKind:
    @pytest.mark.parametrize("kind", sorted(SAMPLES))
    def test_each_kind_is_recognised_by_content_whatever_its_name(self, kind):
        upload = SimpleUploadedFile("名字不可信.txt", SAMPLES[kind]())
        assert detect_kind(upload) == kind
        assert upload.tell() == 0

    @pytest.mark.parametrize(
        "content",
        [
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00 a windows program renamed .pdf",
            "一份纯文本，改名为 .pdf".encode(),
            b"",
            b"PK\x03\x04 not really a zip",
            zip_bytes({"readme.txt": b"a plain zip"}),
            damaged_docx(),
            newer_zip_version(),
            # A zip with Word's part names but no [Content_Types].xml.
            zip_bytes({"word/document.xml": DOCUMENT_XML}),
            # Macro-enabled Word (.docm): same parts, a different main content type.
            docx_bytes(
                DOCX_TYPES.replace(
                    b"vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    b"vnd.ms-word.document.macroEnabled.main+xml",
                )
            ),
        ],
    )
    def test_anything_else_is_none(self, content):
        assert detect_kind(SimpleUploadedFile("报告.pdf", content)) is None

    def test_file_is_rewound_even_when_read_before(self):
        stream = io.BytesIO(SAMPLES["xlsx"]())
        stream.read(100)
        assert detect_kind(stream) == "xlsx"
        assert stream.tell() == 0

    def test_a_zip_bomb_is_refused_not_recognised(self):
        bomb = zip_bytes(
            {"[Content_Types].xml": DOCX_TYPES, "word/document.xml": b"\0" * 5_000_000}
        )
        with pytest.raises(ValidationError) as refused:
            detect_kind(io.BytesIO(bomb))
        assert refused.value.code == "zip_ratio"

    def test_labels_and_mime_types_cover_every_kind(self):
        assert set(KIND_LABELS) == set(MIME_TYPES) == set(SAMPLES)
        assert all(str(label) for label in KIND_LABELS.values())


class TestCheckZipSafe:
    def test_an_ordinary_workbook_passes_and_is_rewound(self):
        stream = io.BytesIO(xlsx_bytes())
        check_zip_safe(stream)
        assert stream.tell() == 0

    def test_too_many_members(self):
        archive = zip_bytes({f"part{i}.xml": b"<a/>" for i in range(21)})
        check_zip_safe(io.BytesIO(archive), max_members=21)
        with pytest.raises(ValidationError) as refused:
            check_zip_safe(io.BytesIO(archive), max_members=20)
        assert refused.value.code == "zip_members"

    def test_a_huge_central_directory_is_refused_before_zipfile_parses_it(self, monkeypatch):
        archive = zip_bytes({f"{i:x}": b"" for i in range(3000)}, zipfile.ZIP_STORED)

        def must_not_open(*args, **kwargs):
            raise AssertionError("ZipFile() parsed the central directory")

        monkeypatch.setattr(zipfile, "ZipFile", must_not_open)
        with pytest.raises(ValidationError) as refused:
            check_zip_safe(io.BytesIO(archive), max_members=2)
        assert refused.value.code == "zip_members"

    def test_total_uncompressed_size(self):
        archive = zip_bytes({"a.xml": b"x" * 300_000, "b.xml": b"y" * 300_000})
        check_zip_safe(io.BytesIO(archive), max_uncompressed=600_000)
        with pytest.raises(ValidationError) as refused:
            check_zip_safe(io.BytesIO(archive), max_uncompressed=599_999)
        assert refused.value.code == "zip_too_big"

    def test_compression_ratio(self):
        with pytest.raises(ValidationError) as refused:
            check_zip_safe(io.BytesIO(zip_bytes({"sheet.xml": b"\0" * 20_000_000})))
        assert refused.value.code == "zip_ratio"

    def test_small_parts_may_compress_well(self):
        # 500 KB of one byte compresses ~1000:1, but is harmless below the ratio floor.
        check_zip_safe(io.BytesIO(zip_bytes({"styles.xml": b"\0" * 500_000})))

    def test_not_a_zip(self):
        with pytest.raises(zipfile.BadZipFile):
            check_zip_safe(io.BytesIO(b"plain text"))
