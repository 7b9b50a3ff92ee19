"""The county overview: filings on time per quarter, complaints per month by kind, and the
distribution of the assessment totals; ECharts with tables that carry the same figures."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.selectors import overview as selectors
from efficiency_center.review import State
from efficiency_center.workflow import record_history
from tests.achievements.factories import AchievementFactory
from tests.assessment.factories import ComplaintOfUnit, published_pledge
from tests.assessment.html import parse
from tests.practice_projects.factories import approved_project, file_progress

pytestmark = pytest.mark.django_db


def local(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


Q1 = datetime.date(2026, 3, 20)


class TestFilingsOnTime:
    def test_achievements_by_the_first_filing_of_each_unit(
        self, campaign, dept_a, dept_b, sub_of_a
    ):
        AchievementFactory(campaign=campaign, department=dept_a, filed_at=local(Q1, 23))
        AchievementFactory(
            campaign=campaign, department=dept_a, filed_at=local(Q1 + datetime.timedelta(days=3))
        )
        AchievementFactory(
            campaign=campaign, department=dept_b, filed_at=local(Q1 + datetime.timedelta(days=1))
        )
        AchievementFactory(campaign=campaign, department=sub_of_a, filed_at=None)  # a draft
        rows = selectors.filings_on_time(campaign, today=datetime.date(2026, 4, 1))
        q1 = rows[0]["cells"][0]
        assert rows[0]["source"] == "achievements"
        assert (q1["on_time"], q1["late"], q1["missing"]) == (1, 1, 1)
        q2 = rows[0]["cells"][1]
        assert (q2["on_time"], q2["late"], q2["missing"]) == (0, 0, None)  # not due yet

    def test_fulfilment_by_the_first_sign_off_a_return_does_not_make_it_late(
        self, campaign, dept_a, dept_b, users
    ):
        from pledges.models import FulfilmentReport

        for unit, head in ((dept_a, users["head_a"]), (dept_b, users["head_b"])):
            pledge = published_pledge(campaign, unit)
            report = FulfilmentReport.objects.create(
                pledge=pledge, campaign=campaign, department=unit, quarter=1,
                created_by=head, state=State.SUBMITTED,
            )  # fmt: skip
            first = (
                local(Q1 - datetime.timedelta(days=2))
                if unit == dept_a
                else local(Q1 + datetime.timedelta(days=5))
            )
            record_history(
                report, action="submit", from_state="draft", to_state="submitted", actor=head,
                at=first,
            )  # fmt: skip
        # 县甲局's report was returned and signed off again after the deadline: still on time.
        record_history(
            FulfilmentReport.objects.get(department=dept_a), action="submit",
            from_state="returned", to_state="submitted", actor=users["head_a"],
            at=local(Q1 + datetime.timedelta(days=9)),
        )  # fmt: skip
        published_pledge(campaign, users["staff_sub"].department)  # pledged, never reported
        rows = selectors.filings_on_time(campaign, today=datetime.date(2026, 4, 1))
        q1 = next(r for r in rows if r["source"] == "fulfilment")["cells"][0]
        assert (q1["on_time"], q1["late"], q1["missing"], q1["expected"]) == (1, 1, 1, 3)

    def test_progress_reports(self, campaign, users):
        project = approved_project(campaign, users)
        file_progress(project, users["staff_a"], quarter=1, today=datetime.date(2026, 3, 10))
        project.refresh_from_db()
        report = project.progress_reports.get()
        # Filed (its head's first sign-off) the day before the deadline.
        type(report).objects.filter(pk=report.pk).update(
            filed_at=local(Q1 - datetime.timedelta(days=1))
        )
        rows = selectors.filings_on_time(campaign, today=datetime.date(2026, 4, 1))
        q1 = next(r for r in rows if r["source"] == "progress")["cells"][0]
        assert (q1["on_time"], q1["late"], q1["missing"]) == (1, 0, 0)


class TestComplaintsByMonth:
    def test_months_in_local_time_by_kind(self, campaign, dept_a):
        # 2026-03-31 17:30 UTC is 2026-04-01 01:30 in the county: April.
        utc = datetime.UTC
        ComplaintOfUnit(campaign=campaign, department=dept_a, kind="attitude",
                        filed_at=datetime.datetime(2026, 3, 31, 17, 30, tzinfo=utc))  # fmt: skip
        ComplaintOfUnit(campaign=campaign, department=dept_a, kind="attitude",
                        filed_at=datetime.datetime(2026, 3, 31, 15, 0, tzinfo=utc))  # fmt: skip
        ComplaintOfUnit(campaign=campaign, department=dept_a, kind="inaction",
                        filed_at=datetime.datetime(2026, 4, 10, 2, 0, tzinfo=utc))  # fmt: skip
        data = selectors.complaints_by_month(campaign)
        kinds = [k["kind"] for k in data["kinds"]]
        rows = {row["month"]: row for row in data["rows"]}
        assert len(rows) == 12 and data["total"] == 3
        assert rows["2026-03"]["counts"][kinds.index("attitude")] == 1
        assert rows["2026-04"]["counts"][kinds.index("attitude")] == 1
        assert rows["2026-04"]["counts"][kinds.index("inaction")] == 1
        assert rows["2026-04"]["total"] == 2


class TestDistribution:
    def test_every_active_unit_in_one_point_bins(self, ledger, campaign, dept_a):
        from tests.factories import DepartmentFactory

        DepartmentFactory(code="Z01")  # no entries: total 0
        data = selectors.totals_distribution(campaign)
        # 县甲局 2.5, 甲局一所 −0.5, 县乙局 −1, Z01 0.
        assert data["units"] == 4
        assert {b["low"]: b["count"] for b in data["bins"]} == {-1: 2, 0: 1, 1: 0, 2: 1}
        assert data["low"] == -1 and data["high"] == 2.5
        assert data["with_bonus"] == 1 and data["with_deductions"] == 3

    def test_no_units(self, campaign):
        assert selectors.totals_distribution(campaign)["bins"] == []


def test_the_page_draws_charts_with_table_fallbacks(client, users, ledger, campaign):
    ComplaintOfUnit(campaign=campaign, department=users["staff_a"].department,
                    filed_at=local(datetime.date(2026, 5, 6)))  # fmt: skip
    client.force_login(users["leader"])
    response = client.get(reverse("assessment:overview"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "vendor/echarts/echarts.min.js" in content and "assessment/overview.js" in content
    soup = parse(content)
    for chart in ("filings", "complaints", "distribution"):
        assert soup.select_one(f'[data-chart="{chart}"]')
        assert soup.select_one(f'[data-table="{chart}"]')
    data = json.loads(soup.select_one("#overview-data").get_text())
    assert data["quarters"] == ["Q1", "Q2", "Q3", "Q4"]
    assert len(data["filings"]) == 3 and len(data["months"]) == 12
    assert sum(sum(kind["data"]) for kind in data["kinds"]) == 3  # the ledger's two and this one
    may = soup.select_one('[data-table="complaints"] tr[data-month="2026-05"] [data-col="total"]')
    assert may.get_text() == "1"
    assert sum(data["bin_counts"]) == 3
