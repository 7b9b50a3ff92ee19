"""The unit's side: its queue and case page (never the complainant, never another unit's case),
the reply's sign-offs for a key department and a sub-unit, the clerk's return and the
resubmission, and the return of a case that is not the unit's own."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import CaseNote, Complaint, Reply, Status
from complaints.selectors.unit import current_reply
from complaints.services import reply_review
from efficiency_center.notifications import Notification
from efficiency_center.review import State
from efficiency_center.uploads import attach
from efficiency_center.workflow import StateChange, allowed_actions
from tests.complaints.factories import (
    FORWARDED_TEXT,
    REAL_NAME,
    REAL_PHONE,
    ComplaintFactory,
    forwarded_case,
    freeze_at,
    pdf_file,
)
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db

FORWARDED_ON = datetime.date(2025, 6, 9)  # a Monday; decline due 06-11, reply due 06-23
DESCRIPTION = "窗口工作人员态度生硬，材料一次没说清，让我跑了三趟。"


@pytest.fixture
def campaign(db):
    return CampaignFactory(year=2025)


@pytest.fixture
def today(monkeypatch):
    freeze_at(monkeypatch, FORWARDED_ON + datetime.timedelta(days=1))
    return FORWARDED_ON + datetime.timedelta(days=1)


@pytest.fixture
def case_a(campaign, dept_a, users, today):
    return forwarded_case(campaign=campaign, department=dept_a, on=FORWARDED_ON)


@pytest.fixture
def case_sub(campaign, sub_of_a, users, today):
    return forwarded_case(campaign=campaign, department=sub_of_a, on=FORWARDED_ON)


def post_reply(client, case, version=None, **data):
    payload = {"facts": "经核实，确未一次性告知。", "actions_taken": "已批评教育并公示清单。"}
    payload.update(data)
    if version is not None:
        payload["version"] = version
    return client.post(reverse("complaints:reply_save", args=[case.pk]), payload)


def act(client, case, action, comment=""):
    reply = current_reply(Complaint.objects.get(pk=case.pk))
    return client.post(
        reverse("complaints:reply_act", args=[case.pk]),
        {"action": action, "version": reply.version, "comment": comment},
    )


# --- the complainant's identity never reaches the unit ---------------------------------------


def _assert_nothing_identifying(response):
    body = response.content.decode()
    assert REAL_NAME not in body
    assert REAL_PHONE not in body
    assert DESCRIPTION not in body
    assert "身份证复印件" not in body  # the sealed file's name


@pytest.fixture
def rich_cases(case_a, case_sub, users, client):
    """Both cases with a sealed and an open file, an internal note naming the complainant, a
    note for the unit, a reply with evidence and a pending extension."""
    for case in (case_a, case_sub):
        assert case.description == DESCRIPTION and case.forwarded_text == FORWARDED_TEXT
        attach(case, pdf_file("身份证复印件.pdf"), user=users["clerk"], sealed=True)
        attach(case, pdf_file("现场照片.pdf"), user=users["clerk"])
        CaseNote.objects.create(
            complaint=case,
            audience=CaseNote.Audience.INTERNAL,
            text=f"已联系投诉人{REAL_NAME}（{REAL_PHONE}）。",
            author=users["clerk"],
        )
        CaseNote.objects.create(
            complaint=case,
            audience=CaseNote.Audience.UNIT,
            text="请于期限内答复。",
            author=users["clerk"],
        )
    client.force_login(users["staff_a"])
    post_reply(client, case_a)
    client.force_login(users["head_a"])
    client.post(
        reverse("complaints:extension_request", args=[case_a.pk]),
        {"workdays": 3, "reason": "需调取监控", "version": case_a.version},
    )
    client.force_login(users["staff_sub"])
    post_reply(client, case_sub)
    client.logout()
    assert Reply.objects.count() == 2 and case_a.extensions.count() == 1
    return case_a, case_sub


UNIT_PAGES = [
    ("staff_a", "a"),
    ("head_a", "a"),
    ("head_a", "sub"),
    ("staff_sub", "sub"),
    ("head_sub", "sub"),
]


@pytest.mark.parametrize("who,which", UNIT_PAGES)
def test_no_unit_page_shows_the_complainant(client, users, rich_cases, who, which):
    case = rich_cases[0] if which == "a" else rich_cases[1]
    client.force_login(users[who])
    pages = [
        reverse("complaints:unit_queue"),
        reverse("complaints:unit_queue") + "?show=all",
        reverse("complaints:unit_queue") + "?show=open",
        reverse("complaints:unit_case", args=[case.pk]),
        reverse("notification_list"),
        reverse("dashboard"),
    ]
    if who.startswith("head"):
        pages.append(reverse("signoffs"))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_nothing_identifying(response)
    page = client.get(reverse("complaints:unit_case", args=[case.pk])).content.decode()
    assert FORWARDED_TEXT in page
    assert "现场照片.pdf" in page
    assert "请于期限内答复。" in page
    if who == "head_a" and which == "a":
        response = client.get(reverse("complaints:extension_request", args=[case.pk]))
        _assert_nothing_identifying(response)
    # The refused forms show the page again: still nothing identifying.
    response = post_reply(client, case, facts="")
    assert response.status_code in (400, 403)
    _assert_nothing_identifying(response)


def test_the_unit_case_page_defers_the_description(client, users, case_a):
    client.force_login(users["staff_a"])
    response = client.get(reverse("complaints:unit_case", args=[case_a.pk]))
    assert "description" in response.context["complaint"].get_deferred_fields()


# --- another unit gets 404, the wrong role 403 --------------------------------------------------

CASE_URLS = [
    ("complaints:unit_case", "get"),
    ("complaints:reply_save", "get"),
    ("complaints:reply_save", "post"),
    ("complaints:reply_act", "post"),
    ("complaints:decline", "get"),
    ("complaints:decline", "post"),
    ("complaints:extension_request", "get"),
    ("complaints:extension_request", "post"),
]
OUTSIDERS = [
    ("staff_b", "a"),
    ("head_b", "a"),
    ("staff_sub", "a"),  # a sub-unit never sees its supervising department's cases
    ("head_sub", "a"),
    ("staff_a", "sub"),  # the supervising department's staff do not see the sub-unit's
    ("reviewer", "a"),
]


@pytest.mark.parametrize("name,method", CASE_URLS)
@pytest.mark.parametrize("who,which", OUTSIDERS)
def test_another_units_user_gets_404(client, users, case_a, case_sub, name, method, who, which):
    case = case_a if which == "a" else case_sub
    client.force_login(users[who])
    before = (Reply.objects.count(), Complaint.objects.get(pk=case.pk).version)
    url = reverse(name, args=[case.pk])
    data = {"facts": "x", "actions_taken": "y", "action": "submit", "version": 1, "reason": "x"}
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == 404
    assert (Reply.objects.count(), Complaint.objects.get(pk=case.pk).version) == before


def test_a_case_not_forwarded_is_hidden_from_its_unit(client, users, campaign, dept_a):
    case = ComplaintFactory(campaign=campaign, department=dept_a, status=Status.ACCEPTED)
    client.force_login(users["head_a"])
    assert client.get(reverse("complaints:unit_case", args=[case.pk])).status_code == 404
    assert (
        case.number
        not in client.get(reverse("complaints:unit_queue") + "?show=all").content.decode()
    )


@pytest.mark.parametrize(
    "who,expected", [("clerk", 403), ("leader", 403), ("reviewer", 403), ("admin", 403)]
)
def test_the_unit_queue_is_for_unit_users(client, users, who, expected):
    client.force_login(users[who])
    assert client.get(reverse("complaints:unit_queue")).status_code == expected


def test_anonymous_users_are_sent_to_log_in(client, case_a):
    for url in (
        reverse("complaints:unit_queue"),
        reverse("complaints:unit_case", args=[case_a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_center_users_are_sent_to_the_center_page(client, users, case_a):
    client.force_login(users["clerk"])
    response = client.get(reverse("complaints:unit_case", args=[case_a.pk]))
    assert response.status_code == 302
    assert response.url == reverse("complaints:case", args=[case_a.pk])


def test_staff_may_not_return_a_case(client, users, case_a):
    client.force_login(users["staff_a"])
    response = client.post(
        reverse("complaints:decline", args=[case_a.pk]),
        {"comment": "不归我们管", "version": case_a.version},
    )
    assert response.status_code == 403
    assert Complaint.objects.get(pk=case_a.pk).status == Status.FORWARDED


# --- the queue -------------------------------------------------------------------------------


def test_the_queue_lists_the_units_cases_newest_first(
    client, users, campaign, dept_a, dept_b, case_a, case_sub
):
    later = forwarded_case(
        campaign=campaign, department=dept_a, on=FORWARDED_ON + datetime.timedelta(days=1)
    )
    other = forwarded_case(campaign=campaign, department=dept_b, on=FORWARDED_ON)
    client.force_login(users["staff_a"])
    rows = list(client.get(reverse("complaints:unit_queue")).context["page"].object_list)
    assert [c.pk for c in rows] == [later.pk, case_a.pk]
    client.force_login(users["head_a"])
    rows = list(client.get(reverse("complaints:unit_queue")).context["page"].object_list)
    assert {c.pk for c in rows} == {later.pk, case_a.pk, case_sub.pk}
    assert other.pk not in {c.pk for c in rows}
    body = client.get(reverse("complaints:unit_queue")).content.decode()
    assert case_a.number in body and "2025-06-23" in body  # reply due
    assert 'data-timing="on_time"' in body
    assert 'data-reply-state="none"' in body


def test_the_queue_shows_the_reply_state_and_timing(client, users, case_a, monkeypatch):
    client.force_login(users["staff_a"])
    post_reply(client, case_a)
    freeze_at(monkeypatch, datetime.date(2025, 6, 24))
    client.force_login(users["staff_a"])  # a new day, a new session
    body = client.get(reverse("complaints:unit_queue")).content.decode()
    assert 'data-reply-state="draft"' in body
    assert 'data-timing="overdue"' in body


@pytest.mark.parametrize("size", [2, 12])
def test_the_queue_runs_a_fixed_number_of_queries(
    client, users, campaign, dept_a, sub_of_a, today, size, django_assert_num_queries
):
    for i in range(size):
        case = forwarded_case(
            campaign=campaign, department=sub_of_a if i % 2 else dept_a, on=FORWARDED_ON
        )
        Reply.objects.create(
            complaint=case, department=case.department, created_by=users["staff_a"]
        )
    client.force_login(users["head_a"])
    client.get(reverse("complaints:unit_queue"))  # warm the session and content types
    # session, user, count, page, replies (prefetch), calendar, the user's unit, unread badge
    with django_assert_num_queries(8):
        response = client.get(reverse("complaints:unit_queue"))
    assert len(response.context["page"].object_list) == size


# --- the reply: a key department -------------------------------------------------------------


def test_a_key_departments_reply_reaches_the_center(client, users, case_a):
    client.force_login(users["staff_a"])
    response = post_reply(client, case_a)
    assert response.status_code == 302
    reply = Reply.objects.get(complaint=case_a)
    assert (reply.state, reply.department_id, reply.created_by) == (
        State.DRAFT,
        case_a.department_id,
        users["staff_a"],
    )
    # Edited under the lock, the same reply.
    assert (
        post_reply(client, case_a, version=reply.version, facts="补充核实情况").status_code == 302
    )
    reply.refresh_from_db()
    assert reply.facts == "补充核实情况" and Reply.objects.count() == 1
    # Staff cannot sign off (the reply's table: its own head).
    assert act(client, case_a, "submit").status_code == 403
    client.force_login(users["head_a"])
    assert act(client, case_a, "submit").status_code == 302
    reply.refresh_from_db()
    case = Complaint.objects.get(pk=case_a.pk)
    assert reply.state == State.SUBMITTED
    assert case.status == Status.REPLIED
    assert case.version == case_a.version + 1
    assert case.very_overdue_on > case.close_due  # the closing deadline governs now
    assert StateChange.objects.filter(object_id=case.pk, action="reply").count() == 1
    told = Notification.objects.filter(recipient=users["clerk"])
    assert told.count() == 1 and case.number in told.get().verb
    # Nothing more for the unit to do.
    page = client.get(reverse("complaints:unit_case", args=[case.pk]))
    assert page.context["reply_form"] is None and page.context["reply_buttons"] == []


def test_the_reply_needs_facts_and_actions(client, users, case_a):
    client.force_login(users["staff_a"])
    response = post_reply(client, case_a, facts="  ", actions_taken="")
    assert response.status_code == 400
    assert response.context["reply_form"].errors
    assert not Reply.objects.exists()


def test_one_reply_per_round_and_the_optimistic_lock(client, users, case_a):
    client.force_login(users["staff_a"])
    post_reply(client, case_a)
    reply = Reply.objects.get()
    # A second "new" reply from a page opened before the first save: refused, nothing lost.
    response = post_reply(client, case_a, facts="另一份答复")
    assert response.status_code == 409
    assert Reply.objects.count() == 1
    post_reply(client, case_a, version=reply.version, facts="第一次修改")
    response = post_reply(client, case_a, version=reply.version, facts="过期页面的修改")
    assert response.status_code == 409
    assert (
        "Someone else saved" in response.content.decode() or response.context["reply_form"].errors
    )
    reply.refresh_from_db()
    assert reply.facts == "第一次修改"


def test_evidence_is_attached_to_the_reply(client, users, case_a):
    client.force_login(users["staff_a"])
    response = client.post(
        reverse("complaints:reply_save", args=[case_a.pk]),
        {"facts": "事实", "actions_taken": "措施", "evidence": pdf_file("整改报告.pdf")},
    )
    assert response.status_code == 302
    page = client.get(reverse("complaints:unit_case", args=[case_a.pk])).content.decode()
    assert "整改报告.pdf" in page


# --- the reply: a sub-unit ---------------------------------------------------------------------


def test_a_sub_units_reply_is_endorsed_by_the_supervising_head(client, users, case_sub):
    client.force_login(users["staff_sub"])
    post_reply(client, case_sub)
    client.force_login(users["head_sub"])
    assert act(client, case_sub, "submit").status_code == 302
    reply = Reply.objects.get()
    assert reply.state == State.SIGNED
    assert Complaint.objects.get(pk=case_sub.pk).status == Status.FORWARDED
    assert Notification.objects.filter(recipient=users["head_a"]).count() == 1
    assert not Notification.objects.filter(recipient=users["clerk"]).exists()
    # The sub-unit's head cannot endorse its own reply; the supervising head can.
    assert act(client, case_sub, "endorse").status_code == 403
    client.force_login(users["head_a"])
    page = client.get(reverse("complaints:unit_case", args=[case_sub.pk]))
    assert [b.name for b in page.context["reply_buttons"]] == ["endorse", "send_back"]
    assert page.context["reply_form"] is None  # reads, never edits
    assert act(client, case_sub, "endorse").status_code == 302
    reply.refresh_from_db()
    assert reply.state == State.SUBMITTED
    assert Complaint.objects.get(pk=case_sub.pk).status == Status.REPLIED
    assert Notification.objects.filter(recipient=users["clerk"]).count() == 1


def test_the_supervising_head_may_send_the_reply_back(client, users, case_sub):
    client.force_login(users["staff_sub"])
    post_reply(client, case_sub)
    client.force_login(users["head_sub"])
    act(client, case_sub, "submit")
    client.force_login(users["head_a"])
    response = act(client, case_sub, "send_back")  # a comment is required: back to the page
    assert response.status_code == 303
    assert response.url == reverse("complaints:unit_case", args=[case_sub.pk])
    assert Reply.objects.get().state == State.SIGNED
    assert act(client, case_sub, "send_back", comment="证据不足").status_code == 302
    reply = Reply.objects.get()
    assert reply.state == State.RETURNED
    assert Notification.objects.filter(recipient=users["staff_sub"], verb__contains="证据不足")
    client.force_login(users["staff_sub"])
    page = client.get(reverse("complaints:unit_case", args=[case_sub.pk]))
    assert page.context["return_comment"] == "证据不足"
    assert page.context["reply_form"] is not None


# --- the clerk's return and the resubmission ---------------------------------------------------


def test_a_returned_reply_is_edited_and_goes_through_the_sign_off_again(client, users, case_a):
    client.force_login(users["staff_a"])
    post_reply(client, case_a)
    client.force_login(users["head_a"])
    act(client, case_a, "submit")
    reply = Reply.objects.get()
    case = Complaint.objects.get(pk=case_a.pk)
    reply_review.reply_return(
        reply=reply,
        user=users["clerk"],
        expected_version=case.version,
        comment="请补充整改证据",
        complaint=case,
    )
    case.refresh_from_db()
    reply.refresh_from_db()
    assert (case.status, reply.state) == (Status.FORWARDED, State.RETURNED)
    client.force_login(users["staff_a"])
    page = client.get(reverse("complaints:unit_case", args=[case.pk]))
    assert page.context["return_comment"] == "请补充整改证据"
    assert post_reply(client, case, version=reply.version, facts="已补充证据").status_code == 302
    assert Reply.objects.count() == 1  # the same reply
    client.force_login(users["head_a"])
    assert act(client, case, "submit").status_code == 302
    reply.refresh_from_db()
    case.refresh_from_db()
    assert (reply.facts, reply.state, case.status) == (
        "已补充证据",
        State.SUBMITTED,
        Status.REPLIED,
    )
    actions = list(
        StateChange.objects.filter(object_id=reply.pk, content_type__model="reply").values_list(
            "action", flat=True
        )
    )
    assert actions == ["create", "submit", "return", "submit"]


def test_a_new_forwarding_round_starts_a_new_reply(client, users, case_a, monkeypatch):
    client.force_login(users["staff_a"])
    post_reply(client, case_a)
    first = Reply.objects.get()
    freeze_at(monkeypatch, FORWARDED_ON + datetime.timedelta(days=7))
    client.force_login(users["staff_a"])
    Complaint.objects.filter(pk=case_a.pk).update(forwarded_at=timezone.now())
    page = client.get(reverse("complaints:unit_case", args=[case_a.pk]))
    assert page.context["reply"] is None
    post_reply(client, case_a)
    assert Reply.objects.count() == 2 and Reply.objects.exclude(pk=first.pk).get().facts


def test_no_reply_once_the_case_left_the_unit(client, users, case_a):
    Complaint.objects.filter(pk=case_a.pk).update(status=Status.DECLINED)
    client.force_login(users["staff_a"])
    response = post_reply(client, case_a)
    assert response.status_code == 400
    assert not Reply.objects.exists()


# --- return as not ours ------------------------------------------------------------------------


def test_the_head_returns_a_case_within_the_limit(client, users, case_a, monkeypatch):
    freeze_at(monkeypatch, datetime.date(2025, 6, 11))  # decline_due, inclusive
    client.force_login(users["head_a"])
    page = client.get(reverse("complaints:unit_case", args=[case_a.pk]))
    assert page.context["decline_form"] is not None
    response = client.post(
        reverse("complaints:decline", args=[case_a.pk]),
        {"comment": "该事项属县乙局职责", "version": case_a.version},
    )
    assert response.status_code == 302
    case = Complaint.objects.get(pk=case_a.pk)
    assert case.status == Status.DECLINED
    change = StateChange.objects.get(object_id=case.pk, action="decline")
    assert change.comment == "该事项属县乙局职责" and change.actor == users["head_a"]
    assert Notification.objects.filter(recipient=users["clerk"], verb__contains=case.number)


def test_returning_a_case_after_the_limit_is_refused(client, users, case_a, monkeypatch):
    freeze_at(monkeypatch, datetime.date(2025, 6, 12))
    client.force_login(users["head_a"])
    page = client.get(reverse("complaints:unit_case", args=[case_a.pk]))
    assert page.context["decline_form"] is None and page.context["decline_closed"]
    response = client.post(
        reverse("complaints:decline", args=[case_a.pk]),
        {"comment": "该事项属县乙局职责", "version": case_a.version},
    )
    assert response.status_code == 400
    assert "2025-06-11" in response.content.decode()
    assert Complaint.objects.get(pk=case_a.pk).status == Status.FORWARDED


def test_returning_needs_a_reason_and_the_current_version(client, users, case_a):
    client.force_login(users["head_a"])
    url = reverse("complaints:decline", args=[case_a.pk])
    response = client.post(url, {"comment": "", "version": case_a.version})
    assert response.status_code == 400 and response.context["decline_form"].errors
    response = client.post(url, {"comment": "不归我们", "version": case_a.version - 1})
    assert response.status_code == 409
    assert Complaint.objects.get(pk=case_a.pk).status == Status.FORWARDED


def test_the_heads_sign_off_list_leads_to_the_unit_page(client, users, case_a, case_sub):
    client.force_login(users["staff_a"])
    post_reply(client, case_a)
    client.force_login(users["staff_sub"])
    post_reply(client, case_sub)
    client.force_login(users["head_sub"])
    act(client, case_sub, "submit")
    client.force_login(users["head_a"])
    body = client.get(reverse("signoffs")).content.decode()
    for case in (case_a, case_sub):  # its own draft, and the sub-unit's signed reply
        url = reverse("complaints:unit_case", args=[case.pk])
        assert url in body
        assert client.get(url).status_code == 200


def test_the_unit_reads_where_it_happened_only_as_the_clerk_retold_it(client, users, case_a):
    """The place the complainant gave may be their home: the unit page never shows it."""
    Complaint.objects.filter(pk=case_a.pk).update(place="黎城镇幸福路8号我家门口")
    client.force_login(users["staff_a"])
    page = client.get(reverse("complaints:unit_case", args=[case_a.pk])).content.decode()
    assert "幸福路8号" not in page


# --- the page offers what the tables allow ---------------------------------------------------


def _offered(content, section=None):
    """The data-action buttons of the page, or of the reply's section."""
    if section is not None:
        content = content.split("data-reply-buttons")[1].split("</section>")[0]
    return sorted(re.findall(r'data-action="([a-z_]+)"', content))


