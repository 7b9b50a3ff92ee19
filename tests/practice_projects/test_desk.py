"""The clerk's desk (who filed what, by when), its Excel export, and the two PDF forms."""

import datetime
import io
import subprocess

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from efficiency_center.audit import AuditEvent
from practice_projects import deadlines, selectors
from practice_projects.deadlines import Status
from practice_projects.models import (
    CampaignPlan,
    FilingKind,
    ProgressReport,
    Project,
    ProjectFiling,
    ProjectSettings,
)
from tests.practice_projects.factories import (
    CampaignPlanFactory,
    act,
    approved_project,
    file_progress,
    file_project,
)

pytestmark = pytest.mark.django_db


def moment(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def set_filed(model, pk, day):
    model.objects.filter(pk=pk).update(filed_at=moment(day))


class TestStatuses:
    """unit_statuses on a fixed clock: filed / late / missing / open / not owed."""

    def test_plan_and_project(self, campaign, users, dept_a, dept_b, sub_of_a):
        plan_a = CampaignPlanFactory(campaign=campaign, department=dept_a)
        plan_b = CampaignPlanFactory(campaign=campaign, department=dept_b)
        set_filed(CampaignPlan, plan_a.pk, campaign.plan_deadline)
        set_filed(CampaignPlan, plan_b.pk, campaign.plan_deadline + datetime.timedelta(days=1))
        project = file_project(campaign, users["staff_a"])
        set_filed(ProjectFiling, project.filings.get().pk, campaign.plan_deadline)
        file_project(campaign, users["staff_b"])  # a draft is not filed
        ids = [dept_a.pk, dept_b.pk, sub_of_a.pk]

        before = deadlines.unit_statuses(campaign, ids, today=campaign.plan_deadline)
        assert before[sub_of_a.pk][FilingKind.PLAN] == Status.OPEN
        after = deadlines.unit_statuses(
            campaign, ids, today=campaign.plan_deadline + datetime.timedelta(days=1)
        )
        assert [after[d][FilingKind.PLAN] for d in ids] == [
            Status.FILED,
            Status.LATE,
            Status.MISSING,
        ]
        assert [after[d][FilingKind.PROJECT] for d in ids] == [
            Status.FILED,
            Status.MISSING,
            Status.MISSING,
        ]

    def test_a_returned_filing_filed_on_time_is_not_late(self, campaign, users, dept_a):
        filing = file_project(campaign, users["staff_a"]).filings.get()
        act(filing, "submit", users["head_a"])
        act(filing, "return", users["clerk"], "改")
        set_filed(ProjectFiling, filing.pk, campaign.plan_deadline)
        after = deadlines.unit_statuses(campaign, [dept_a.pk], today=campaign.q2_deadline)
        assert after[dept_a.pk][FilingKind.PROJECT] == Status.FILED

    def test_the_project_deadline_can_differ_from_the_plans(self, campaign, users, dept_a):
        ProjectSettings.objects.create(
            campaign=campaign, project_deadline=campaign.plan_deadline + datetime.timedelta(30)
        )
        today = campaign.plan_deadline + datetime.timedelta(days=5)
        row = deadlines.unit_statuses(campaign, [dept_a.pk], today=today)[dept_a.pk]
        assert (row[FilingKind.PLAN], row[FilingKind.PROJECT]) == (Status.MISSING, Status.OPEN)

    def test_progress_is_owed_for_projects_approved_by_the_deadline(
        self, campaign, users, dept_a, dept_b, sub_of_a
    ):
        on_time = approved_project(campaign, users)
        late = approved_project(
            campaign, users | {"staff_a": users["staff_b"], "head_a": users["head_b"]}
        )
        after_q1 = campaign.q1_deadline + datetime.timedelta(days=1)
        Project.objects.update(first_approved_at=moment(campaign.q1_deadline))
        Project.objects.filter(pk=late.pk).update(first_approved_at=moment(after_q1))
        report = file_progress(on_time, users["staff_a"], quarter=1)
        act(report, "submit", users["head_a"])
        set_filed(ProgressReport, report.pk, campaign.q1_deadline)
        ids = [dept_a.pk, dept_b.pk, sub_of_a.pk]
        q1 = deadlines.unit_statuses(campaign, ids, today=after_q1)
        assert [q1[d][FilingKind.Q1] for d in ids] == [
            Status.FILED,
            Status.NOT_OWED,
            Status.NOT_OWED,
        ]
        before_q2 = deadlines.unit_statuses(campaign, ids, today=campaign.q2_deadline)
        assert [before_q2[d][FilingKind.Q2] for d in ids] == [
            Status.OPEN,
            Status.OPEN,
            Status.NOT_OWED,
        ]
        after_q2 = deadlines.unit_statuses(
            campaign, ids, today=campaign.q2_deadline + datetime.timedelta(days=1)
        )
        assert after_q2[dept_b.pk][FilingKind.Q2] == Status.MISSING

    def test_the_quarter_being_reported(self, campaign):
        assert deadlines.open_quarters(campaign, campaign.q1_deadline) == [1]
        assert deadlines.open_quarters(campaign, campaign.q2_deadline) == [1, 2]
        assert deadlines.open_quarters(campaign, datetime.date(2027, 1, 5)) == [1, 2, 3, 4]


class TestDeskPage:
    @pytest.fixture
    def county(self, campaign, users, dept_a, dept_b):
        plan = CampaignPlanFactory(campaign=campaign, department=dept_a)
        set_filed(CampaignPlan, plan.pk, campaign.plan_deadline)
        return users

    def test_the_matrix_with_filters(self, client, county, campaign, dept_a, dept_b, sub_of_a):
        client.force_login(county["clerk"])
        url = reverse("practice_projects:desk")
        page = client.get(url).content.decode()
        for unit in (dept_a, dept_b, sub_of_a):
            assert f'data-unit="{unit.code}"' in page
        rows = client.get(url, {"filing": "plan", "status": "missing"}).context["rows"]
        assert [r["unit"] for r in rows] == [sub_of_a, dept_b]
        rows = client.get(url, {"supervisor": dept_a.pk}).context["rows"]
        assert [r["unit"] for r in rows] == [dept_a, sub_of_a]
        rows = client.get(url, {"kind": "station"}).context["rows"]
        assert [r["unit"] for r in rows] == [sub_of_a]
        rows = client.get(url, {"q": "乙"}).context["rows"]
        assert [r["unit"] for r in rows] == [dept_b]
        rows = client.get(url, {"status": "overdue"}).context["rows"]
        assert [r["unit"] for r in rows] == [dept_a, sub_of_a, dept_b]  # A's project is missing
        rows = client.get(url, {"status": "filed"}).context["rows"]
        assert [r["unit"] for r in rows] == [dept_a]

    def test_bounded_queries(self, client, county, campaign, django_assert_max_num_queries):
        from tests.factories import DepartmentFactory

        for i in range(40):
            DepartmentFactory(code=f"X{i:02d}")
        client.force_login(county["clerk"])
        with django_assert_max_num_queries(14):
            client.get(reverse("practice_projects:desk"))

    def test_export_reads_back_and_is_audited(self, client, county, campaign, dept_a):
        client.force_login(county["clerk"])
        response = client.get(reverse("practice_projects:desk_export"), {"kind": "key"})
        assert response.status_code == 200
        workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        rows = list(workbook.active.iter_rows(values_only=True))
        assert len(rows[0]) == 4 + len(FilingKind.values)
        codes = [row[0] for row in rows[1:]]
        assert codes == ["A01", "B01"]
        a_row = rows[1]
        assert a_row[1] == dept_a.name and a_row[4] == str(Status.LABELS[Status.FILED])
        event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
        assert event.user == county["clerk"] and "kind=key" in event.detail

    def test_best_measure_candidates_selector_is_empty_without_ratings(self, campaign):
        assert not selectors.best_measure_candidates(campaign).exists()


class TestPdfForms:
    def pdf_text(self, content, tmp_path):
        path = tmp_path / "form.pdf"
        path.write_bytes(content)
        return subprocess.run(
            ["/usr/bin/pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout

    def test_the_filing_form(self, client, campaign, users, tmp_path):
        project = approved_project(campaign, users, name="审批提速工程")
        client.force_login(users["staff_a"])
        response = client.get(reverse("practice_projects:filing_pdf", args=[project.current.pk]))
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        text = self.pdf_text(response.content, tmp_path)
        assert "审批提速工程" in text and "县甲局" in text and "节点1" in text

    def test_the_progress_report_form(self, client, campaign, users, tmp_path):
        project = approved_project(campaign, users)
        report = file_progress(project, users["staff_a"], quarter=2, percent=45)
        client.force_login(users["clerk"])
        response = client.get(reverse("practice_projects:progress_pdf", args=[report.pk]))
        assert response.content.startswith(b"%PDF")
        text = self.pdf_text(response.content, tmp_path)
        assert "45%" in text and "完成了部署" in text

    def test_the_chinese_font_is_embedded(self, client, campaign, users, tmp_path):
        project = approved_project(campaign, users)
        client.force_login(users["staff_a"])
        response = client.get(reverse("practice_projects:filing_pdf", args=[project.current.pk]))
        path = tmp_path / "f.pdf"
        path.write_bytes(response.content)
        fonts = subprocess.run(
            ["/usr/bin/pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout
        assert "NotoSerifSC" in fonts.replace(" ", "") or "Noto" in fonts
        assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:] if line.strip())
