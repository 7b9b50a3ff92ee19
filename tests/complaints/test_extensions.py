"""Extensions: asked before the deadline with a reason, 1 to the campaign's maximum working days,
once per case; decided by a leader only; the new deadline is stored and shown."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint, Extension, Status
from efficiency_center.decisions import Decision
from efficiency_center.notifications import Notification
from efficiency_center.workflow import StateChange, allowed_actions
from tests.complaints.factories import ComplaintFactory, forwarded_case, freeze_at
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db

# Forwarded on Friday 2025-09-19: reply due 2025-10-10 (the National Day week, 10-01..08, is
# skipped; 09-28 is worked); accepted the same day: closing due 2025-10-16.
FORWARDED_ON = datetime.date(2025, 9, 19)
REPLY_DUE = datetime.date(2025, 10, 10)
CLOSE_DUE = datetime.date(2025, 10, 16)


@pytest.fixture
def campaign(db):
    return CampaignFactory(year=2025)


@pytest.fixture
def case(campaign, dept_a, users):
    case = forwarded_case(campaign=campaign, department=dept_a, on=FORWARDED_ON)
    assert (case.reply_due, case.close_due) == (REPLY_DUE, CLOSE_DUE)
    return case


@pytest.fixture
def on_day(monkeypatch, client):
    """Move the clock to `day` and log `user` in again (sessions follow the clock)."""

    def set_day(day, user=None):
        freeze_at(monkeypatch, day)
        if user is not None:
            client.force_login(user)

    return set_day


def ask(client, case, workdays=3, reason="需调取窗口监控并约谈当事人", version=None):
    version = Complaint.objects.get(pk=case.pk).version if version is None else version
    return client.post(
        reverse("complaints:extension_request", args=[case.pk]),
        {"workdays": workdays, "reason": reason, "version": version},
    )


def decide(client, extension, decision="approve", comment=""):
    """The leader's button on the request (a refusal comes back to the page: 303)."""
    version = Extension.objects.get(pk=extension.pk).version
    return client.post(
        reverse("complaints:extension_decide", args=[extension.pk]),
        {"action": decision, "version": version, "comment": comment},
    )


def test_the_head_asks_and_a_leader_approves(client, users, case, on_day):
    on_day(datetime.date(2025, 9, 22), users["head_a"])
    assert client.get(reverse("complaints:extension_request", args=[case.pk])).status_code == 200
    response = ask(client, case)
    assert response.status_code == 302
    extension = Extension.objects.get()
    assert extension.decision == Decision.PENDING
    # 10-11 (a make-up Saturday), 10-13, 10-14.
    assert (extension.old_due, extension.new_due) == (REPLY_DUE, datetime.date(2025, 10, 14))
    told = Notification.objects.get(recipient=users["leader"])
    assert case.number in told.verb
    assert told.url == reverse("complaints:extension_decide", args=[extension.pk])

    on_day(datetime.date(2025, 9, 23), users["leader"])
    assert client.get(reverse("complaints:leader_queue")).status_code == 200
    version = Complaint.objects.get(pk=case.pk).version
    assert decide(client, extension, comment="同意").status_code == 302
    extension.refresh_from_db()
    case.refresh_from_db()
    assert extension.decision == Decision.APPROVED
    assert extension.decided_by == users["leader"]
    assert case.reply_due == datetime.date(2025, 10, 14)
    assert case.close_due == datetime.date(2025, 10, 21)  # moved by as much
    assert case.very_overdue_on == datetime.date(2025, 10, 21)  # 5 working days after 10-14
    assert case.status == Status.FORWARDED and case.version == version + 1
    change = StateChange.objects.get(object_id=case.pk, action="extend")
    assert change.actor == users["leader"] and "2025-10-14" in change.comment
    assert Notification.objects.filter(
        recipient=users["head_a"], verb__contains="2025-10-14"
    ).exists()

    # The unit's page (and queue) show the new deadline.
    client.force_login(users["staff_a"])
    page = client.get(reverse("complaints:unit_case", args=[case.pk]))
    reply_row = next(r for r in page.context["deadline_rows"] if r["key"] == "reply")
    assert reply_row["due"] == datetime.date(2025, 10, 14)
    body = page.content.decode()
    assert "2025-10-14" in body and "data-extension-approved" in body
    assert "2025-10-14" in client.get(reverse("complaints:unit_queue")).content.decode()


def test_asking_on_the_deadline_day_is_accepted(client, users, case, on_day):
    on_day(REPLY_DUE, users["head_a"])
    assert ask(client, case).status_code == 302
    assert Extension.objects.count() == 1


def test_asking_after_the_deadline_is_refused(client, users, case, on_day):
    on_day(datetime.date(2025, 10, 11), users["head_a"])
    page = client.get(reverse("complaints:extension_request", args=[case.pk]))
    assert "2025-10-10" in page.context["refusal"]
    response = ask(client, case)
    assert response.status_code == 400
    assert "已过：延期须在截止日期当天或之前申请" in response.content.decode()
    assert not Extension.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize("workdays,ok", [(0, False), (1, True), (15, True), (16, False)])