@pytest.mark.parametrize(
    "stage", ["forwarded", "draft", "signed", "returned", "replied", "past_limit"]
)
def test_the_unit_page_offers_exactly_what_the_tables_allow(
    client, users, case_sub, monkeypatch, stage
):
    """For each of the sub-unit's staff and head and its supervising head: the case's buttons
    (return it, ask for more time) and the reply's (sign off, endorse, send back) are those
    the case's and the reply's tables allow them."""
    case = case_sub
    if stage != "forwarded":
        client.force_login(users["staff_sub"])
        post_reply(client, case)
    if stage in ("signed", "returned", "replied"):
        client.force_login(users["head_sub"])
        act(client, case, "submit")
    if stage == "returned":
        client.force_login(users["head_a"])
        act(client, case, "send_back", comment="请补充")
    if stage == "replied":
        client.force_login(users["head_a"])
        act(client, case, "endorse")
    if stage == "past_limit":
        freeze_at(monkeypatch, datetime.date(2025, 6, 12))  # the day after decline_due
    for who in ("staff_sub", "head_sub", "head_a"):
        user = users[who]
        client.force_login(user)
        content = client.get(reverse("complaints:unit_case", args=[case.pk])).content.decode()
        complaint = Complaint.objects.get(pk=case.pk)
        reply = current_reply(complaint)
        expected_reply = sorted(allowed_actions(reply, user)) if reply else []
        has_reply_section = "data-reply-buttons" in content
        assert (_offered(content, "reply") if has_reply_section else []) == expected_reply
        if has_reply_section:
            content = content.replace(
                content.split("data-reply-buttons")[1].split("</section>")[0], ""
            )
        assert _offered(content) == sorted(allowed_actions(complaint, user)), (stage, who)
