"""The assessment table: unit × kind with reversals on their side, the cap, the grouping of
sub-units, and the drill-down from each figure to its entries and each entry to its cause."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from assessment import selectors
from efficiency_center.scoring import ScoreKind, department_totals
from tests.assessment.html import parse
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
K = ScoreKind


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return parse(response.content)


def cell(soup, code, column):
    return soup.select_one(f'tr[data-unit="{code}"] [data-col="{column}"]').get_text(
        " ", strip=True
    )


class TestFigures:
    def test_each_kind_in_its_column_reversal_on_the_side_it_reverses(
        self, ledger, campaign, dept_a
    ):
        score = selectors.campaign_scores(campaign)[dept_a.pk]
        assert score.by_kind == {
            "pledge_broken": Decimal("-2"),
            "complaint_true": Decimal("0"),  # −1 and its reversal +1
            "complaint_partly_true": Decimal("0"),
            "report_late": Decimal("-0.5"),
            "reply_overdue": Decimal("0"),
            "best_measure": Decimal("2.5"),
            "real_deed": Decimal("2"),
            "typical_forwarded": Decimal("0.5"),
        }
        assert score.deductions == Decimal("-2.5")
        assert score.bonus == Decimal("5")
        assert score.bonus_asked == Decimal("5.5")
        assert score.total == Decimal("2.5")
        assert score.cap_applied

    def test_totals_agree_with_the_ledgers_own_sum(self, ledger, campaign):
        table = selectors.assessment_table(campaign)
        ours = {
            row["unit"].pk: (row["score"].deductions, row["score"].bonus, row["score"].total)
            for row in table["rows"]
            if row["score"].has_entries
        }
        assert ours == department_totals(campaign)

    def test_a_lowered_cap_applies_to_the_total(self, ledger, campaign, dept_a):
        campaign.bonus_cap = Decimal("3")
        campaign.save()
        score = selectors.campaign_scores(campaign)[dept_a.pk]
        assert score.bonus == Decimal("3") and score.total == Decimal("0.5")
        assert department_totals(campaign)[dept_a.pk][2] == Decimal("0.5")

    def test_a_reversed_bonus_asks_nothing(self, ledger, campaign, dept_a, users):
        from efficiency_center.scoring import reverse_score

        reverse_score(ledger["measure"], recorded_by=users["leader"], note="重复计分")
        score = selectors.campaign_scores(campaign)[dept_a.pk]
        assert score.by_kind["best_measure"] == 0
        assert score.bonus_asked == Decimal("2.5") and score.bonus == Decimal("2.5")
        assert not score.cap_applied


class TestPage:
    def test_the_table_shows_the_figures_and_the_cap(self, client, users, ledger, campaign):
        soup = page(client, users["clerk"], reverse("assessment:table"))
        assert cell(soup, "A01", "pledge_broken") == "-2"
        assert cell(soup, "A01", "complaint_true") == "0"
        assert cell(soup, "A01", "best_measure") == "2.5"
        assert cell(soup, "A01", "bonus_asked") == "5.5"
        assert cell(soup, "A01", "bonus").startswith("5")
        assert soup.select_one('tr[data-unit="A01"] [data-capped]')
        assert cell(soup, "A01", "total") == "2.5"
        assert cell(soup, "B01", "total") == "-1"
        assert cell(soup, "county", "total") == "1"  # 2.5 − 0.5 − 1
        header = soup.select_one('thead th[data-col="best_measure"]')
        assert header["title"] == str(ScoreKind.BEST_MEASURE.label)
        assert "5" in soup.select_one("thead").get_text()  # the cap in the bonus heading

    def test_sub_units_follow_their_supervisor(self, client, users, ledger, campaign):
        DepartmentFactory(code="A00", name="县丙局", short_name="丙局")
        soup = page(client, users["leader"], reverse("assessment:table"))
        codes = [row["data-unit"] for row in soup.select("tbody tr[data-unit]")]
        assert codes == ["A00", "A01", "A01S", "B01"]
        assert "ps-4" in soup.select_one('tr[data-unit="A01S"] th')["class"]

    def test_every_figure_links_to_its_entries(self, client, users, ledger, campaign):
        soup = page(client, users["clerk"], reverse("assessment:table"))
        link = soup.select_one('tr[data-unit="A01"] [data-col="pledge_broken"] a')["href"]
        assert link == f"{reverse('assessment:entries')}?year=2026&unit=A01&kind=pledge_broken"
        total = soup.select_one('tr[data-unit="A01"] [data-col="total"] a')["href"]
        assert total.endswith("unit=A01")
        assert soup.select_one('tr[data-unit="A01"] [data-col="complaint_partly_true"] a') is None

    def test_another_year(self, client, users, ledger):
        from tests.factories import CampaignFactory

        CampaignFactory(year=2025)
        soup = page(client, users["clerk"], reverse("assessment:table") + "?year=2025")
        assert cell(soup, "A01", "total") == "0"
        client.force_login(users["clerk"])
        assert client.get(reverse("assessment:table") + "?year=1999").status_code == 404


class TestDrillDown:
    def test_a_kind_includes_its_reversals(self, client, users, ledger, campaign):
        url = reverse("assessment:entries") + "?unit=A01&kind=complaint_true"
        soup = page(client, users["clerk"], url)
        rows = soup.select("tr[data-entry]")
        assert [int(r["data-entry"]) for r in rows] == [ledger["true"].pk, ledger["reversal"].pk]
        assert rows[0].select_one("[data-reversed]")
        assert "复核后不属实" in rows[1].get_text()
        assert soup.select_one("[data-sum]").get_text().strip().startswith("2")

    def test_each_entry_links_to_its_cause(self, client, users, ledger, campaign):
        soup = page(client, users["clerk"], reverse("assessment:entries") + "?unit=A01")
        causes = {
            row["data-kind"]: row.select_one("[data-cause]")
            for row in soup.select("tr[data-entry]")
        }
        broken = ledger["causes"]["broken"]
        link = causes["pledge_broken"].select_one("a")
        assert link["href"] == broken.get_absolute_url()
        assert link.get_text() == str(broken)
        complaint = ledger["causes"]["complaint"]
        assert complaint.number in causes["complaint_true"].get_text()
        missed = causes["report_late"].select_one("a")
        assert missed["href"] == reverse("achievements:desk") + "?year=2026"
        deed = causes["real_deed"].select_one("a")
        assert deed["href"] == ledger["deed"].cause.get_absolute_url()

    def test_a_sub_units_late_filing_links_to_the_desk(self, client, users, ledger):
        soup = page(client, users["clerk"], reverse("assessment:entries") + "?unit=A01S")
        link = soup.select_one("[data-cause] a")
        assert link["href"] == reverse("practice_projects:desk") + "?year=2026"
        assert "活动方案" in link.get_text() and "2026-03-20" in link.get_text()
        assert client.get(link["href"]).status_code == 200

    def test_points_asked_and_granted_on_bonus_entries(self, client, users, ledger):
        soup = page(client, users["clerk"], reverse("assessment:entries") + "?kind=bonus")
        row = soup.select_one(f'tr[data-entry="{ledger["measure"].pk}"]')
        assert row.select_one("[data-points]").get_text(strip=True) == "2.5"
        assert row.select_one("[data-asked]").get_text(" ", strip=True).startswith("3")
        assert row.select_one("[data-asked] [data-capped]")
        deed = soup.select_one(f'tr[data-entry="{ledger["deed"].pk}"] [data-asked]')
        assert deed.get_text(strip=True) == "2"
        kinds = {r["data-kind"] for r in soup.select("tr[data-entry]")}
        assert kinds == {"best_measure", "real_deed", "typical_forwarded"}

    def test_deductions_side(self, client, users, ledger):
        soup = page(client, users["clerk"], reverse("assessment:entries") + "?kind=deductions")
        kinds = [r["data-kind"] for r in soup.select("tr[data-entry]")]
        assert "best_measure" not in kinds and "reversal" in kinds and len(kinds) == 7

    def test_unknown_filters(self, client, users, ledger):
        client.force_login(users["clerk"])
        assert client.get(reverse("assessment:entries") + "?unit=NOPE").status_code == 404
        soup = page(client, users["clerk"], reverse("assessment:entries") + "?kind=bogus")
        assert len(soup.select("tr[data-entry]")) == 10

    def test_pagination_keeps_the_filters(self, client, users, ledger, campaign, dept_a):
        from assessment.views import ledger as views

        views.ENTRIES_PER_PAGE, old = 2, views.ENTRIES_PER_PAGE
        try:
            soup = page(client, users["clerk"], reverse("assessment:entries") + "?unit=A01")
        finally:
            views.ENTRIES_PER_PAGE = old
        next_link = soup.select_one("[data-next-page]")["href"]
        assert re.search(r"unit=A01", next_link) and "page=2" in next_link