def test_one_to_the_campaigns_maximum_working_days(client, users, case, on_day, workdays, ok):
    on_day(datetime.date(2025, 9, 22), users["head_a"])
    response = ask(client, case, workdays=workdays)
    assert response.status_code == (302 if ok else 400)
    assert Extension.objects.count() == int(ok)


def test_the_maximum_is_the_campaigns_setting(client, users, campaign, case, on_day):
    campaign.complaint_extension_max_workdays = 5
    campaign.save()
    on_day(datetime.date(2025, 9, 22), users["head_a"])
    assert ask(client, case, workdays=6).status_code == 400
    assert ask(client, case, workdays=5).status_code == 302


def test_a_reason_is_required(client, users, case, on_day):
    on_day(datetime.date(2025, 9, 22), users["head_a"])
    response = ask(client, case, reason="  ")
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Extension.objects.exists()


def test_a_stale_page_is_refused(client, users, case, on_day):
    on_day(datetime.date(2025, 9, 22), users["head_a"])
    response = ask(client, case, version=case.version - 1)
    assert response.status_code == 409
    assert not Extension.objects.exists()


def test_once_only(client, users, case, on_day):
    on_day(datetime.date(2025, 9, 22), users["head_a"])
    assert ask(client, case).status_code == 302
    response = ask(client, case)  # one is pending
    assert response.status_code == 400 and "已有一项延期申请待领导审批" in response.content.decode()
    first = Extension.objects.get()
    on_day(datetime.date(2025, 9, 22), users["leader"])
    decide(client, first, "refuse", comment="理由不充分")
    first.refresh_from_db()
    assert first.decision == Decision.REFUSED
    on_day(datetime.date(2025, 9, 23), users["head_a"])
    assert ask(client, case).status_code == 302  # a refused request may be asked again
    second = Extension.objects.latest("pk")
    on_day(datetime.date(2025, 9, 23), users["leader"])
    decide(client, second)
    on_day(datetime.date(2025, 9, 24), users["head_a"])
    response = ask(client, case)
    assert response.status_code == 400
    assert "本投诉件已延期一次，不能再次延期。" in response.content.decode()
    assert Extension.objects.filter(decision=Decision.APPROVED).count() == 1


@pytest.mark.parametrize("who", ["clerk", "head_a", "staff_a", "admin", "reviewer"])
def test_only_a_leader_decides(client, users, case, on_day, who):
    on_day(datetime.date(2025, 9, 22), users["head_a"])
    ask(client, case)
    extension = Extension.objects.get()
    client.force_login(users[who])
    assert (
        client.get(reverse("complaints:extension_decide", args=[extension.pk])).status_code == 403
    )
    assert decide(client, extension).status_code == 403
    assert client.get(reverse("complaints:leader_queue")).status_code == 403
    extension.refresh_from_db()
    assert extension.decision == Decision.PENDING
    assert Complaint.objects.get(pk=case.pk).reply_due == REPLY_DUE


def test_a_refusal_needs_a_comment_and_tells_the_requester(client, users, case, on_day):
    on_day(datetime.date(2025, 9, 22), users["head_a"])
    ask(client, case)
    extension = Extension.objects.get()
    client.force_login(users["leader"])
    response = decide(client, extension, "refuse")
    assert response.status_code == 303  # back to the request, with the reason asked for
    assert Extension.objects.get(pk=extension.pk).decision == Decision.PENDING
    page = client.get(response.url).content.decode()
    assert "请说明不予批准延期的理由。" in page
    assert decide(client, extension, "refuse", comment="请按期答复").status_code == 302
    extension.refresh_from_db()
    assert extension.decision == Decision.REFUSED
    assert Complaint.objects.get(pk=case.pk).reply_due == REPLY_DUE
    assert Notification.objects.filter(recipient=users["head_a"], verb__contains="请按期答复")
    # Decided once: a second decision is refused.
    response = decide(client, extension)
    assert response.status_code == 303
    assert Complaint.objects.get(pk=case.pk).reply_due == REPLY_DUE


@pytest.mark.parametrize(
    "who,expected", [("staff_a", 403), ("head_b", 404), ("staff_b", 404), ("leader", 403)]
)
def test_who_may_ask_for_a_units_case(client, users, case, on_day, who, expected):
    on_day(datetime.date(2025, 9, 22), users[who])
    assert client.get(reverse("complaints:extension_request", args=[case.pk])).status_code == (
        expected
    )
    assert ask(client, case).status_code == expected
    assert not Extension.objects.exists()


def test_the_supervising_head_does_not_ask_for_a_sub_unit(
    client, users, campaign, sub_of_a, on_day
):
    case = forwarded_case(campaign=campaign, department=sub_of_a, on=FORWARDED_ON)
    on_day(datetime.date(2025, 9, 22), users["head_a"])
    assert ask(client, case).status_code == 403
    client.force_login(users["head_sub"])
    assert ask(client, case).status_code == 302


