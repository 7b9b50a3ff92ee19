"""Log in as each role in real Chromium and see the navigation fitted to the role."""

import pytest

from tests.factories import CampaignFactory, CenterUserFactory, DepartmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests-1"


@pytest.fixture
def county(db):
    CampaignFactory()
    fgw = DepartmentFactory(code="D01", name="县发展和改革委员会", short_name="县发改委")
    return {
        "fgw_staff": UserFactory(username="fgw_staff", role="staff", department=fgw),
        "fgw_head": UserFactory(username="fgw_head", role="head", department=fgw),
        "clerk": CenterUserFactory(username="clerk", role="clerk"),
        "leader": CenterUserFactory(username="leader", role="leader"),
        "admin": CenterUserFactory(
            username="admin", role="admin", is_superuser=True, is_staff=True
        ),
    }


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")


@pytest.mark.parametrize(
    "username,expected,unexpected",
    [
        ("fgw_staff", ["工作台"], ["单位名录", "系统管理"]),
        ("fgw_head", ["工作台"], ["单位名录", "系统管理"]),
        ("clerk", ["工作台", "单位名录"], ["系统管理"]),
        ("leader", ["工作台", "单位名录"], ["系统管理"]),
        ("admin", ["工作台", "单位名录", "系统管理"], []),
    ],
)
def test_each_role_sees_its_navigation(
    page, live_server, county, screenshot, username, expected, unexpected
):
    log_in(page, live_server, username)
    nav = page.locator('[data-nav="role"]')
    for label in expected:
        assert nav.get_by_text(label, exact=True).is_visible()
    for label in unexpected:
        assert nav.get_by_text(label, exact=True).count() == 0
    assert county[username].get_role_display() in page.locator("nav").inner_text()
    assert screenshot(page, f"dashboard-{username}").stat().st_size > 10_000


def test_public_home_and_forbidden_page(page, live_server, county, screenshot):
    page.goto(live_server.url)
    assert "金湖县行政效能投诉中心" in page.title()
    assert page.get_by_text("优服务、助发展", exact=False).first.is_visible()
    screenshot(page, "home-public")
    log_in(page, live_server, "fgw_staff")
    response = page.goto(f"{live_server.url}/units/")
    assert response.status == 403
    assert page.get_by_text("无权访问").first.is_visible()


def test_wrong_password_shows_a_chinese_error(page, live_server, county):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_text("用户名或密码错误").is_visible()


def test_phone_width_collapses_the_menu(browser, live_server, county, screenshot):
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 740})
    page = context.new_page()
    log_in(page, live_server, "clerk")
    assert not page.get_by_text("单位名录", exact=True).is_visible()
    page.get_by_role("button", name="菜单").click()
    page.get_by_text("单位名录", exact=True).wait_for(state="visible")
    screenshot(page, "dashboard-clerk-phone")
    context.close()
