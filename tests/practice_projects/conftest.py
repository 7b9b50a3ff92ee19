import io

import pytest
from PIL import Image


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def pdf_bytes():
    return PDF_BYTES


@pytest.fixture
def fixed_today(monkeypatch):
    """Pin the views' "today" (timezone.localdate() without arguments) to a date."""
    from django.utils import timezone

    original = timezone.localdate

    def pin(day):
        def localdate(value=None, timezone=None):
            return day if value is None else original(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)
        return day

    return pin