def test_a_clerk_asks_for_a_case_the_center_holds(client, users, campaign, dept_a, on_day):
    accepted = timezone.make_aware(datetime.datetime(2025, 9, 19, 9))
    case = ComplaintFactory(
        campaign=campaign,
        department=dept_a,
        status=Status.DIRECT,
        filed_at=accepted,
        accepted_at=accepted,
        close_due=CLOSE_DUE,
        very_overdue_on=datetime.date(2025, 10, 23),
    )
    on_day(datetime.date(2025, 10, 15), users["clerk"])
    assert ask(client, case, workdays=5).status_code == 302
    extension = Extension.objects.get()
    assert (extension.old_due, extension.new_due) == (CLOSE_DUE, datetime.date(2025, 10, 23))
    client.force_login(users["leader"])
    decide(client, extension)
    case.refresh_from_db()
    assert case.close_due == datetime.date(2025, 10, 23)
    assert case.reply_due is None
    assert case.very_overdue_on == datetime.date(2025, 10, 30)
    assert Notification.objects.filter(recipient=users["clerk"], verb__contains="2025-10-23")


def test_a_clerk_does_not_ask_while_the_unit_has_the_case(client, users, case, on_day):
    # The case's table: while the unit has the case, only its head asks.
    on_day(datetime.date(2025, 9, 22), users["clerk"])
    page = client.get(reverse("complaints:extension_request", args=[case.pk]))
    assert page.status_code == 403
    assert ask(client, case).status_code == 403
    assert not Extension.objects.exists()


def test_approval_lifts_the_overdue_mark(client, users, case, on_day):
    on_day(REPLY_DUE, users["head_a"])
    ask(client, case, workdays=5)
    # The leader decides late, after a supervision notice went out.
    Complaint.objects.filter(pk=case.pk).update(overdue_notified_at=timezone.now())
    on_day(datetime.date(2025, 10, 13), users["leader"])
    decide(client, Extension.objects.get())
    case.refresh_from_db()
    assert case.reply_due == datetime.date(2025, 10, 16)
    assert case.overdue_notified_at is None


def test_the_leaders_queue(client, users, campaign, case, dept_b, on_day):
    proposed = ComplaintFactory(campaign=campaign, department=dept_b, status=Status.PROPOSED)
    on_day(datetime.date(2025, 9, 22), users["head_a"])
    ask(client, case)
    client.force_login(users["leader"])
    response = client.get(reverse("complaints:leader_queue"))
    body = response.content.decode()
    assert response.context["extensions"] == [Extension.objects.get()]
    assert response.context["proposed"] == [proposed]
    assert reverse("complaints:case", args=[proposed.pk]) in body
    assert reverse("complaints:extension_decide", args=[Extension.objects.get().pk]) in body


@pytest.mark.parametrize("size", [2, 10])
def test_the_leaders_queue_runs_a_fixed_number_of_queries(
    client, users, campaign, dept_a, dept_b, size, django_assert_num_queries
):
    for _i in range(size):
        case = forwarded_case(campaign=campaign, department=dept_a, on=FORWARDED_ON)
        Extension.objects.create(
            complaint=case,
            workdays=2,
            reason="原因",
            requested_by=users["head_a"],
            old_due=REPLY_DUE,
            new_due=datetime.date(2025, 10, 13),
        )
        ComplaintFactory(campaign=campaign, department=dept_b, status=Status.PROPOSED)
    client.force_login(users["leader"])
    client.get(reverse("complaints:leader_queue"))
    # session, user, supervision notices, extensions, proposed cases, unread badge
    with django_assert_num_queries(6):
        response = client.get(reverse("complaints:leader_queue"))
    assert len(response.context["extensions"]) == size


def test_a_pending_request_lapses_when_the_unit_returns_the_case(client, users, case, on_day):
    from complaints.services.replies import complaint_decline

    on_day(FORWARDED_ON, users["head_a"])
    assert ask(client, case).status_code == 302
    case.refresh_from_db()
    complaint_decline(
        complaint=case,
        user=users["head_a"],
        expected_version=case.version,
        comment="不属本单位职责",
    )
    extension = Extension.objects.get()
    assert extension.decision == Decision.REFUSED
    assert not Extension.objects.filter(decision=Decision.PENDING).exists()


def test_the_decision_page_offers_exactly_what_the_table_allows(client, users, case, on_day):
    on_day(datetime.date(2025, 9, 22), users["head_a"])
    ask(client, case)
    extension = Extension.objects.get()
    client.force_login(users["leader"])
    url = reverse("complaints:extension_decide", args=[extension.pk])

    def offered():
        content = client.get(url).content.decode()
        return sorted(re.findall(r'data-action="([a-z_]+)"', content))

    assert offered() == sorted(allowed_actions(extension, users["leader"])) == ["approve", "refuse"]
    decide(client, extension)
    extension.refresh_from_db()
    assert offered() == allowed_actions(extension, users["leader"]) == []
    history_page = client.get(url).content.decode()
    assert 'data-step="create"' in history_page and 'data-step="approve"' in history_page
