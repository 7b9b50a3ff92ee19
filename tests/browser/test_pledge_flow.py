"""A pledge from draft to public page in real Chromium: staff drafts → head submits → clerk
returns → staff fixes → head resubmits → clerk publishes → the public page and its PDF show it.

Elements are found by name= and data-* attributes, never by (translated) text."""

import pytest

from pledges.models import Pledge
from tests.factories import CampaignFactory, CenterUserFactory, DepartmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"
RETURN_COMMENT = "第4条请写明环评审批的具体压缩时限。"
FIXED_ITEM_4 = "建设项目环评报告表审批由法定30个工作日压缩至10个工作日内。"
PERSONAL_ITEM = "环评审批窗口午间不断档、周六预约办。"


@pytest.fixture
def county(db):
    CampaignFactory()
    unit = DepartmentFactory(code="D06", name="县环境保护局", short_name="县环保局")
    UserFactory(username="hbj_staff", role="staff", department=unit)
    UserFactory(username="hbj_head", role="head", department=unit)
    CenterUserFactory(username="clerk", role="clerk")
    return unit


@pytest.fixture
def session_for(browser, live_server):
    """A logged-in page per user, each in its own browser context (its own cookies)."""
    contexts = []

    def open_as(username):
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/dashboard/")
        return page

    yield open_as
    for context in contexts:
        context.close()


def act(page, url, action, comment=None):
    page.goto(url)
    form = page.locator(f"[data-action-form={action}]")
    if comment is not None:
        form.locator("textarea[name=comment]").fill(comment)
    form.locator(f"[data-action={action}]").click()
    page.wait_for_load_state()


def test_pledge_from_draft_to_public_page(live_server, county, session_for, page, screenshot):
    base = live_server.url

    # Staff start from the reference pledge and personalise it.
    staff = session_for("hbj_staff")
    staff.goto(f"{base}/pledges/mine/")
    staff.click("[data-action=start]")
    staff.wait_for_selector("form[data-form=pledge-edit]")
    pledge = Pledge.objects.get()
    assert staff.locator("tr[data-item-row]").count() == 6
    staff.click("[data-add-item]")
    staff.fill("textarea[name=items-6-text]", PERSONAL_ITEM)
    staff.select_option("select[name=items-6-focus_area]", "service")
    rows = staff.locator("tbody[data-item-list] tr[data-item-row]")
    rows.nth(6).locator("[data-move=up]").click()  # now the sixth item
    assert staff.input_value("input[name=items-6-position]") == "6"
    assert staff.input_value("input[name=items-5-position]") == "7"

    # Leaving with unsaved changes asks first; staying keeps the input.
    dialogs = []
    staff.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    staff.click("nav.navbar a.navbar-brand")
    assert dialogs == ["beforeunload"]
    assert staff.input_value("textarea[name=items-6-text]") == PERSONAL_ITEM
    screenshot(staff, "pledge-edit")
    staff.click("[data-action=save]")
    staff.wait_for_url(f"{base}{pledge.get_absolute_url()}")
    assert pledge.items.get(position=6).text == PERSONAL_ITEM

    # The head signs off; the clerk returns it with a comment.
    head = session_for("hbj_head")
    detail = f"{base}{pledge.get_absolute_url()}"
    act(head, detail, "submit")
    clerk = session_for("clerk")
    clerk.goto(f"{base}/pledges/review/")
    assert clerk.locator(f"[data-pledge='{pledge.pk}']").count() == 1
    act(clerk, detail, "return", comment=RETURN_COMMENT)

    # Staff see the comment and fix item 4; the head resubmits.
    staff.goto(f"{base}/pledges/work/{pledge.pk}/edit/")
    assert RETURN_COMMENT in staff.inner_text("[data-last-return]")
    staff.fill("textarea[name=items-3-text]", FIXED_ITEM_4)
    staff.click("[data-action=save]")
    staff.wait_for_url(detail)
    act(head, detail, "submit")

    # The clerk approves and publishes, recording the TV studio pledge and its date.
    clerk.goto(detail)
    approve = clerk.locator("[data-action-form=approve]")
    approve.locator("select[name=channel]").select_option("tv_studio")
    approve.locator("input[name=publication_date]").fill("2026-03-21")
    approve.locator("[data-action=approve]").click()
    clerk.wait_for_load_state()
    assert clerk.locator("[data-state=published]").first.is_visible()
    steps = clerk.locator("[data-history] tr[data-step]")
    assert [steps.nth(i).get_attribute("data-step") for i in range(steps.count())] == [
        "create",
        "submit",
        "return",
        "submit",
        "approve",
        "publish",
    ]
    screenshot(clerk, "pledge-published-work-page")

    # The public, not logged in, finds it, reads it and downloads its PDF.
    page.goto(f"{base}/pledges/")
    page.click(f"[data-pledge='{pledge.pk}']")
    page.wait_for_url(f"{base}{pledge.get_public_url()}")
    text = page.inner_text("[data-pledge-text]")
    assert "县环境保护局向县委、县政府和全县人民郑重承诺：" in text
    assert FIXED_ITEM_4 in text and PERSONAL_ITEM in text
    screenshot(page, "pledge-public-page")
    pdf = page.request.get(base + page.get_attribute("[data-pdf]", "href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF") and len(pdf.body()) > 10_000
