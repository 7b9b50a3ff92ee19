"""The assessment in real Chromium: a leader drills down from a figure to its entry, corrects it
with a reason and closes the assessment; a clerk's overview draws its charts; a unit's head
lands on its own year and cannot open another unit's."""

import pytest

from efficiency_center.models import Campaign
from efficiency_center.scoring import ScoreEntry
from tests.assessment.factories import make_ledger

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"


@pytest.fixture
def ledger(campaign, dept_a, dept_b, sub_of_a, users):
    return make_ledger(campaign, dept_a, dept_b, sub_of_a, users)


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/dashboard/")


def test_drill_down_correct_close_overview_and_a_units_year(
    page,
    live_server,
    ledger,
    campaign,
    screenshot,
):
    base = live_server.url
    log_in(page, live_server, "leader")
    page.goto(f"{base}/assessment/")
    row = page.locator('tr[data-unit="A01"]')
    assert row.locator('[data-col="total"]').inner_text() == "2.5"
    assert row.locator("[data-capped]").count() == 1
    screenshot(page, "assessment-table")

    row.locator('[data-col="pledge_broken"] a').click()
    page.wait_for_selector("[data-entries]")
    entry = page.locator(f'tr[data-entry="{ledger["broken"].pk}"]')
    assert entry.locator("[data-cause-link]").get_attribute("href") == (
        ledger["causes"]["broken"].get_absolute_url()
    )
    entry.locator('[data-action="reverse"]').click()
    page.fill("textarea[name=reason]", "经复核，该项承诺已按期兑现")
    page.click('form[data-form="reverse"] [data-action="reverse"]')
    page.wait_for_selector(f'tr[data-entry="{ledger["broken"].pk}"] [data-reversed]')
    assert ScoreEntry.objects.filter(reverses=ledger["broken"]).exists()

    page.goto(f"{base}/assessment/")
    assert page.locator('tr[data-unit="A01"] [data-col="total"]').inner_text() == "4.5"
    page.click('[data-action="close"]')
    page.click('form[data-form="close"] [data-action="close"]')
    page.wait_for_selector('[data-state="closed"]')
    assert page.locator('[data-action="close"]').count() == 0
    campaign.refresh_from_db()
    assert Campaign.objects.get(pk=campaign.pk).assessment_is_closed

    log_in(page, live_server, "clerk")
    page.goto(f"{base}/assessment/overview/")
    for chart in ("filings", "complaints", "distribution"):
        page.wait_for_selector(f'[data-chart="{chart}"] canvas')
    screenshot(page, "assessment-overview")

    log_in(page, live_server, "head_a")
    page.goto(f"{base}/assessment/units/")
    page.wait_for_url(f"{base}/assessment/units/A01/?year={campaign.year}")
    assert page.locator('[data-timeline] [data-event="ledger"]').count() >= 1
    screenshot(page, "assessment-unit")
    response = page.goto(f"{base}/assessment/units/B01/")
    assert response.status == 404
