"""The achievement's whole path in real Chromium: report, sign, return, fix, sign, verify, mark
typical, public display, a visitor's objection, the clerk's answer, the batch closing."""

import datetime

import pytest

from achievements import tasks
from achievements.models import Achievement, Objection, PublicityBatch
from tests.factories import CampaignFactory, CenterUserFactory, DepartmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"


@pytest.fixture
def county(db):
    campaign = CampaignFactory()
    hbj = DepartmentFactory(code="D06", name="县环境保护局", short_name="县环保局")
    UserFactory(username="hbj_staff", role="staff", department=hbj)
    UserFactory(username="hbj_head", role="head", department=hbj)
    CenterUserFactory(username="clerk", role="clerk")
    return campaign


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/dashboard/")


def press(page, action, comment=None):
    form = page.locator(f'[data-action-form="{action}"]')
    if comment:
        form.locator("textarea[name=comment]").fill(comment)
    form.locator(f'[data-action="{action}"]').click()
    page.wait_for_load_state()


def test_report_to_public_display_and_back(page, live_server, county, screenshot):
    base = live_server.url
    # Staff reports.
    log_in(page, live_server, "hbj_staff")
    page.goto(f"{base}/achievements/new/")
    page.select_option("select[name=quarter]", "1")
    page.fill("input[name=title]", "四个“提前介入”优化环评审批")
    page.select_option("select[name=focus_area]", "approval")
    page.select_option("select[name=category]", index=1)
    page.check("input[name=is_101]")
    page.fill("textarea[name=description]", "提前介入、提前告知、提前草拟审批意见。")
    page.fill("input[name=cases_handled]", "46")
    page.fill("input[name=period_start]", f"{county.year}-01-06")
    page.fill("input[name=period_end]", f"{county.year}-03-10")
    page.click('[data-action="save"]')
    page.wait_for_selector("[data-title]")
    achievement = Achievement.objects.get()
    detail = f"{base}/achievements/{achievement.pk}/"
    screenshot(page, "achievement-draft")

    # Head signs; the clerk returns it; staff fixes it; the head signs again.
    log_in(page, live_server, "hbj_head")
    page.goto(detail)
    press(page, "submit")
    log_in(page, live_server, "clerk")
    page.goto(detail)
    press(page, "return", comment="请补充节约的工作日数。")
    assert page.locator('[data-state="returned"]').count() == 1
    log_in(page, live_server, "hbj_staff")
    page.goto(detail)
    page.click('[data-link="edit"]')
    assert page.locator("[data-return-comment]").is_visible()
    page.fill("input[name=workdays_saved]", "230")
    page.click('[data-action="save"]')
    page.wait_for_selector("[data-title]")
    log_in(page, live_server, "hbj_head")
    page.goto(detail)
    press(page, "submit")

    # The clerk verifies, marks it typical (forwarded), and opens the public display.
    log_in(page, live_server, "clerk")
    page.goto(detail)
    press(page, "approve")
    assert page.locator('[data-status="verified"]').count() == 1
    press(page, "mark_typical")
    assert page.locator('[data-status="typical"]').count() == 1
    page.goto(f"{base}/achievements/center/?quarter=1")
    form = page.locator('[data-form="publicity"]')
    form.locator(f'input[name=achievements][value="{achievement.pk}"]').check()
    form.locator('[data-action="publicity_open"]').click()
    page.wait_for_load_state()
    batch = PublicityBatch.objects.get()
    screenshot(page, "achievement-review-queue")

    # A visitor sees it on display and objects.
    page.context.clear_cookies()
    page.goto(f"{base}/achievements/")
    item = page.locator(f'[data-achievement="{achievement.pk}"]')
    assert "四个“提前介入”" in item.inner_text()
    item.locator('[data-link="public-detail"]').click()
    page.fill("textarea[name=text]", "据我所知部分项目并未当天批复。")
    page.fill("input[name=name]", "匿名群众甲")
    page.click('[data-action="object"]')
    page.wait_for_selector("[data-objection-received]")
    objection = Objection.objects.get()

    # The clerk dismisses it; the answer shows publicly, without the name.
    log_in(page, live_server, "clerk")
    page.goto(f"{base}/achievements/center/?quarter=1")
    page.locator(f'[data-objection="{objection.pk}"] [data-link="answer"]').click()
    page.check('input[name=outcome][value="dismissed"]')
    page.fill("textarea[name=answer]", "经核实，46个项目均在受理当日批复。")
    page.click('[data-action="answer"]')
    page.wait_for_load_state()
    page.context.clear_cookies()
    page.goto(f"{base}/achievements/")
    answer = page.locator(f'[data-achievement="{achievement.pk}"] [data-answer]')
    assert "46个项目均在受理当日批复" in answer.inner_text()
    assert "匿名群众甲" not in page.content()
    screenshot(page, "achievement-public-display")

    # The job closes the batch once its period is over (a fixed clock).
    day_after = (batch.ends + datetime.timedelta(days=1)).isoformat()
    assert tasks.close_publicity_batches(day_after) == {"closed": [batch.pk], "held": []}
    page.goto(f"{base}/achievements/")
    assert page.locator(f'[data-batch="{batch.pk}"]').get_attribute("data-batch-state") == "closed"
