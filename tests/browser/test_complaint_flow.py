"""A complaint's whole path in real Chromium: a visitor files a real-name complaint and notes the
query code; the clerk accepts it and forwards it (anonymised) to the unit; the unit's staff draft
the reply and the head signs it off; the clerk returns it; the staff fix it and the head sends it
again; the clerk accepts it and proposes 查实; a leader approves; the clerk issues the public
notice, which shows on /notices/; the clerk records the answer; the visitor enters the query
code and reads it. The unit never sees who complained."""

import pytest
from django.utils import timezone

from complaints.models import Complaint, Status
from efficiency_center.notices import PublicNotice
from efficiency_center.review import State
from tests.factories import CampaignFactory, CenterUserFactory, DepartmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"
NAME = "张三丰"
PHONE = "13912345678"
DESCRIPTION = (
    f"我是{NAME}，5月12日到县市场监督管理局窗口办理营业执照变更，工作人员不一次性告知所需材料，"
    "让我来回跑了三趟。"
)
FORWARDED = "有群众反映贵单位窗口办理营业执照变更时未一次性告知所需材料，请核实并答复。"
ANSWER = "经查，您反映的窗口未一次性告知问题属实，单位已通报批评当事人并公示一次性告知清单。"


@pytest.fixture
def county(db):
    campaign = CampaignFactory(year=timezone.localdate().year)
    scj = DepartmentFactory(code="D21", name="县市场监督管理局", short_name="县市场监管局")
    UserFactory(username="scj_staff", role="staff", department=scj)
    UserFactory(username="scj_head", role="head", department=scj)
    CenterUserFactory(username="clerk", role="clerk")
    CenterUserFactory(username="leader", role="leader")
    return {"campaign": campaign, "unit": scj}


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/dashboard/")


def submit(page, selector):
    """Click a submit button and wait for the page the post leads to."""
    with page.expect_navigation():
        page.click(selector)


def act(page, action, **fields):
    """Fill and send one action form of the center's case page (fields are prefixed)."""
    form = page.locator(f'[data-action-form="{action}"]')
    for name, value in fields.items():
        field = form.locator(f'[name="{action}-{name}"]')
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    with page.expect_navigation():
        form.locator(f'[data-action="{action}"]').click()


def sign_off(page):
    with page.expect_navigation():
        page.locator('[data-action-form="submit"] [data-action="submit"]').click()


def status():
    return Complaint.objects.get().status


