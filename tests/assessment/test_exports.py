"""The .xlsx export (read back with openpyxl) and the PDF 考核情况表 (our CJK font embedded)."""

import io
import re
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from efficiency_center.audit import AuditEvent

pytestmark = pytest.mark.django_db


def poppler(tool, pdf_bytes, tmp_path):
    path = tmp_path / "table.pdf"
    path.write_bytes(pdf_bytes)
    extra = ["-"] if tool == "pdftotext" else []
    return subprocess.run(
        [f"/usr/bin/{tool}", path, *extra], capture_output=True, text=True, check=True
    ).stdout


def test_xlsx_is_streamed_and_reads_back(client, users, ledger, campaign):
    client.force_login(users["clerk"])
    response = client.get(reverse("assessment:export_xlsx"))
    assert response.status_code == 200 and response.streaming
    assert ".xlsx" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    header = rows[0]
    assert header[:2] == ("Code", "Unit") and header[-1] == "Total"
    by_code = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert list(by_code) == ["A01", "A01S", "B01"]  # the sub-unit after its supervisor
    a = by_code["A01"]
    assert a["Unit"] == "县甲局"
    assert Decimal(str(a["Pledge not kept"])) == Decimal("-2")
    assert Decimal(str(a["Complaint found true"])) == 0
    assert Decimal(str(a["Bonus asked"])) == Decimal("5.5")
    assert Decimal(str(a["Bonus granted (capped)"])) == Decimal("5")
    assert Decimal(str(a["Total"])) == Decimal("2.5")
    assert by_code["A01S"]["Supervising department"] == "县甲局"
    assert Decimal(str(by_code["B01"]["Total"])) == Decimal("-1")
    assert AuditEvent.objects.filter(action="export", user=users["clerk"]).exists()


def test_pdf_embeds_our_chinese_font(client, users, ledger, campaign, tmp_path):
    client.force_login(users["leader"])
    response = client.get(reverse("assessment:export_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    rows = poppler("pdffonts", pdf, tmp_path).splitlines()[2:]
    fonts = {row.split()[0].split("+")[-1]: row.split()[-5] for row in rows}
    ours = [name for name in fonts if re.search(r"Noto-?Serif-?SC", name)]
    assert ours and all(fonts[name] == "yes" for name in ours), fonts
    text = poppler("pdftotext", pdf, tmp_path)
    assert "2026" in text and "soft environment and efficiency assessment table" in text
    for name in ("县甲局", "县甲局第一所", "县乙局"):
        assert name in text
    assert "Provisional" in text
    assert AuditEvent.objects.filter(action="export", user=users["leader"]).exists()


def test_pdf_of_a_closed_assessment_says_final(client, users, campaign, tmp_path):
    from assessment.services import assessment_close

    assessment_close(campaign=campaign, user=users["leader"])
    client.force_login(users["clerk"])
    text = poppler("pdftotext", client.get(reverse("assessment:export_pdf")).content, tmp_path)
    assert "Final" in text
