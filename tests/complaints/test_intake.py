"""Intake: the public filing, the clerk's registration, the query code, and their bad input."""

import datetime
import re

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from django.utils import timezone

from complaints import query_codes
from complaints.models import DESCRIPTION_MAX_CHARS, Channel, Complainant, Complaint, Status
from complaints.services import intake
from efficiency_center.accounts import system_user
from efficiency_center.audit import AuditEvent
from efficiency_center.notifications import Notification
from efficiency_center.throttle import ThrottleHit, digest
from efficiency_center.uploads import Attachment
from efficiency_center.workflow import StateChange
from tests.complaints.factories import (
    REAL_NAME,
    REAL_PHONE,
    ComplaintFactory,
    complaint_form_data,
    pdf_file,
)
from tests.factories import CampaignFactory, DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

FILE_URL = "/complaints/file/"
CODE_RE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")


def file_complaint(client, data, **extra):
    return client.post(reverse("complaints:file"), data, **extra)


def shown_code(client):
    """Follow the redirect to the thanks page and read the code shown there."""
    page = client.get(reverse("complaints:filed"))
    return page.context["code"]


# --- pages open to everyone --------------------------------------------------------------------


def test_urls_are_where_the_navigation_expects_them():
    assert reverse("complaints:file") == FILE_URL
    assert reverse("complaints:query") == "/complaints/query/"


@pytest.mark.parametrize("who", [None, "staff_a", "head_b"])
def test_file_and_query_pages_work_for_visitors_and_logged_in_unit_users(
    client, campaign, users, who
):
    if who:
        client.force_login(users[who])
    for name in ("complaints:file", "complaints:query"):
        response = client.get(reverse(name))
        assert response.status_code == 200
    if who:  # a logged-in unit user files like anyone else
        response = file_complaint(client, complaint_form_data(users[who].department))
        assert response.status_code == 302 and Complaint.objects.count() == 1


def test_the_form_lists_active_units_by_code_and_the_not_known_choice(client, campaign):
    DepartmentFactory(code="Z99", name="县乙后局")
    DepartmentFactory(code="A05", name="县甲前局")
    DepartmentFactory(code="M00", name="县已撤销局", is_active=False)
    choices = client.get(FILE_URL).context["form"].fields["department"].choices
    assert [label for _v, label in choices[2:]] == ["县甲前局", "县乙后局"]
    assert choices[1][0] == "unknown"


# --- a successful filing -----------------------------------------------------------------------


def test_public_filing_registers_the_case_and_shows_the_code_once(client, campaign, dept_a, users):
    response = file_complaint(client, complaint_form_data(dept_a, occurred_on="2026-03-02"))
    assert response.status_code == 302 and response.url == reverse("complaints:filed")

    complaint = Complaint.objects.get()
    assert complaint.number == f"TS{campaign.year}-00001"
    assert complaint.campaign == campaign and complaint.channel == Channel.WEB
    assert complaint.status == Status.REGISTERED and complaint.version == 1
    assert complaint.department == dept_a and complaint.occurred_on == datetime.date(2026, 3, 2)
    assert complaint.registered_by == system_user()
    today = timezone.localdate()
    from complaints import deadlines

    assert complaint.acceptance_due == deadlines.acceptance_due(campaign, today)
    complainant = complaint.complainant
    assert (complainant.name, complainant.phone) == (REAL_NAME, REAL_PHONE)
    assert complainant.address_digest == digest("127.0.0.1")

    change = StateChange.objects.get(object_id=complaint.pk, action="register")
    assert (change.from_state, change.to_state) == ("", Status.REGISTERED)
    assert AuditEvent.objects.filter(action=intake.AUDIT_ACTION, target=complaint.number).exists()
    told = Notification.objects.filter(recipient=users["clerk"])
    assert told.count() == 1 and complaint.number in told.get().verb
    assert not Notification.objects.exclude(recipient=users["clerk"]).exists()
    assert REAL_NAME not in told.get().verb and REAL_PHONE not in told.get().verb

    page = client.get(reverse("complaints:filed"))
    code = page.context["code"]
    assert CODE_RE.match(code)
    assert code in page.content.decode()
    assert complainant.query_code_digest == query_codes.code_digest(code)
    again = client.get(reverse("complaints:filed"))
    assert again.context["code"] is None and code not in again.content.decode()


def test_numbers_follow_the_highest_of_the_year(client, campaign, dept_a):
    ComplaintFactory(campaign=campaign, number=f"TS{campaign.year}-00041")
    ComplaintFactory(campaign=campaign, number="TS2025-00999")
    file_complaint(client, complaint_form_data(dept_a))
    file_complaint(client, complaint_form_data(dept_a))
    numbers = set(Complaint.objects.values_list("number", flat=True))
    assert {f"TS{campaign.year}-00042", f"TS{campaign.year}-00043"} <= numbers