def test_filed_forwarded_replied_returned_found_true_notified_and_answered(
    page, live_server, county, screenshot
):
    base = live_server.url
    unit = county["unit"]

    # A visitor files a real-name complaint and notes the query code.
    page.goto(f"{base}/complaints/file/")
    page.select_option("select[name=department]", str(unit.pk))
    page.select_option("select[name=kind]", "inefficiency")
    page.fill("textarea[name=description]", DESCRIPTION)
    page.fill("input[name=place]", "县政务服务中心二楼")
    page.check('input[name=identity][value="real"]')
    page.fill("input[name=name]", NAME)
    page.fill("input[name=phone]", PHONE)
    submit(page, '[data-action="file"]')
    code = page.locator("[data-query-code]").inner_text().strip()
    assert len(code) == 14
    screenshot(page, "complaint-filed")
    case = Complaint.objects.get()
    assert case.status == Status.REGISTERED and case.complainant.name == NAME
    case_url = f"{base}/complaints/case/{case.pk}/"
    unit_url = f"{base}/complaints/unit/{case.pk}/"

    # The clerk accepts it and forwards it to the unit, anonymised.
    log_in(page, live_server, "clerk")
    page.goto(f"{base}/complaints/desk/")
    with page.expect_navigation():
        page.click(f'a[href="/complaints/case/{case.pk}/"]')
    assert NAME in page.content()  # the center reads the complaint as written
    act(page, "accept")
    assert status() == Status.ACCEPTED
    form = page.locator('[data-action-form="forward"]')
    assert NAME in form.locator('[name="forward-forwarded_text"]').input_value()
    act(page, "forward", forwarded_text=FORWARDED)
    assert status() == Status.FORWARDED
    screenshot(page, "complaint-forwarded")

    # The unit's staff draft the reply; the head signs it off.
    log_in(page, live_server, "scj_staff")
    page.goto(f"{base}/complaints/unit/")
    with page.expect_navigation():
        page.click(f'[data-case="{case.pk}"] a')
    assert FORWARDED in page.locator("[data-forwarded-text]").inner_text()
    assert NAME not in page.content() and PHONE not in page.content()
    page.fill("textarea[name=facts]", "经核实，窗口工作人员未一次性告知变更所需材料。")
    page.fill("textarea[name=actions_taken]", "已对当事人批评教育。")
    submit(page, '[data-action="save-reply"]')
    assert page.locator('[data-reply-state="draft"]').count() == 1
    screenshot(page, "complaint-reply-draft")
    log_in(page, live_server, "scj_head")
    page.goto(unit_url)
    sign_off(page)
    assert status() == Status.REPLIED

    # The clerk returns it with a comment; the staff fix it; the head sends it again.
    log_in(page, live_server, "clerk")
    page.goto(case_url)
    act(page, "return_reply", comment="请说明整改措施并附一次性告知清单。")
    assert status() == Status.FORWARDED
    log_in(page, live_server, "scj_staff")
    page.goto(unit_url)
    assert "一次性告知清单" in page.locator("[data-return-comment]").inner_text()
    page.fill("textarea[name=actions_taken]", "已对当事人批评教育，窗口公示一次性告知清单。")
    submit(page, '[data-action="save-reply"]')
    log_in(page, live_server, "scj_head")
    page.goto(unit_url)
    sign_off(page)
    assert status() == Status.REPLIED
    assert case.replies.get().state == State.SUBMITTED

    # The clerk accepts the reply and proposes 查实; a leader approves.
    log_in(page, live_server, "clerk")
    page.goto(case_url)
    act(page, "accept_reply")
    assert status() == Status.CONCLUDING
    act(page, "propose", finding="true", findings="经查，窗口未一次性告知所需材料属实。")
    assert status() == Status.PROPOSED
    log_in(page, live_server, "leader")
    page.goto(f"{base}/complaints/leader/")
    with page.expect_navigation():
        page.click(f'a[href="/complaints/case/{case.pk}/"]')
    act(page, "approve_conclusion")
    assert status() == Status.CONCLUDED
    screenshot(page, "complaint-approved")

    # The clerk issues the public notice; it shows on /notices/, without the complainant.
    log_in(page, live_server, "clerk")
    page.goto(case_url)
    with page.expect_navigation():
        page.click('[data-link="notice"]')
    title = page.locator("input[name=title]").input_value()
    assert case.number in title
    submit(page, 'form[data-form="notice"] button[type=submit]')
    notice = PublicNotice.objects.get()
    page.context.clear_cookies()
    page.goto(f"{base}/notices/")
    listed = page.locator(f'[data-notice="{notice.pk}"]')
    assert case.number in listed.inner_text() and unit.name in listed.inner_text()
    assert NAME not in page.content() and PHONE not in page.content()
    screenshot(page, "complaint-public-notice")

    # The clerk records the answer.
    log_in(page, live_server, "clerk")
    page.goto(case_url)
    act(page, "answer", channel="phone", text=ANSWER)
    assert status() == Status.ANSWERED

    # The visitor enters the query code and reads the answer.
    page.context.clear_cookies()
    page.goto(f"{base}/complaints/query/")
    page.fill("input[name=code]", code)
    submit(page, '[data-action="query"]')
    assert page.locator("[data-answer]").inner_text().strip() == ANSWER
    assert page.locator('[data-status="answered"]').count() == 1
    screenshot(page, "complaint-answer-on-query-page")
