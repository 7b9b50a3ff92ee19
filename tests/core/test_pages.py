import pytest
from django.urls import reverse

from efficiency_center.audit import AuditEvent
from efficiency_center.notices import issue_notice

ROLES = ["staff_a", "head_a", "clerk", "leader", "reviewer", "admin"]


@pytest.mark.django_db
class TestHome:
    def test_public_home_in_chinese_with_campaign(self, client, campaign):
        page = client.get("/").content.decode()
        assert "金湖县行政效能投诉中心" in page
        assert "优服务、助发展" in page and "2026年" in page
        assert "公开通报" in page  # a link to what is published
        assert 'lang="zh-hans"' in page

    def test_home_runs_a_bounded_number_of_queries(
        self, client, campaign, users, django_assert_max_num_queries
    ):
        for i in range(20):
            issue_notice(
                campaign=campaign,
                department=users["staff_a"].department,
                title=f"通报{i}",
                body="正文",
                cause=None,
                issued_by=users["clerk"],
                approved_by=users["leader"],
            )
        with django_assert_max_num_queries(6):
            client.get("/")

    def test_chinese_whatever_the_browser_and_english_on_request(self, client, campaign):
        page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
        assert "公开通报" in page
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        page = client.get("/").content.decode()
        assert "Public notices" in page


@pytest.mark.django_db
class TestNavigationByRole:
    @pytest.mark.parametrize(
        "username,present,absent",
        [
            ("staff_a", ["工作台"], ["系统管理"]),
            ("head_a", ["工作台"], ["系统管理"]),
            ("clerk", ["工作台"], ["系统管理"]),
            ("leader", ["工作台"], ["系统管理"]),
            ("admin", ["系统管理"], []),
        ],
    )
    def test_each_role_sees_its_menu(self, client, users, campaign, username, present, absent):
        client.force_login(users[username])
        page = client.get(reverse("dashboard")).content.decode()
        for label in present:
            assert label in page
        for label in absent:
            assert label not in page
        assert users[username].get_role_display() in page

    def test_unit_user_sees_own_unit_and_head_sees_sub_units(self, client, users, campaign):
        client.force_login(users["head_a"])
        page = client.get(reverse("dashboard")).content.decode()
        assert "县甲局" in page and "县甲局第一所" in page
        client.force_login(users["staff_b"])
        page = client.get(reverse("dashboard")).content.decode()
        assert "县乙局" in page and "县甲局第一所" not in page

    def test_admin_sees_calendar_banner_others_do_not(self, client, users, campaign, monkeypatch):
        # Which year is uncovered depends on today's date; the rule itself is in test_workdays.
        from efficiency_center import context_processors

        monkeypatch.setattr(context_processors.workdays, "calendar_warning_years", lambda: [2027])
        client.force_login(users["admin"])
        assert 'data-banner="calendar"' in client.get(reverse("dashboard")).content.decode()
        client.force_login(users["clerk"])
        assert 'data-banner="calendar"' not in client.get(reverse("dashboard")).content.decode()


@pytest.mark.django_db
class TestAccess:
    @pytest.mark.parametrize("name", ["dashboard", "notification_list"])
    def test_anonymous_is_sent_to_login(self, client, name):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")

    @pytest.mark.parametrize("username", [r for r in ROLES if r != "admin"])
    def test_admin_site_is_closed_to_other_roles(self, client, users, username):
        client.force_login(users[username])
        assert client.get("/admin/").status_code == 302  # Django admin's own login redirect

    @pytest.mark.parametrize("username", ["staff_a", "head_a", "reviewer"])
    def test_center_page_answers_403_in_chinese_and_is_audited(self, client, users, username):
        client.force_login(users[username])
        response = client.get(reverse("unit_directory"))
        assert response.status_code == 403 and "无权" in response.content.decode()
        assert AuditEvent.objects.filter(action="denied", user=users[username]).exists()

    @pytest.mark.parametrize("username", ["clerk", "leader", "admin"])
    def test_center_page_opens_for_the_center(self, client, users, username):
        client.force_login(users[username])
        assert client.get(reverse("unit_directory")).status_code == 200

    def test_unit_directory_query_count_does_not_grow_with_units(
        self, client, users, django_assert_max_num_queries
    ):
        from tests.factories import SubUnitFactory, UserFactory

        client.force_login(users["clerk"])
        for _ in range(15):
            sub = SubUnitFactory()
            UserFactory(department=sub.supervisor)
            UserFactory(department=sub)
        with django_assert_max_num_queries(10):
            page = client.get(reverse("unit_directory")).content.decode()
        assert page.count("└") >= 16

    def test_404_page_is_chinese(self, client, db):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert "页面不存在" in response.content.decode()


@pytest.mark.django_db
class TestLogin:
    def test_wrong_password_is_a_form_error(self, client, users):
        response = client.post(reverse("login"), {"username": "staff_a", "password": "wrong"})
        assert response.status_code == 200
        assert "用户名或密码错误" in response.content.decode()
        assert AuditEvent.objects.filter(action="login_failed", username="staff_a").exists()

    def test_login_lands_on_the_workbench(self, client, users, campaign):
        response = client.post(
            reverse("login"), {"username": "staff_a", "password": "pw-for-tests-1"}, follow=True
        )
        assert response.redirect_chain[-1][0] == reverse("dashboard")
        assert AuditEvent.objects.filter(action="login", user=users["staff_a"]).exists()

    def test_repeated_failures_are_throttled(self, client, users, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("login"), {"username": "staff_a", "password": "wrong"})
        response = client.post(
            reverse("login"), {"username": "staff_a", "password": "pw-for-tests-1"}
        )
        assert response.status_code == 429
        assert "登录失败次数过多" in response.content.decode()