@pytest.mark.django_db(transaction=True)
def test_two_filings_at_once_get_different_numbers(monkeypatch):
    """The first filing is slowed down between numbering and saving; the second, filed
    meanwhile from another connection, waits for the campaign row and takes the next number."""
    import threading
    import time

    from django.db import connection

    CampaignFactory(year=timezone.localdate().year)
    unit = DepartmentFactory(code="C01")
    system_user()  # created beforehand: its creation would serialise the two filings anyway
    numbering = intake._next_number

    def slow_for_the_first(campaign):
        number = numbering(campaign)
        if threading.current_thread().name == "first":
            time.sleep(0.5)
        return number

    monkeypatch.setattr(intake, "_next_number", slow_for_the_first)
    data = {"department": unit, "kind": "attitude", "description": "x", "is_anonymous": True}
    errors = []

    def file_one(address):
        try:
            intake.complaint_file(data=dict(data), address=address)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    first = threading.Thread(target=file_one, args=("10.0.0.1",), name="first")
    second = threading.Thread(target=file_one, args=("10.0.0.2",), name="second")
    first.start()
    time.sleep(0.15)
    second.start()
    first.join()
    second.join()
    assert errors == []
    year = timezone.localdate().year
    assert sorted(Complaint.objects.values_list("number", flat=True)) == [
        f"TS{year}-00001",
        f"TS{year}-00002",
    ]


def test_the_campaign_of_this_year_is_chosen(client, dept_a):
    today = timezone.localdate()
    this_year = CampaignFactory(year=today.year)
    CampaignFactory(year=today.year + 1)
    file_complaint(client, complaint_form_data(dept_a))
    assert Complaint.objects.get().campaign == this_year


def test_not_known_unit_is_stored_as_none(client, campaign):
    file_complaint(client, complaint_form_data(None))
    assert Complaint.objects.get().department is None


def test_anonymous_filing_stores_no_name_or_phone(client, campaign, dept_a):
    data = complaint_form_data(dept_a, identity="anonymous", name="李四", phone="bad phone")
    response = file_complaint(client, data)
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.is_anonymous
    assert (complaint.complainant.name, complaint.complainant.phone) == ("", "")
    assert not Complainant.objects.filter(name="李四").exists()
    assert CODE_RE.match(shown_code(client))  # an anonymous complainant gets a code too


def test_evidence_files_are_attached_and_the_identifying_one_is_sealed(client, campaign, dept_a):
    data = complaint_form_data(
        dept_a,
        evidence_1=pdf_file("现场照片.pdf"),
        evidence_2=pdf_file("身份证.pdf"),
        evidence_2_sealed="on",
    )
    assert file_complaint(client, data).status_code == 302
    complaint = Complaint.objects.get()
    files = {a.original_name: a for a in Attachment.objects.filter(owner_id=complaint.pk)}
    assert set(files) == {"现场照片.pdf", "身份证.pdf"}
    assert files["身份证.pdf"].sealed and not files["现场照片.pdf"].sealed
    assert files["身份证.pdf"].uploaded_by == system_user()


# --- the code is never in a URL, never in the database in clear --------------------------------


def _text_columns():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                yield model, field.name


def test_the_code_never_appears_in_a_url_or_in_the_database(client, campaign, dept_a):
    response = file_complaint(client, complaint_form_data(dept_a), follow=True)
    code = response.context["code"]
    raw = code.replace("-", "")
    for url, _status in response.redirect_chain:
        assert code not in url and raw not in url
    query = client.post(reverse("complaints:query"), {"code": code})
    assert query.status_code == 302 and code not in query.url and raw not in query.url
    client.get(query.url)
    for model, name in _text_columns():
        for value in (code, raw):
            assert not model._default_manager.filter(**{f"{name}__icontains": value}).exists(), (
                model,
                name,
            )
    for session in Session.objects.all():
        assert raw not in str(session.get_decoded()) and code not in str(session.get_decoded())


