"""The clerk's handling of a case: acceptance, merging, forwarding and re-routing, direct
investigation, the check of the unit's reply, notes, the answer, the follow-up and closing —
each rule and each refusal, and two clerks acting on the same case at once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import deadlines
from complaints.models import CaseNote, FollowUp, Status
from complaints.selectors.case import timeline
from complaints.services import aftercare, handling, reply_review
from efficiency_center.errors import DomainError, Invalid, StaleVersionError
from efficiency_center.notifications import Notification
from efficiency_center.review import State
from efficiency_center.workflow import StateChange
from tests.complaints.factories import (
    REAL_NAME,
    REAL_PHONE,
    FollowUpFactory,
    ReplyFactory,
    case_in,
    freeze_at,
    real_name_case,
)
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def action_url(complaint, action):
    return reverse("complaints:case_action", args=[complaint.pk, action])


def post(client, complaint, action, **data):
    return client.post(
        action_url(complaint, action),
        {f"{action}-{name}": value for name, value in data.items()},
    )


def changes(complaint):
    return list(StateChange.objects.filter(object_id=complaint.pk, content_type__model="complaint"))


def unchanged(complaint):
    before = (complaint.status, complaint.version)
    complaint.refresh_from_db()
    return (complaint.status, complaint.version) == before


# --- acceptance --------------------------------------------------------------------------------


def test_accept_starts_the_closing_deadline(campaign, users):
    complaint = real_name_case(campaign=campaign)
    handling.complaint_accept(complaint=complaint, user=users["clerk"], expected_version=1)
    complaint.refresh_from_db()
    today = timezone.localdate()
    assert complaint.status == Status.ACCEPTED and complaint.version == 2
    assert complaint.accepted_at is not None
    assert complaint.close_due == deadlines.close_due(campaign, today)
    assert complaint.very_overdue_on == deadlines.very_overdue_on(campaign, complaint.close_due)
    assert changes(complaint)[-1].action == "accept"
    assert "超过受理时限后受理" not in changes(complaint)[-1].comment


def test_late_acceptance_is_allowed_and_said_on_the_timeline(campaign, users):
    complaint = real_name_case(campaign=campaign, acceptance_due=datetime.date(2026, 3, 23))
    handling.complaint_accept(
        complaint=complaint, user=users["clerk"], expected_version=1, comment="补录"
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.ACCEPTED
    comment = changes(complaint)[-1].comment
    assert "2026-03-23" in comment and "补录" in comment


@pytest.mark.parametrize("who", ["leader", "admin", "head_a"])
def test_only_a_clerk_accepts(campaign, users, who):
    complaint = real_name_case(campaign=campaign)
    with pytest.raises(DomainError):
        handling.complaint_accept(complaint=complaint, user=users[who], expected_version=1)
    assert unchanged(complaint)


def test_not_accepted_needs_a_reason_and_may_say_where_to_go(campaign, users):
    complaint = real_name_case(campaign=campaign)
    with pytest.raises(Invalid) as refused:
        handling.complaint_not_accept(
            complaint=complaint, user=users["clerk"], expected_version=1, comment=" "
        )
    assert "comment" in refused.value.errors
    assert unchanged(complaint)
    handling.complaint_not_accept(
        complaint=complaint,
        user=users["clerk"],
        expected_version=1,
        comment="属于劳动争议，不在效能投诉受理范围。",
        redirect_to="县劳动人事争议仲裁院",
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.NOT_ACCEPTED
    assert complaint.redirect_to == "县劳动人事争议仲裁院"
    with pytest.raises(DomainError):  # final
        handling.complaint_accept(complaint=complaint, user=users["clerk"], expected_version=2)


# --- merging -----------------------------------------------------------------------------------


def test_merge_into_an_earlier_case_shows_on_both_timelines(campaign, users):
    earlier = real_name_case(campaign=campaign)
    later = real_name_case(campaign=campaign)
    handling.complaint_merge(
        complaint=later, user=users["clerk"], expected_version=1, target_number=earlier.number
    )
    later.refresh_from_db()
    assert later.status == Status.MERGED and later.merged_into == earlier
    assert any(
        item.kind == "merged" and later.number in str(item.label) for item in timeline(earlier)
    )
    merged_items = [item for item in timeline(later) if item.kind == "state"]
    assert merged_items[-1].obj.action == "merge" and earlier.number in merged_items[-1].text


def test_merge_refusals(campaign, users):
    earlier = real_name_case(campaign=campaign)
    complaint = real_name_case(campaign=campaign)
    later = real_name_case(campaign=campaign)
    gone = real_name_case(campaign=campaign, status=Status.MERGED, merged_into=earlier)
    for number in (complaint.number, later.number, gone.number, "NO-SUCH-CASE", ""):
        with pytest.raises(Invalid) as refused:
            handling.complaint_merge(
                complaint=complaint, user=users["clerk"], expected_version=1, target_number=number
            )
        assert "target_number" in refused.value.errors
        assert unchanged(complaint)


def test_merging_into_itself_through_the_page_shows_the_message(client, campaign, users):
    complaint = real_name_case(campaign=campaign)
    client.force_login(users["clerk"])
    response = post(client, complaint, "merge", version=1, target_number=complaint.number)
    assert response.status_code == 400
    assert "投诉件不能并入其本身。" in response.content.decode()
    assert unchanged(complaint)


# --- forwarding, re-routing, investigating -----------------------------------------------------


@pytest.fixture
def campaign_2025(db):
    return CampaignFactory(year=2025)


def test_forward_over_national_day_and_the_unit_is_told_the_number_only(
    monkeypatch, campaign_2025, dept_a, users
):
    complaint = case_in(Status.ACCEPTED, campaign=campaign_2025, department=dept_a)
    freeze_at(monkeypatch, datetime.date(2025, 9, 26))
    handling.complaint_forward(
        complaint=complaint,
        user=users["clerk"],
        expected_version=complaint.version,
        forwarded_text="群众反映窗口人员态度生硬，请核实。",
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.FORWARDED
    assert complaint.forwarded_text == "群众反映窗口人员态度生硬，请核实。"
    assert complaint.reply_due == datetime.date(2025, 10, 16)
    assert complaint.decline_due == datetime.date(2025, 9, 29)  # 09-28 (Sunday) was worked
    assert complaint.very_overdue_on == datetime.date(2025, 10, 23)
    assert timezone.localdate(complaint.forwarded_at) == datetime.date(2025, 9, 26)
    told = list(Notification.objects.select_related("recipient"))
    assert {n.recipient for n in told} == {users["staff_a"], users["head_a"]}
    for note in told:
        assert complaint.number in note.verb
        assert REAL_NAME not in note.verb and REAL_PHONE not in note.verb
        assert note.url == reverse("complaints:unit_case", args=[complaint.pk])


def test_forward_needs_a_unit_and_the_text(campaign, users, dept_a):
    complaint = case_in(Status.ACCEPTED, campaign=campaign, department=None)
    with pytest.raises(Invalid) as refused:
        handling.complaint_forward(
            complaint=complaint, user=users["clerk"], expected_version=1, forwarded_text="请核实"
        )
    assert "department" in refused.value.errors
    with pytest.raises(Invalid) as refused:
        handling.complaint_forward(
            complaint=complaint,
            user=users["clerk"],
            expected_version=1,
            department=dept_a,
            forwarded_text="  ",
        )
    assert "forwarded_text" in refused.value.errors
    assert unchanged(complaint)
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "day,ok",
    [
        (datetime.date(2025, 9, 25), False),  # in the past
        (datetime.date(2025, 10, 4), False),  # National Day holiday (a Saturday)
        (datetime.date(2025, 10, 6), False),  # Mid-autumn, a Monday off
        (datetime.date(2025, 10, 11), True),  # a make-up Saturday
        (datetime.date(2025, 10, 9), True),
    ],
)
def test_the_clerk_may_choose_a_working_day_not_in_the_past(
    monkeypatch, campaign_2025, dept_a, users, day, ok
):
    complaint = case_in(Status.ACCEPTED, campaign=campaign_2025, department=dept_a)
    freeze_at(monkeypatch, datetime.date(2025, 9, 26))
    kwargs = dict(
        complaint=complaint,
        user=users["clerk"],
        expected_version=complaint.version,
        forwarded_text="请核实",
        reply_due=day,
    )
    if ok:
        handling.complaint_forward(**kwargs)
        complaint.refresh_from_db()
        assert complaint.reply_due == day
        assert complaint.very_overdue_on == deadlines.very_overdue_on(campaign_2025, day)
    else:
        with pytest.raises(Invalid) as refused:
            handling.complaint_forward(**kwargs)
        assert "reply_due" in refused.value.errors
        assert unchanged(complaint)


def test_a_bad_reply_date_shows_next_to_the_field(client, campaign, dept_a, users):
    complaint = case_in(Status.ACCEPTED, campaign=campaign, department=dept_a)
    client.force_login(users["clerk"])
    response = post(
        client,
        complaint,
        "forward",
        version=complaint.version,
        department=dept_a.pk,
        forwarded_text="请核实",
        reply_due="2020-01-06",
    )
    assert response.status_code == 400
    form = next(
        r["button"].form for r in response.context["actions"] if r["button"].name == "forward"
    )
    assert "reply_due" in form.errors
    assert unchanged(complaint)


def test_a_case_the_unit_returned_is_forwarded_to_another_unit(campaign, dept_a, dept_b, users):
    complaint = case_in(Status.DECLINED, campaign=campaign, department=dept_a)
    handling.complaint_forward(
        complaint=complaint,
        user=users["clerk"],
        expected_version=complaint.version,
        department=dept_b,
        forwarded_text="请核实",
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.FORWARDED and complaint.department == dept_b
    assert {n.recipient for n in Notification.objects.all()} == {
        users["staff_b"],
        users["head_b"],
    }


@pytest.mark.parametrize("status", [Status.ACCEPTED, Status.DECLINED])
def test_investigate_directly_is_held_to_the_closing_deadline(campaign, dept_b, users, status):
    complaint = case_in(status, campaign=campaign, department=None)
    handling.complaint_investigate(
        complaint=complaint, user=users["clerk"], expected_version=1, department=dept_b
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.DIRECT and complaint.department == dept_b
    assert complaint.governing_due == complaint.close_due
    assert complaint.very_overdue_on == deadlines.very_overdue_on(campaign, complaint.close_due)


def test_a_registered_case_cannot_be_forwarded_before_acceptance(campaign, dept_a, users):
    complaint = real_name_case(campaign=campaign, department=dept_a)
    with pytest.raises(DomainError):
        handling.complaint_forward(
            complaint=complaint, user=users["clerk"], expected_version=1, forwarded_text="请核实"
        )
    assert unchanged(complaint)


# --- the unit's reply --------------------------------------------------------------------------


def test_return_reply_sends_it_back_with_the_comment(campaign, dept_a, users):
    complaint = case_in(Status.REPLIED, campaign=campaign, department=dept_a)
    reply = ReplyFactory(complaint=complaint)
    with pytest.raises(Invalid):
        reply_review.reply_return(
            complaint=complaint,
            reply=reply,
            user=users["clerk"],
            expected_version=complaint.version,
            comment="",
        )
    assert unchanged(complaint)
    reply_review.reply_return(
        complaint=complaint,
        reply=reply,
        user=users["clerk"],
        expected_version=complaint.version,
        comment="请补充证据",
    )
    reply.refresh_from_db()
    complaint.refresh_from_db()
    assert reply.state == State.RETURNED
    assert complaint.status == Status.FORWARDED
    assert changes(complaint)[-1].comment == "请补充证据"
    assert Notification.objects.filter(recipient=users["staff_a"]).exists()


@pytest.mark.parametrize("late", [False, True])
def test_accept_reply_and_a_late_one_marks_the_case(campaign, dept_a, users, late):
    complaint = case_in(Status.REPLIED, campaign=campaign, department=dept_a)
    sent = timezone.now() + datetime.timedelta(days=30 if late else 0)
    reply = ReplyFactory(complaint=complaint, submitted_at=sent)
    reply_review.reply_accept(
        complaint=complaint, reply=reply, user=users["clerk"], expected_version=complaint.version
    )
    reply.refresh_from_db()
    complaint.refresh_from_db()
    assert reply.state == State.APPROVED
    assert complaint.status == Status.CONCLUDING
    assert complaint.was_late is late


def test_only_a_clerk_checks_a_reply(campaign, dept_a, users):
    complaint = case_in(Status.REPLIED, campaign=campaign, department=dept_a)
    reply = ReplyFactory(complaint=complaint)
    with pytest.raises(DomainError):
        reply_review.reply_accept(
            complaint=complaint, reply=reply, user=users["leader"], expected_version=1
        )
    reply.refresh_from_db()
    assert reply.state == State.SUBMITTED and unchanged(complaint)


def test_the_reply_check_through_the_page(client, campaign, dept_a, users):
    complaint = case_in(Status.REPLIED, campaign=campaign, department=dept_a)
    reply = ReplyFactory(complaint=complaint)
    client.force_login(users["clerk"])
    response = post(
        client, complaint, "return_reply", version=complaint.version, reply=reply.pk, comment=""
    )
    assert response.status_code == 400 and unchanged(complaint)
    response = post(
        client,
        complaint,
        "return_reply",
        version=complaint.version,
        reply=reply.pk,
        comment="请补充整改照片",
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.FORWARDED


# --- two clerks at once ------------------------------------------------------------------------


def test_a_stale_version_from_a_second_clerk_is_refused_and_nothing_changes(
    client, campaign, users
):
    second = users["clerk"].__class__.objects.create(username="clerk2", role="clerk")
    complaint = real_name_case(campaign=campaign)
    client.force_login(second)
    # The first clerk accepts while the second has the page (version 1) open.
    handling.complaint_accept(complaint=complaint, user=users["clerk"], expected_version=1)
    earlier = real_name_case(campaign=campaign, filed_at=complaint.filed_at - datetime.timedelta(1))
    response = post(client, complaint, "merge", version=1, target_number=earlier.number)
    assert response.status_code == 409
    assert "已有他人保存了这份材料" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.ACCEPTED and complaint.version == 2
    assert [c.action for c in changes(complaint)] == ["accept"]
    with pytest.raises(StaleVersionError):
        handling.complaint_accept(complaint=complaint, user=second, expected_version=1)


def test_a_refused_action_changes_nothing_through_the_page(client, campaign, users):
    complaint = real_name_case(campaign=campaign)
    client.force_login(users["clerk"])
    response = post(client, complaint, "not_accept", version=1, comment="")
    assert response.status_code == 400
    assert unchanged(complaint) and not changes(complaint)


@pytest.mark.parametrize(
    "who,action,status",
    [
        ("leader", "accept", 403),
        ("admin", "accept", 403),
        ("head_a", "accept", 403),
        ("clerk", "approve_conclusion", 403),
        ("clerk", "no_such_action", 404),
    ],
)
def test_wrong_role_or_action_on_the_page(client, campaign, users, who, action, status):
    complaint = real_name_case(campaign=campaign)
    client.force_login(users[who])
    assert post(client, complaint, action, version=1).status_code == status
    assert unchanged(complaint)


def test_accept_through_the_page(client, campaign, users):
    complaint = real_name_case(campaign=campaign)
    client.force_login(users["clerk"])
    response = post(client, complaint, "accept", version=1, comment="")
    assert response.status_code == 302 and response.url == complaint.get_absolute_url()
    complaint.refresh_from_db()
    assert complaint.status == Status.ACCEPTED


# --- notes -------------------------------------------------------------------------------------


def test_notes_for_each_audience(campaign, dept_a, users):
    complaint = case_in(Status.FORWARDED, campaign=campaign, department=dept_a)
    handling.note_add(
        complaint=complaint, user=users["clerk"], audience="internal", text="内部：已约谈"
    )
    assert not Notification.objects.exists()
    handling.note_add(complaint=complaint, user=users["leader"], audience="unit", text="请加快")
    assert {n.recipient for n in Notification.objects.all()} == {
        users["staff_a"],
        users["head_a"],
    }
    with pytest.raises(Invalid):
        handling.note_add(complaint=complaint, user=users["clerk"], audience="public", text="")
    with pytest.raises(Invalid):
        handling.note_add(
            complaint=complaint, user=users["clerk"], audience="complainant", text="冒充"
        )
    with pytest.raises(DomainError):
        handling.note_add(complaint=complaint, user=users["admin"], audience="internal", text="x")
    assert list(CaseNote.objects.values_list("audience", flat=True)) == ["internal", "unit"]


# --- answer, follow-up, close ------------------------------------------------------------------


def test_the_answer_is_dated_not_in_the_future_and_has_text(campaign, users):
    complaint = case_in(Status.CONCLUDED, campaign=campaign)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for kwargs, field in (
        ({"answered_on": tomorrow, "text": "已告知"}, "answered_on"),
        ({"answered_on": timezone.localdate(), "text": " "}, "text"),
    ):
        with pytest.raises(Invalid) as refused:
            aftercare.complaint_answer(
                complaint=complaint,
                user=users["clerk"],
                expected_version=1,
                channel="phone",
                **kwargs,
            )
        assert field in refused.value.errors
        assert unchanged(complaint)
    aftercare.complaint_answer(
        complaint=complaint,
        user=users["clerk"],
        expected_version=1,
        channel="phone",
        answered_on=timezone.localdate(),
        text="已电话告知调查结果和整改情况。",
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.ANSWERED and complaint.answer_channel == "phone"


def test_a_real_name_case_closes_only_after_its_follow_up(campaign, users):
    complaint = case_in(Status.ANSWERED, campaign=campaign)
    with pytest.raises(DomainError):
        aftercare.complaint_close(complaint=complaint, user=users["clerk"], expected_version=1)
    assert unchanged(complaint)
    aftercare.follow_up_record(
        complaint=complaint,
        user=users["clerk"],
        expected_version=1,
        satisfaction=4,
        channel="phone",
        note="表示满意",
    )
    assert FollowUp.objects.get().recorded_by == users["clerk"]
    aftercare.complaint_close(complaint=complaint, user=users["clerk"], expected_version=1)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.closed_at is not None


def test_a_follow_up_before_a_later_answer_does_not_count(campaign, users):
    complaint = case_in(Status.ANSWERED, campaign=campaign)
    FollowUpFactory(complaint=complaint, created_at=timezone.now() - datetime.timedelta(days=30))
    with pytest.raises(DomainError):
        aftercare.complaint_close(complaint=complaint, user=users["clerk"], expected_version=1)


def test_an_anonymous_case_closes_after_the_answer(campaign, users):
    complaint = case_in(Status.ANSWERED, campaign=campaign, anonymous=True)
    aftercare.complaint_close(complaint=complaint, user=users["clerk"], expected_version=1)
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


def test_follow_up_needs_a_valid_satisfaction_and_an_answered_case(campaign, users):
    complaint = case_in(Status.ANSWERED, campaign=campaign)
    with pytest.raises(Invalid):
        aftercare.follow_up_record(
            complaint=complaint,
            user=users["clerk"],
            expected_version=1,
            satisfaction=9,
            channel="phone",
        )
    concluded = case_in(Status.CONCLUDED, campaign=campaign)
    with pytest.raises(DomainError):
        aftercare.follow_up_record(
            complaint=concluded,
            user=users["clerk"],
            expected_version=1,
            satisfaction=5,
            channel="phone",
        )
    assert not FollowUp.objects.exists()


def test_close_through_the_page_shows_why_not(client, campaign, users):
    complaint = case_in(Status.ANSWERED, campaign=campaign)
    client.force_login(users["clerk"])
    response = post(client, complaint, "close", version=1)
    assert response.status_code == 400
    assert "实名投诉须电话回访后方可办结" in response.content.decode()
    assert unchanged(complaint)
