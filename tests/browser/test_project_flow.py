"""A practice project's whole path in real Chromium: staff files → head signs → clerk returns →
staff fixes → head resubmits → clerk approves → the public page shows it → staff files Q1
progress → head signs, clerk approves → the public timeline shows the percent done.

Elements are found by name= and data-* attributes, not by (translated) text."""

import re

import pytest

from practice_projects.models import ProgressReport, ProjectFiling
from tests.factories import CampaignFactory, CenterUserFactory, DepartmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"


@pytest.fixture
def county(db):
    CampaignFactory()
    unit = DepartmentFactory(code="D06", name="县环境保护局", short_name="县环保局")
    return {
        "staff": UserFactory(username="hbj_staff", role="staff", department=unit),
        "head": UserFactory(username="hbj_head", role="head", department=unit),
        "clerk": CenterUserFactory(username="clerk", role="clerk"),
    }


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")


def take_action(page, live_server, url, action, comment=""):
    page.goto(f"{live_server.url}{url}")
    if comment:
        page.fill(f'[data-action-form="{action}"] textarea[name="comment"]', comment)
    page.click(f'[data-action="{action}"]')
    page.wait_for_load_state()
    assert page.locator(".alert-success").count() == 1, page.content()


def test_a_project_from_filing_to_the_public_timeline(page, live_server, county, screenshot):
    # Staff files the project, with a second milestone added through "add a row".
    log_in(page, live_server, "hbj_staff")
    page.goto(f"{live_server.url}/projects/mine/")
    page.click('[data-link="project-create"]')
    page.fill('input[name="name"]', "环评审批“一次不用跑”")
    page.select_option('select[name="theme"]', index=1)
    page.fill('input[name="leader"]', "分管副局长")
    page.fill('input[name="contact_person"]', "吴芳")
    page.fill('input[name="contact_phone"]', "0517-86801111")
    page.fill('textarea[name="problem"]', "环评审批材料繁杂")
    page.fill('textarea[name="measures"]', "开通网上预审")
    page.fill('textarea[name="expected_results"]', "时限减半")
    page.fill('input[name="start_date"]', "2026-03-20")
    page.fill('input[name="end_date"]', "2026-12-20")
    page.fill('input[name="targets-0-what"]', "环评审批承诺时限")
    page.fill('input[name="targets-0-unit"]', "工作日")
    page.fill('input[name="targets-0-baseline"]', "30")
    page.fill('input[name="targets-0-target_value"]', "15")
    page.fill('input[name="milestones-0-title"]', "编制审批指南")
    page.fill('input[name="milestones-0-due_date"]', "2026-05-01")
    page.click('[data-add-row="milestones"]')
    page.fill('input[name="milestones-1-title"]', "开通网上预审")
    page.fill('input[name="milestones-1-due_date"]', "2026-10-01")
    screenshot(page, "project-filing-form")
    page.click("[data-submit]")
    page.wait_for_url(re.compile(r".*/projects/filings/\d+/$"))
    filing = ProjectFiling.objects.get()
    assert filing.milestones.count() == 2
    filing_url = f"/projects/filings/{filing.pk}/"

    log_in(page, live_server, "hbj_head")
    take_action(page, live_server, filing_url, "submit")
    log_in(page, live_server, "clerk")
    take_action(page, live_server, filing_url, "return", comment="请补充网上申报率目标")
    assert (
        "请补充网上申报率目标" in page.locator('[data-history] [data-step="return"]').inner_text()
    )

    # Staff fixes the returned filing.
    log_in(page, live_server, "hbj_staff")
    page.goto(f"{live_server.url}{filing_url}")
    page.click('[data-link="edit"]')
    page.fill('input[name="name"]', "环评审批“一次不用跑”（修订）")
    page.click("[data-submit]")
    page.wait_for_url(f"{live_server.url}{filing_url}")

    log_in(page, live_server, "hbj_head")
    take_action(page, live_server, filing_url, "submit")
    log_in(page, live_server, "clerk")
    take_action(page, live_server, filing_url, "approve")
    filing.refresh_from_db()
    assert filing.state == "published"

    # The public sees it.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/projects/")
    link = page.locator(f'[data-project="{filing.project_id}"]')
    assert "（修订）" in link.inner_text()
    link.click()
    assert "（修订）" in page.locator("[data-project-name]").inner_text()
    screenshot(page, "project-public-page")

    # Staff files Q1 progress; head signs, clerk approves.
    log_in(page, live_server, "hbj_staff")
    page.goto(f"{live_server.url}/projects/manage/{filing.project_id}/")
    page.click('[data-link="progress-create-1"]')
    page.select_option('select[name="ms-0-status"]', "done")
    page.fill('input[name="ms-0-percent"]', "100")
    page.select_option('select[name="ms-1-status"]', "in_progress")
    page.fill('input[name="ms-1-percent"]', "60")
    page.fill('input[name="tg-0-value"]', "22")
    page.fill('textarea[name="work_done"]', "编制完成审批指南")
    page.fill('textarea[name="next_steps"]', "上线网上预审系统")
    page.click("[data-submit]")
    page.wait_for_url(re.compile(r".*/projects/progress/\d+/$"))
    report_url = f"/projects/progress/{ProgressReport.objects.get().pk}/"
    log_in(page, live_server, "hbj_head")
    take_action(page, live_server, report_url, "submit")
    log_in(page, live_server, "clerk")
    take_action(page, live_server, report_url, "approve")

    # The public timeline shows the percent done.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/projects/{filing.project_id}/")
    percents = page.locator("[data-timeline] [data-milestone]").evaluate_all(
        "items => items.map(i => i.dataset.percent)"
    )
    assert percents == ["100", "60"]
    assert page.locator("[data-milestone] .progress-bar").nth(1).inner_text() == "60%"
    assert page.locator("[data-percent-done]").get_attribute("data-percent-done") == "80"
    assert page.locator('[data-report-quarter="1"]').is_visible()
    screenshot(page, "project-public-timeline")