def test_codes_are_random_from_the_unambiguous_alphabet():
    codes = {query_codes.new_query_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(CODE_RE.match(code) for code in codes)
    assert not any(set(code) & set("01OIL") for code in codes)
    assert query_codes.code_digest("k7qx m3pa 9tz2") == query_codes.code_digest("K7QX-M3PA-9TZ2")
    assert query_codes.code_digest("K7QX-M3PA-9TZ2") != digest("K7QXM3PA9TZ2")
    # Codes of other shapes (the demo's) still get distinct digests.
    assert query_codes.code_digest("DEMOTS2026-00001") != query_codes.code_digest(
        "DEMOTS2026-00002"
    )


# --- bad input: a clear message next to the field, nothing stored ------------------------------


def assert_refused(response, field, contains=None):
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    if contains:
        assert contains in " ".join(errors[field])
    assert not Complaint.objects.exists() and not Complainant.objects.exists()
    assert not Attachment.objects.exists() and not ThrottleHit.objects.exists()


def test_empty_description_is_refused(client, campaign, dept_a):
    response = file_complaint(client, complaint_form_data(dept_a, description="   "))
    assert_refused(response, "description", "请描述事情经过。")


def test_description_over_the_limit_is_refused_and_at_the_limit_accepted(client, campaign, dept_a):
    long = "事" * (DESCRIPTION_MAX_CHARS + 1)
    assert_refused(
        file_complaint(client, complaint_form_data(dept_a, description=long)), "description"
    )
    ok = file_complaint(client, complaint_form_data(dept_a, description=long[:-1]))
    assert ok.status_code == 302


@pytest.mark.parametrize(
    "phone", ["12345678901", "1391234567", "139123456789", "86881234", "abc", "0517-123"]
)
def test_a_phone_that_is_not_chinese_is_refused_next_to_the_field(client, campaign, dept_a, phone):
    response = file_complaint(client, complaint_form_data(dept_a, phone=phone))
    assert_refused(response, "phone", "请填写手机号码")
    assert 'id="error_1_id_phone"' in response.content.decode()  # under the field itself


@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ("13912345678", "13912345678"),
        ("139 1234 5678", "13912345678"),
        ("+86 13912345678", "13912345678"),
        ("0517-86881234", "0517-86881234"),
        ("051786881234", "051786881234"),
        ("010-12345678-123", "010-12345678-123"),
    ],
)
def test_chinese_mobiles_and_landlines_are_accepted(client, campaign, dept_a, phone, stored):
    assert file_complaint(client, complaint_form_data(dept_a, phone=phone)).status_code == 302
    assert Complainant.objects.get().phone == stored


def test_real_name_needs_a_name_and_a_phone(client, campaign, dept_a):
    response = file_complaint(client, complaint_form_data(dept_a, name="", phone=""))
    assert_refused(response, "name")
    assert "phone" in response.context["form"].errors


def test_a_date_in_the_future_is_refused(client, campaign, dept_a):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = file_complaint(client, complaint_form_data(dept_a, occurred_on=tomorrow.isoformat()))
    assert_refused(response, "occurred_on", "该日期晚于今天。")


def test_a_unit_or_kind_not_offered_is_refused(client, campaign, dept_a):
    assert_refused(file_complaint(client, complaint_form_data(dept_a, kind="gossip")), "kind")
    for unit in ("999999", ""):
        data = {**complaint_form_data(dept_a), "department": unit}
        assert_refused(file_complaint(client, data), "department")


def test_evidence_is_judged_by_its_content_not_its_name(client, campaign, dept_a):
    fake = SimpleUploadedFile("证据.pdf", b"#!/bin/sh\nrm -rf /\n", content_type="application/pdf")
    response = file_complaint(client, complaint_form_data(dept_a, evidence_1=fake))
    assert_refused(response, "evidence_1")
    assert response.context["form"].errors.as_data()["evidence_1"][0].code == "bad_type"


# --- bots and floods ---------------------------------------------------------------------------


def test_honeypot_shows_the_same_thanks_page_and_stores_nothing(client, campaign, dept_a, users):
    response = file_complaint(client, complaint_form_data(dept_a, website="http://spam.example"))
    assert response.status_code == 302 and response.url == reverse("complaints:filed")
    page = client.get(response.url)
    assert CODE_RE.match(page.context["code"])  # looks like a real filing
    assert not Complaint.objects.exists() and not Complainant.objects.exists()
    assert not Notification.objects.exists() and not ThrottleHit.objects.exists()
    assert not AuditEvent.objects.filter(action=intake.AUDIT_ACTION).exists()


def test_the_honeypot_is_hidden_from_people(client, campaign):
    html = client.get(FILE_URL).content.decode()
    honeypot = re.search(r'<div class="visually-hidden" aria-hidden="true">.*?</div>', html, re.S)
    assert honeypot and 'name="website"' in honeypot.group(0)
    assert html.count('name="website"') == 1


def test_the_sixth_filing_in_an_hour_from_one_address_is_refused(client, campaign, dept_a):
    for _n in range(intake.FILE_LIMIT_PER_HOUR):
        assert file_complaint(client, complaint_form_data(dept_a)).status_code == 302
    response = file_complaint(client, complaint_form_data(dept_a))
    assert response.status_code == 429
    refusal = " ".join(response.context["form"].non_field_errors())
    assert f"过去一小时内已提交{intake.FILE_LIMIT_PER_HOUR}件投诉，已达上限" in refusal
    assert Complaint.objects.count() == intake.FILE_LIMIT_PER_HOUR
    # Another address may still file; the first may again after an hour.
    other = file_complaint(client, complaint_form_data(dept_a), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302
    ThrottleHit.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=61))
    assert file_complaint(client, complaint_form_data(dept_a)).status_code == 302


