"""The quarter's export read back, and the import of a unit's report from the template."""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from achievements.models import Achievement
from achievements.spreadsheets import IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, template_headers
from efficiency_center.audit import AuditEvent
from efficiency_center.models import Notification
from efficiency_center.review import State
from efficiency_center.workflow import StateChange
from tests.achievements.factories import AchievementFactory

pytestmark = pytest.mark.django_db


def read_back(response):
    # The test client closes the response once its content is read (without touching the
    # database connection, which an explicit close() would).
    body = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(body))


class TestExport:
    def test_one_row_per_achievement_with_numbers_and_an_audit(
        self, client, campaign, dept_a, users
    ):
        AchievementFactory(
            campaign=campaign, department=dept_a, title="=HYPERLINK(1)", cases_handled=46,
            money_saved=Decimal("12.50"), state=State.APPROVED, is_typical=True,
        )  # fmt: skip
        AchievementFactory(campaign=campaign, department=dept_a, people_served=300)
        AchievementFactory(campaign=campaign, department=dept_a, quarter=2)
        client.force_login(users["clerk"])
        response = client.get(reverse("achievements:export", args=[1]))
        assert response.status_code == 200
        rows = list(read_back(response).active.iter_rows(values_only=True))
        headers = rows[0]
        assert len(rows) == 3  # headings + the two Q1 achievements
        by_title = {row[headers.index(template_headers()[0])]: row for row in rows[1:]}
        first = by_title["'=HYPERLINK(1)"]  # formula neutralised
        assert first[headers.index(template_headers()[5])] == 46
        assert isinstance(first[headers.index(template_headers()[5])], int)
        assert first[headers.index(template_headers()[9])] == 12.5
        assert first[0] == dept_a.name and first[2] == "Q1"
        assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 1

    def test_export_is_for_the_center_only(self, client, users):
        client.force_login(users["head_a"])
        assert client.get(reverse("achievements:export", args=[1])).status_code == 403


def template_workbook(client):
    response = client.get(reverse("achievements:import_template"))
    assert response.status_code == 200
    workbook = read_back(response)
    assert [c.value for c in workbook.active[1]] == template_headers()
    return workbook


def row(**overrides):
    values = {
        "title": "企业开办“一窗通办”",
        "focus": "服务提质",
        "category": "101%服务",
        "is_101": "是",
        "description": "设立专窗，当天办结。",
        "cases": 120,
        "days": None,
        "enterprises": 85,
        "people": None,
        "money": 3.5,
        "beneficiaries": "新开办企业",
        "start": datetime.date(2026, 1, 5),
        "end": "2026-03-10",
    }
    values.update(overrides)
    return list(values.values())


