"""The complainant's side: the query code, the tracking page, adding information, rating and
asking for re-examination."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints import deadlines
from complaints.models import CaseNote, Complaint, FollowUp, Status
from complaints.services import complainant, intake
from efficiency_center.accounts import system_user
from efficiency_center.notifications import Notification
from efficiency_center.throttle import ThrottleHit
from efficiency_center.uploads import Attachment, attach
from efficiency_center.workflow import StateChange
from tests.complaints.factories import (
    REAL_NAME,
    REAL_PHONE,
    CaseNoteFactory,
    ComplaintFactory,
    FollowUpFactory,
    pdf_file,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CODE = "K7QX-M3PA-9TZ2"
QUERY_URL = "/complaints/query/"
TRACK_URL = "/complaints/track/"


def ask(client, code=CODE, **extra):
    return client.post(reverse("complaints:query"), {"code": code}, **extra)


def open_case(client, code=CODE):
    response = ask(client, code)
    assert response.status_code == 302 and response.url == TRACK_URL, response
    return client.get(TRACK_URL)


@pytest.fixture
def case(campaign, dept_a):
    return ComplaintFactory(campaign=campaign, department=dept_a, complainant__query_code=CODE)


def answered(case, **fields):
    values = {
        "status": Status.ANSWERED,
        "accepted_at": timezone.now(),
        "finding": "partly_true",
        "findings": "内部调查记录：窗口人员王某某",
        "concluded_at": timezone.now(),
        "answer_channel": "phone",
        "answered_on": timezone.localdate(),
        "answer_text": "经查，您反映的问题部分属实，已责令整改。",
        **fields,
    }
    Complaint.objects.filter(pk=case.pk).update(**values)
    case.refresh_from_db()
    return case


# --- the query code ----------------------------------------------------------------------------


def test_a_right_code_opens_the_case(client, case):
    page = open_case(client)
    html = page.content.decode()
    assert page.status_code == 200
    assert case.number in html and "县甲局" in html and case.get_kind_display() in html
    assert (
        client.session["complaints:track"] == case.pk and "已收到，等待中心决定是否受理" in html
    )  # the status in plain words
    assert case.acceptance_due.isoformat() in html  # the deadline the case is held to


@pytest.mark.parametrize("typed", ["k7qx-m3pa-9tz2", " K7QXM3PA9TZ2 ", "k7qx m3pa 9tz2"])
def test_the_code_may_be_typed_loosely(client, case, typed):
    assert ask(client, typed).url == TRACK_URL


def test_a_wrong_code_and_a_code_that_does_not_exist_get_the_same_message(client, case):
    wrong = ask(client, "K7QX-M3PA-9TZ3")  # well-formed, no such case
    malformed = ask(client, "HELLO")  # cannot be a code at all
    assert wrong.status_code == malformed.status_code == 400
    assert wrong.context["form"].errors == malformed.context["form"].errors
    assert intake.wrong_code_message() in wrong.context["form"].errors["code"]
    assert case.number not in wrong.content.decode()
    assert "complaints:track" not in client.session
    assert ThrottleHit.objects.filter(scope=intake.QUERY_SCOPE).count() == 2


def test_the_eleventh_try_in_an_hour_is_refused_even_with_the_right_code(client, case):
    for n in range(intake.QUERY_LIMIT_PER_HOUR - 1):
        assert ask(client, f"K7QX-M3PA-{n + 2}AAA").status_code == 400
    assert ask(client).status_code == 302  # the 10th try, right: counted too
    refused = ask(client)
    assert refused.status_code == 429
    assert "尝试查询码次数过多" in " ".join(refused.context["form"].non_field_errors())
    assert ThrottleHit.objects.count() == intake.QUERY_LIMIT_PER_HOUR
    # Another address is not concerned.
    assert ask(client, REMOTE_ADDR="10.7.7.7").status_code == 302


def test_the_track_page_needs_a_code_first(client, case):
    response = client.get(TRACK_URL)
    assert response.status_code == 302 and response.url == QUERY_URL
    for name in ("complaints:add_information", "complaints:rate", "complaints:reexamine"):
        assert client.post(reverse(name), {}).url == QUERY_URL


def test_leaving_forgets_the_case_in_this_browser(client, case):
    open_case(client)
    client.post(reverse("complaints:track_end"))
    assert client.get(TRACK_URL).url == QUERY_URL


# --- what the track page shows, and never shows ------------------------------------------------


def test_the_track_page_never_shows_anything_internal(client, case, users):
    clerk = users["clerk"]
    clerk.full_name = "赵文书"
    clerk.save()
    Complaint.objects.filter(pk=case.pk).update(
        registered_by=clerk, forwarded_text="转办说明：请核查窗口服务态度", status=Status.FORWARDED
    )
    CaseNoteFactory(
        complaint=case, audience="internal", text="内部意见：投诉人多次来电", author=clerk
    )
    CaseNoteFactory(complaint=case, audience="unit", text="给单位的说明", author=clerk)
    CaseNoteFactory(complaint=case, audience="public", text="已转县甲局办理", author=clerk)
    CaseNoteFactory(complaint=case, audience="complainant", text="我补充一下当天的时间")
    attach(case, pdf_file("单位调查材料.pdf"), user=clerk)
    attach(case, pdf_file("我的照片.pdf"), user=system_user(), sealed=True)
    html = open_case(client).content.decode()
    assert "已转县甲局办理" in html and "我补充一下当天的时间" in html and "我的照片.pdf" in html
    for secret in ("内部意见", "给单位的说明", "转办说明", "赵文书", "clerk", "单位调查材料.pdf"):
        assert secret not in html, secret
    assert REAL_NAME not in html and REAL_PHONE not in html
    assert "/attachments/" not in html  # files are listed by name, served to the center only


def test_a_case_not_accepted_shows_the_reason_and_where_to_go(client, case):
    Complaint.objects.filter(pk=case.pk).update(
        status=Status.NOT_ACCEPTED,
        not_accepted_reason="属于劳动争议，不属于效能投诉受理范围。",
        redirect_to="县劳动人事争议仲裁院（人民路8号）",
    )
    html = open_case(client).content.decode()
    assert "属于劳动争议" in html and "县劳动人事争议仲裁院" in html
    assert "data-held-to" not in html


def test_a_case_with_the_unit_shows_its_deadline(client, case):
    due = datetime.date(2026, 12, 4)
    Complaint.objects.filter(pk=case.pk).update(
        status=Status.FORWARDED,
        accepted_at=timezone.now(),
        forwarded_at=timezone.now(),
        reply_due=due,
        close_due=datetime.date(2026, 12, 11),
    )
    html = open_case(client).content.decode()
    assert "2026-12-04" in html and "已转交相关单位，正在办理" in html


def test_the_answer_and_conclusion_show_once_answered(client, case):
    assert "data-answer" not in open_case(client).content.decode()
    answered(case)
    html = client.get(TRACK_URL).content.decode()
    assert "经查，您反映的问题部分属实" in html and case.get_finding_display() in html
    assert "内部调查记录" not in html  # the findings are the center's


def test_a_merged_case_follows_its_main_case_without_its_complainant(client, campaign, dept_a):
    main = ComplaintFactory(
        campaign=campaign,
        department=dept_a,
        status=Status.CONCLUDED,
        finding="true",
        complainant__name="李大明",
        complainant__phone="13800000000",
        answered_on=timezone.localdate(),
        answer_text="李大明先生：经查属实。",
    )
    CaseNoteFactory(complaint=main, audience="public", text="主案：已转单位办理")
    CaseNoteFactory(complaint=main, audience="complainant", text="主案投诉人补充：车牌苏H12345")
    CaseNoteFactory(complaint=main, audience="internal", text="主案内部意见")
    attach(main, pdf_file("主案投诉人照片.pdf"), user=system_user())
    merged = ComplaintFactory(
        campaign=campaign,
        department=dept_a,
        status=Status.MERGED,
        merged_into=main,
        complainant__query_code=CODE,
    )
    page = open_case(client)
    html = page.content.decode()
    assert page.context["main"] == main and "data-merged" in html
    assert merged.number in html and main.number in html
    assert "主案：已转单位办理" in html and main.get_finding_display() in html
    for secret in ("李大明", "13800000000", "车牌苏H12345", "主案内部意见", "主案投诉人照片"):
        assert secret not in html, secret


def test_the_track_page_runs_the_same_queries_whatever_it_shows(client, campaign, dept_a):
    def build(code, notes):
        case = ComplaintFactory(campaign=campaign, department=dept_a, complainant__query_code=code)
        answered(case)
        for n in range(notes):
            CaseNoteFactory(complaint=case, audience="public", text=f"进展{n}")
            CaseNoteFactory(complaint=case, audience="complainant", text=f"补充{n}")
            FollowUpFactory(complaint=case, satisfaction=4)
            attach(case, pdf_file(f"证据{n}.pdf"), user=system_user())
        return case

    counts = []
    for code, notes in (("AAAA-AAAA-AAA2", 1), ("AAAA-AAAA-AAA3", 20)):
        build(code, notes)
        client.post(reverse("complaints:query"), {"code": code})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(TRACK_URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6


# --- adding information ------------------------------------------------------------------------


def test_the_complainant_adds_information_while_the_case_is_open(client, case, users):
    open_case(client)
    response = client.post(
        reverse("complaints:add_information"),
        {
            "text": "补充：当天下午三点，2号窗口。",
            "evidence_1": pdf_file("收据.pdf"),
            "evidence_2": pdf_file("身份证.pdf"),
            "evidence_2_sealed": "on",
        },
    )
    assert response.status_code == 302 and response.url == TRACK_URL
    note = CaseNote.objects.get(complaint=case)
    assert note.audience == CaseNote.Audience.COMPLAINANT and note.author is None
    files = {a.original_name: a.sealed for a in Attachment.objects.filter(owner_id=case.pk)}
    assert files == {"收据.pdf": False, "身份证.pdf": True}
    told = Notification.objects.get(recipient=users["clerk"])
    assert case.number in told.verb and REAL_NAME not in told.verb
    assert "补充：当天下午三点" in client.get(TRACK_URL).content.decode()


def test_adding_nothing_or_a_bad_file_is_refused(client, case):
    open_case(client)
    empty = client.post(reverse("complaints:add_information"), {"text": "  "})
    assert empty.status_code == 400 and empty.context["add_form"].non_field_errors()
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("图.png", b"MZ\x90\x00 not an image")
    refused = client.post(reverse("complaints:add_information"), {"evidence_1": bad})
    assert refused.status_code == 400 and "evidence_1" in refused.context["add_form"].errors
    assert not CaseNote.objects.exists() and not Attachment.objects.exists()


@pytest.mark.parametrize("status", [Status.CLOSED, Status.NOT_ACCEPTED, Status.ANSWERED])
def test_a_case_no_longer_handled_takes_no_more_information(client, case, status):
    Complaint.objects.filter(pk=case.pk).update(status=status)
    page = open_case(client)
    assert page.context["add_form"] is None
    response = client.post(reverse("complaints:add_information"), {"text": "再补充"}, follow=True)
    assert "本投诉件已不在办理中，无法再补充信息。" in response.content.decode()
    assert not CaseNote.objects.exists()


def test_a_merged_case_takes_information_while_its_main_case_is_open(client, campaign, case):
    main = ComplaintFactory(campaign=campaign, status=Status.FORWARDED)
    Complaint.objects.filter(pk=case.pk).update(status=Status.MERGED, merged_into=main)
    open_case(client)
    client.post(reverse("complaints:add_information"), {"text": "同一件事，我再补充"})
    assert CaseNote.objects.get().complaint_id == case.pk  # on the complainant's own case


# --- rating and re-examination -----------------------------------------------------------------


def test_rating_is_offered_once_the_case_is_answered(client, case):
    assert open_case(client).context["rating_form"] is None
    refused = client.post(reverse("complaints:rate"), {"satisfaction": 5}, follow=True)
    assert "中心答复您后，方可对办理情况进行评价。" in refused.content.decode()
    answered(case)
    assert client.get(TRACK_URL).context["rating_form"] is not None
    response = client.post(reverse("complaints:rate"), {"satisfaction": 4, "note": "处理及时"})
    assert response.status_code == 302
    rating = FollowUp.objects.get()
    assert (rating.satisfaction, rating.channel, rating.recorded_by) == (4, "web", None)
    page = client.get(TRACK_URL)
    assert page.context["rating_form"] is None and page.context["reexam_form"] is None
    again = client.post(reverse("complaints:rate"), {"satisfaction": 1}, follow=True)
    assert "您已对本投诉件的办理情况进行过评价。" in again.content.decode()
    assert FollowUp.objects.count() == 1


def test_a_rating_off_the_scale_is_refused(client, case):
    answered(case)
    open_case(client)
    response = client.post(reverse("complaints:rate"), {"satisfaction": 9})
    assert response.status_code == 400 and "satisfaction" in response.context["rating_form"].errors
    assert not FollowUp.objects.exists()


def test_a_dissatisfied_complainant_asks_once_for_re_examination(client, case, users):
    answered(
        case, status=Status.CLOSED, closed_at=timezone.now(), overdue_notified_at=timezone.now()
    )
    open_case(client)
    client.post(reverse("complaints:rate"), {"satisfaction": 2})
    assert client.get(TRACK_URL).context["reexam_form"] is not None
    version = Complaint.objects.get(pk=case.pk).version
    response = client.post(
        reverse("complaints:reexamine"), {"reason": "整改没有落实，窗口依旧推诿。"}
    )
    assert response.status_code == 302

    case.refresh_from_db()
    today = timezone.localdate()
    close_due = deadlines.close_due(case.campaign, today)
    assert case.status == Status.ACCEPTED and case.version == version + 1
    assert case.reexam_reason == "整改没有落实，窗口依旧推诿。" and case.reexam_requested_at
    assert case.close_due == close_due and case.reply_due is None
    assert case.very_overdue_on == deadlines.very_overdue_on(case.campaign, close_due)
    assert case.overdue_notified_at is None and case.very_overdue_notified_at is None
    assert case.finding == "partly_true"  # kept until the re-examination concludes
    change = StateChange.objects.get(object_id=case.pk, action="reexamine")
    assert (change.from_state, change.to_state) == (Status.CLOSED, Status.ACCEPTED)
    assert change.actor == system_user()
    assert Notification.objects.filter(
        recipient=users["clerk"], verb__contains="的投诉人申请复核，该投诉件已重新启动办理"
    ).exists()
    page = client.get(TRACK_URL)
    assert "data-reexam-asked" in page.content.decode() and page.context["add_form"] is not None

    # Answered again and still dissatisfied: the second request is refused.
    answered(case)
    client.post(reverse("complaints:rate"), {"satisfaction": 1})
    assert FollowUp.objects.count() == 2  # a new answer may be rated again
    assert client.get(TRACK_URL).context["reexam_form"] is None
    second = client.post(reverse("complaints:reexamine"), {"reason": "还是不满意"}, follow=True)
    assert "复核只能申请一次" in second.content.decode()
    case.refresh_from_db()
    assert case.status == Status.ANSWERED and case.reexam_reason == "整改没有落实，窗口依旧推诿。"


def test_a_satisfied_complainant_cannot_ask_for_re_examination(client, case):
    answered(case)
    open_case(client)
    client.post(reverse("complaints:rate"), {"satisfaction": 3})
    response = client.post(reverse("complaints:reexamine"), {"reason": "想再查"}, follow=True)
    assert "对办理情况不满意的，可以申请复核。" in response.content.decode()
    assert Complaint.objects.get(pk=case.pk).status == Status.ANSWERED


def test_a_clerks_dissatisfied_follow_up_also_allows_re_examination(client, case):
    answered(case)
    FollowUpFactory(
        complaint=case, satisfaction=1, recorded_by=UserFactory(role="clerk", department=None)
    )
    assert open_case(client).context["reexam_form"] is not None


def test_re_examination_needs_a_reason(client, case):
    answered(case)
    FollowUpFactory(complaint=case, satisfaction=2)
    open_case(client)
    response = client.post(reverse("complaints:reexamine"), {"reason": "  "})
    assert response.status_code == 400 and "reason" in response.context["reexam_form"].errors
    assert Complaint.objects.get(pk=case.pk).status == Status.ANSWERED


def test_the_re_examination_service_refuses_a_second_request(case):
    answered(case)
    FollowUpFactory(complaint=case, satisfaction=1)
    complainant.reexamination_request(complaint=case, reason="第一次")
    answered(case)
    with pytest.raises(intake.DomainError):
        complainant.reexamination_request(complaint=case, reason="第二次")
    assert StateChange.objects.filter(object_id=case.pk, action="reexamine").count() == 1