def test_the_flood_limit_is_also_the_services(campaign, dept_a):
    data = {
        "department": dept_a,
        "kind": "attitude",
        "description": "态度差",
        "is_anonymous": True,
    }
    for _n in range(intake.FILE_LIMIT_PER_HOUR):
        intake.complaint_file(data=data, address="10.9.9.9")
    with pytest.raises(intake.TooManyAttempts):
        intake.complaint_file(data=data, address="10.9.9.9")
    assert Complaint.objects.count() == intake.FILE_LIMIT_PER_HOUR


def test_the_service_checks_the_rules_again(campaign, dept_a):
    from efficiency_center.errors import Invalid

    with pytest.raises(Invalid) as refused:
        intake.complaint_file(
            data={"department": dept_a, "kind": "attitude", "description": "", "name": "王五"},
            address="10.9.9.8",
        )
    assert {"description", "phone"} <= set(refused.value.errors)
    assert not Complaint.objects.exists()


# --- the clerk's registration ------------------------------------------------------------------


def register(client, data):
    return client.post(reverse("complaints:register"), data)


def test_clerk_registers_a_hotline_complaint_and_sees_the_code_once(
    client, campaign, dept_a, users
):
    client.force_login(users["clerk"])
    page = client.get(reverse("complaints:register"))
    assert page.status_code == 200
    offered = [v for v, _l in page.context["form"].fields["channel"].choices]
    assert "web" not in offered and "hotline" in offered
    data = complaint_form_data(dept_a, channel="hotline", address="县城关镇人民路1号")
    response = register(client, data)
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert response.url == complaint.get_absolute_url()
    assert complaint.channel == Channel.HOTLINE and complaint.registered_by == users["clerk"]
    assert complaint.complainant.address == "县城关镇人民路1号"
    assert complaint.complainant.address_digest == ""
    assert not ThrottleHit.objects.exists()  # the flood limit is for the public form
    shown = [str(m) for m in response.wsgi_request._messages]
    code = re.search(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", shown[0]).group(0)
    assert complaint.complainant.query_code_digest == query_codes.code_digest(code)
    assert StateChange.objects.get(object_id=complaint.pk).actor == users["clerk"]


def test_a_letter_with_an_address_needs_no_phone(client, campaign, dept_a, users):
    client.force_login(users["clerk"])
    data = complaint_form_data(dept_a, channel="letter", phone="", address="县城关镇人民路1号")
    assert register(client, data).status_code == 302
    assert Complainant.objects.get().phone == ""
    bare = complaint_form_data(dept_a, channel="letter", phone="", address="")
    response = register(client, bare)
    assert response.status_code == 400 and "phone" in response.context["form"].errors


def test_registration_needs_a_channel_other_than_web(client, campaign, dept_a, users):
    client.force_login(users["clerk"])
    for channel in ("", "web", "pigeon"):
        response = register(client, complaint_form_data(dept_a, channel=channel))
        assert response.status_code == 400 and "channel" in response.context["form"].errors
    assert not Complaint.objects.exists()


def test_anonymous_registration_drops_the_address(client, campaign, dept_a, users):
    client.force_login(users["clerk"])
    data = complaint_form_data(
        dept_a, channel="visit", identity="anonymous", address="县城关镇人民路1号"
    )
    assert register(client, data).status_code == 302
    complainant = Complainant.objects.get()
    assert (complainant.name, complainant.phone, complainant.address) == ("", "", "")


@pytest.mark.parametrize("who", ["staff_a", "head_a", "leader", "reviewer"])
def test_only_clerks_register(client, campaign, dept_a, users, who):
    client.force_login(users[who])
    assert client.get(reverse("complaints:register")).status_code == 403
    assert register(client, complaint_form_data(dept_a, channel="hotline")).status_code == 403
    assert not Complaint.objects.exists()


def test_visitors_are_sent_to_log_in_for_registration(client, campaign):
    response = client.get(reverse("complaints:register"))
    assert response.status_code == 302 and "login" in response.url


def test_the_registration_service_refuses_non_clerks(campaign, dept_a):
    staff = UserFactory(role="staff", department=dept_a)
    data = {"channel": "hotline", "kind": "attitude", "description": "x", "is_anonymous": True}
    with pytest.raises(intake.DomainError):
        intake.complaint_register(user=staff, data=data)
