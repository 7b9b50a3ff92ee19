"""Admins manage departments, users, campaigns and calendar overrides in the Django admin."""

import datetime

import pytest
from django.urls import reverse

from efficiency_center.models import Campaign, DayOverride, Department, User

PAGES = [
    "efficiency_center_department",
    "efficiency_center_user",
    "efficiency_center_campaign",
    "efficiency_center_dayoverride",
    "efficiency_center_scoreentry",
    "efficiency_center_statechange",
    "efficiency_center_auditevent",
    "django_celery_beat_periodictask",
]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_admin_lists_open(client, users, campaign, page):
    client.force_login(users["admin"])
    assert client.get(reverse(f"admin:{page}_changelist")).status_code == 200


@pytest.mark.django_db
def test_admin_adds_a_sub_unit_and_a_user(client, users, dept_a):
    client.force_login(users["admin"])
    response = client.post(
        reverse("admin:efficiency_center_department_add"),
        {
            "code": "A01X",
            "name": "县甲局第二所",
            "short_name": "甲局二所",
            "kind": "station",
            "supervisor": dept_a.pk,
            "approval_duty": "on",
            "is_active": "on",
            "sub_units-TOTAL_FORMS": "0",
            "sub_units-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Department.objects.get(code="A01X")
    assert unit.supervisor == dept_a and unit.is_sub_unit


@pytest.mark.django_db
def test_admin_refuses_a_sub_unit_without_supervisor(client, users):
    client.force_login(users["admin"])
    response = client.post(
        reverse("admin:efficiency_center_department_add"),
        {
            "code": "X9",
            "name": "无主管的所",
            "short_name": "无主管",
            "kind": "station",
            "is_active": "on",
            "sub_units-TOTAL_FORMS": "0",
            "sub_units-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "下属单位必须指定主管部门" in response.content.decode()
    assert not Department.objects.filter(code="X9").exists()


@pytest.mark.django_db
def test_staff_user_without_department_is_refused(client, users):
    user = User(username="nobody", role="staff")
    with pytest.raises(Exception) as refused:
        user.full_clean(exclude=["password"])
    assert "必须属于一个单位" in str(refused.value)


@pytest.mark.django_db
def test_admin_enters_a_missing_years_holidays_and_the_banner_goes(client, users, campaign):
    from efficiency_center.workdays import calendar_warning_years

    client.force_login(users["admin"])
    missing = calendar_warning_years() or [2099]  # 2099: no schedule ever known in advance
    listing = client.get(reverse("admin:efficiency_center_dayoverride_changelist"))
    if missing != [2099]:
        assert f"尚未录入{missing[0]}年" in listing.content.decode()
    for year in missing:
        response = client.post(
            reverse("admin:efficiency_center_dayoverride_add"),
            {"date": f"{year}-01-01", "is_workday": "", "note": "元旦"},
        )
        assert response.status_code == 302
        assert DayOverride.objects.get(date=datetime.date(year, 1, 1)).is_workday is False
    assert calendar_warning_years() == []
    page = client.get(reverse("dashboard")).content.decode()
    assert 'data-banner="calendar"' not in page


@pytest.mark.django_db
def test_campaign_deadlines_must_be_in_order(users):
    campaign = Campaign(**Campaign.defaults_for_year(2026), name="测试")
    campaign.q2_deadline = datetime.date(2026, 3, 1)
    with pytest.raises(Exception) as refused:
        campaign.full_clean()
    assert "先后顺序" in str(refused.value)


@pytest.mark.django_db
def test_periodic_jobs_are_registered_in_beat(db):
    from django_celery_beat.models import PeriodicTask

    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert "efficiency_center.tasks.sweep_notification_outbox" in tasks
    assert "efficiency_center.tasks.remind_calendar_schedule" in tasks


@pytest.mark.django_db
def test_admin_exports_the_audit_log_and_the_export_is_audited(client, users):
    import io

    import openpyxl

    from efficiency_center.audit import AuditEvent

    client.post(reverse("login"), {"username": "staff_a", "password": "wrong"})
    client.force_login(users["admin"])
    ids = list(AuditEvent.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("admin:efficiency_center_auditevent_changelist"),
        {"action": "export_xlsx", "_selected_action": ids},
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "用户名" and rows[1][1] == "staff_a" and rows[1][2] == "登录失败"
    assert AuditEvent.objects.filter(action="export", user=users["admin"]).exists()