def upload(workbook, name="甲局一季度.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def clerk_client(client, users, campaign):
    client.force_login(users["clerk"])
    return client


def post_import(client, dept, file, quarter=1):
    return client.post(
        reverse("achievements:import"), {"department": dept.pk, "quarter": quarter, "file": file}
    )


class TestImport:
    def test_round_trip_template_import_export(self, clerk_client, campaign, dept_a, users):
        workbook = template_workbook(clerk_client)
        workbook.active.append(row())
        workbook.active.append(row(title="延时服务", focus="faster approvals", is_101="否"))
        workbook.active.append(
            row(title="延时服务二", focus="approval", is_101="否", cases=None, money=None,
                people=12)
        )  # fmt: skip
        response = post_import(clerk_client, dept_a, upload(workbook))
        assert response.status_code == 302, response.context and response.context["row_errors"]
        imported = Achievement.objects.filter(department=dept_a).order_by("id")
        assert imported.count() == 3
        first = imported[0]
        assert first.state == State.DRAFT and first.imported and first.is_101
        assert first.focus_area == "service" and first.category.name == "101%服务"
        assert first.cases_handled == 120 and first.money_saved == Decimal("3.50")
        assert first.period_start == datetime.date(2026, 1, 5)
        assert StateChange.objects.filter(action="create").count() == 3
        assert Notification.objects.filter(recipient=users["staff_a"]).exists()
        # The staff sees them as drafts they may edit and submit.
        clerk_client.force_login(users["staff_a"])
        assert clerk_client.get(reverse("achievements:edit", args=[first.pk])).status_code == 200
        # And the export reads them back.
        clerk_client.force_login(users["clerk"])
        exported = read_back(clerk_client.get(reverse("achievements:export", args=[1])))
        titles = [r[3] for r in exported.active.iter_rows(min_row=2, values_only=True)]
        assert sorted(titles) == sorted(["企业开办“一窗通办”", "延时服务", "延时服务二"])

    @pytest.mark.parametrize(
        "written,focus",
        [
            # The app's own words before the shared vocabulary, in Chinese and English …
            ("降低收费", "fees"),
            ("依规办事", "rules"),
            ("Lower fees", "fees"),
            ("rules applied", "rules"),
            # … seed 000's names, the shared vocabulary's and the stored values.
            ("控减收费", "fees"),
            ("减项降费", "fees"),
            ("遵规守纪", "rules"),
            ("Keeping to the rules", "rules"),
            ("enforcement", "enforcement"),
        ],
    )
    def test_the_focus_area_is_read_in_every_wording_it_was_written_in(
        self, clerk_client, campaign, written, focus
    ):
        from achievements.forms import AchievementForm
        from achievements.spreadsheets import parse_import

        workbook = template_workbook(clerk_client)
        workbook.active.append(row(focus=written))
        rows, errors = parse_import(
            upload(workbook), campaign=campaign, quarter=1, form_class=AchievementForm
        )
        assert errors == [] and rows[0]["focus_area"] == focus

    def test_one_bad_row_imports_nothing_and_names_row_and_column(
        self, clerk_client, campaign, dept_a
    ):
        workbook = template_workbook(clerk_client)
        workbook.active.append(row())
        workbook.active.append(row(cases=-5))
        workbook.active.append(row(start="2026-05-01", end="2026-05-02"))
        workbook.active.append(row(category="不存在的类别", is_101="也许"))
        response = post_import(clerk_client, dept_a, upload(workbook))
        assert response.status_code == 400
        errors = response.context["row_errors"]
        headers = template_headers()
        cells = {(number, column) for number, column, _message in errors}
        assert (3, headers[5]) in cells  # row 3: cases handled is negative
        assert (4, headers[11]) in cells  # row 4: period outside Q1
        assert (5, headers[2]) in cells and (5, headers[3]) in cells
        assert not any(number == 2 for number, _c, _m in errors)
        assert not Achievement.objects.exists()

    def test_a_row_with_no_figure_is_reported(self, clerk_client, dept_a):
        workbook = template_workbook(clerk_client)
        workbook.active.append(row(cases=None, money=None, enterprises=0))
        response = post_import(clerk_client, dept_a, upload(workbook))
        assert response.status_code == 400
        assert response.context["row_errors"][0][0] == 2
        assert not Achievement.objects.exists()

    def test_wrong_columns(self, clerk_client, dept_a):
        workbook = openpyxl.Workbook()
        workbook.active.append(["单位", "标题", "成效"])
        workbook.active.append(["县甲局", "x", 1])
        response = post_import(clerk_client, dept_a, upload(workbook))
        assert response.status_code == 400
        assert response.context["form"].has_error("file")
        assert not Achievement.objects.exists()

    def test_a_fake_xlsx_is_refused(self, clerk_client, dept_a):
        fake = SimpleUploadedFile("报表.xlsx", b"%PDF-1.4 this is not a workbook")
        response = post_import(clerk_client, dept_a, fake)
        assert response.status_code == 400 and response.context["form"].has_error("file")
        zip_not_xlsx = io.BytesIO()
        with zipfile.ZipFile(zip_not_xlsx, "w") as archive:
            archive.writestr("readme.txt", "hello")
        response = post_import(
            clerk_client, dept_a, SimpleUploadedFile("报表.xlsx", zip_not_xlsx.getvalue())
        )
        assert response.status_code == 400
        assert not Achievement.objects.exists()

    def test_a_zip_bomb_is_refused(self, clerk_client, dept_a):
        good = io.BytesIO()
        openpyxl.Workbook().save(good)
        with zipfile.ZipFile(io.BytesIO(good.getvalue())) as real:
            declared = real.read("[Content_Types].xml")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", declared)
            archive.writestr("xl/workbook.xml", b"<workbook/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 60 * 1024 * 1024)
        bomb = SimpleUploadedFile("炸弹.xlsx", buffer.getvalue())
        assert bomb.size < IMPORT_MAX_BYTES
        response = post_import(clerk_client, dept_a, bomb)
        assert response.status_code == 400 and response.context["form"].has_error("file")
        assert not Achievement.objects.exists()

    def test_a_file_over_5_mb_is_refused(self, clerk_client, dept_a):
        big = SimpleUploadedFile("大.xlsx", b"PK\x03\x04" + b"\0" * IMPORT_MAX_BYTES)
        response = post_import(clerk_client, dept_a, big)
        assert response.status_code == 400
        assert "file" in response.context["form"].errors

    def test_more_than_2000_rows_is_refused(self, clerk_client, dept_a):
        workbook = template_workbook(clerk_client)
        for n in range(IMPORT_MAX_ROWS + 1):
            workbook.active.append(row(title=f"实绩{n}"))
        response = post_import(clerk_client, dept_a, upload(workbook))
        assert response.status_code == 400 and response.context["form"].has_error("file")
        assert not Achievement.objects.exists()

    def test_the_quarterly_limit_applies_to_imports(self, clerk_client, dept_a):
        workbook = template_workbook(clerk_client)
        for n in range(21):
            workbook.active.append(row(title=f"实绩{n}"))
        response = post_import(clerk_client, dept_a, upload(workbook))
        assert response.status_code == 400
        assert not Achievement.objects.exists()

    def test_only_clerks_import(self, client, users, dept_a):
        client.force_login(users["leader"])
        assert client.get(reverse("achievements:import")).status_code == 403
