"""The center's case page: who may open it, what it shows (deadlines with the holidays skipped,
the full timeline, the action forms the status allows), the sealed identity behind its own
audited page, and a fixed number of queries whatever the size of the timeline."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import CaseNote, Extension, Status
from complaints.selectors.case import timeline
from complaints.services import handling
from efficiency_center.audit import AuditEvent
from efficiency_center.uploads import attach
from efficiency_center.workflow import allowed_actions, record_history
from tests.complaints.factories import (
    REAL_NAME,
    REAL_PHONE,
    CaseNoteFactory,
    ComplaintFactory,
    FollowUpFactory,
    ReplyFactory,
    case_in,
    freeze_at,
    pdf_file,
    real_name_case,
)
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def case_url(complaint):
    return reverse("complaints:case", args=[complaint.pk])


def identity_url(complaint):
    return reverse("complaints:identity", args=[complaint.pk])


# --- who may open it ---------------------------------------------------------------------------

ACCESS = {
    "clerk": 200,
    "leader": 200,
    "admin": 200,
    "staff_a": 403,
    "head_a": 403,
    "staff_b": 403,
    "head_sub": 403,
    "reviewer": 403,
    None: 302,
}


@pytest.mark.parametrize("who", list(ACCESS), ids=[w or "anonymous" for w in ACCESS])
@pytest.mark.parametrize("page", ["case", "identity"])
def test_center_users_only(client, campaign, dept_a, users, who, page):
    # Forwarded to dept_a: even the unit complained of has no business on the center's page.
    complaint = case_in(Status.FORWARDED, campaign=campaign, department=dept_a)
    if who:
        client.force_login(users[who])
    url = case_url(complaint) if page == "case" else identity_url(complaint)
    response = client.get(url)
    assert response.status_code == ACCESS[who]
    if who is None:
        assert response.url.startswith(reverse("login"))


def test_get_absolute_url_is_the_case_page(campaign):
    complaint = ComplaintFactory(campaign=campaign)
    assert complaint.get_absolute_url() == case_url(complaint)


@pytest.mark.parametrize("page", ["complaints:case", "complaints:identity"])
def test_a_missing_case_answers_404(client, users, page):
    client.force_login(users["clerk"])
    assert client.get(reverse(page, args=[999999])).status_code == 404


# --- the sealed identity -----------------------------------------------------------------------


def test_the_case_page_does_not_show_the_identity_but_links_to_it(client, campaign, users):
    complaint = real_name_case(campaign=campaign)
    client.force_login(users["clerk"])
    content = client.get(case_url(complaint)).content.decode()
    assert REAL_NAME not in content and REAL_PHONE not in content
    assert identity_url(complaint) in content
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SEALED_READ).exists()


@pytest.mark.parametrize("who", ["clerk", "leader", "admin"])
def test_each_reading_of_the_identity_is_audited(client, campaign, users, who):
    complaint = real_name_case(campaign=campaign, complainant__address="金湖县黎城镇建设路8号")
    client.force_login(users[who])
    before = timezone.now()
    for _ in range(2):
        response = client.get(identity_url(complaint))
        content = response.content.decode()
        assert REAL_NAME in content and REAL_PHONE in content and "建设路8号" in content
        assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    events = list(AuditEvent.objects.filter(action=AuditEvent.Action.SEALED_READ))
    assert len(events) == 2
    for event in events:
        assert event.user == users[who] and event.username == who
        assert complaint.number in event.target
        assert event.created_at >= before
        assert event.ip_address == "127.0.0.1"


def test_an_anonymous_case_shows_anonymous_and_is_still_audited(client, campaign, users):
    complaint = ComplaintFactory(campaign=campaign, anonymous=True)
    client.force_login(users["leader"])
    response = client.get(identity_url(complaint))
    assert b'data-identity="anonymous"' in response.content
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.SEALED_READ, user=users["leader"]
    ).exists()


def test_a_refused_reading_is_not_a_reading(client, campaign, users):
    complaint = real_name_case(campaign=campaign)
    client.force_login(users["head_a"])
    response = client.get(identity_url(complaint))
    assert response.status_code == 403
    assert REAL_NAME not in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SEALED_READ).exists()


# --- what the page shows -----------------------------------------------------------------------


def test_the_page_shows_the_case_its_files_and_marks_the_sealed_ones(client, campaign, users):
    complaint = ComplaintFactory(campaign=campaign, department=None, place="县政务大厅")
    attach(complaint, pdf_file("现场照片.pdf"), user=users["clerk"])
    sealed = attach(complaint, pdf_file("身份证.pdf"), user=users["clerk"], sealed=True)
    client.force_login(users["clerk"])
    response = client.get(case_url(complaint))
    content = response.content.decode()
    assert complaint.number in content and complaint.description in content
    assert "县政务大厅" in content
    assert "data-unit-unknown" in content  # 不清楚
    assert 'data-status="registered"' in content
    assert "现场照片.pdf" in content and "身份证.pdf" in content
    assert f'data-attachment="{sealed.pk}"' in content
    assert content.count("data-sealed") == 1


def post(client, complaint, action, **data):
    return client.post(
        reverse("complaints:case_action", args=[complaint.pk, action]),
        {f"{action}-{name}": value for name, value in data.items()},
    )


def test_opening_the_case_writes_nothing_a_clerk_marks_it_received(client, campaign, users):
    complaint = ComplaintFactory(campaign=campaign)
    for who in ("leader", "clerk"):
        client.force_login(users[who])
        client.get(case_url(complaint))
        complaint.refresh_from_db()
        assert complaint.opened_at is None and complaint.version == 1  # no write on GET
    content = client.get(case_url(complaint)).content.decode()
    assert 'data-action="open"' in content
    assert post(client, complaint, "open", version=1).status_code == 302
    complaint.refresh_from_db()
    first = complaint.opened_at
    assert first is not None and complaint.version == 2
    assert 'data-action="open"' not in client.get(case_url(complaint)).content.decode()
    assert post(client, complaint, "open", version=2).status_code == 400  # once
    complaint.refresh_from_db()
    assert complaint.opened_at == first


def test_the_first_step_of_a_clerk_receives_the_case(campaign, users):
    complaint = ComplaintFactory(campaign=campaign)
    handling.complaint_accept(complaint=complaint, user=users["clerk"], expected_version=1)
    complaint.refresh_from_db()
    assert complaint.opened_at == complaint.accepted_at is not None


def test_the_deadlines_show_the_national_day_holidays_skipped(client, monkeypatch, users, dept_a):
    """Forwarded on Friday 2025-09-26: ten working days reach 2025-10-16, skipping the National
    Day and Mid-autumn days off (10-01..10-08) and counting the make-up days 09-28 and 10-11."""
    campaign = CampaignFactory(year=2025)
    filed = timezone.make_aware(datetime.datetime(2025, 9, 24, 9))
    complaint = case_in(
        Status.ACCEPTED,
        campaign=campaign,
        department=dept_a,
        filed_at=filed,
        acceptance_due=datetime.date(2025, 9, 26),
        accepted_at=filed,
        close_due=datetime.date(2025, 10, 22),
    )
    freeze_at(monkeypatch, datetime.date(2025, 9, 26))
    handling.complaint_forward(
        complaint=complaint,
        user=users["clerk"],
        expected_version=complaint.version,
        forwarded_text="请核实窗口服务态度问题。",
    )
    complaint.refresh_from_db()
    assert complaint.reply_due == datetime.date(2025, 10, 16)
    client.force_login(users["clerk"])
    content = client.get(case_url(complaint)).content.decode()
    reply_row = content.split('data-deadline="reply"')[1].split("</li>")[0]
    assert "2025-10-16" in reply_row
    assert "自2025-09-26起计10个工作日" in reply_row
    for day in ("2025-10-01", "2025-10-02", "2025-10-03", "2025-10-06", "2025-10-07", "2025-10-08"):
        assert f'data-day-off="{day}"' in reply_row
    assert 'data-day-off="2025-10-04"' not in reply_row  # a Saturday: not a working day anyway
    assert 'data-make-up="2025-09-28"' in reply_row and 'data-make-up="2025-10-11"' in reply_row
    assert "国庆节" in reply_row
    assert 'data-deadline="acceptance"' in content and 'data-deadline="close"' in content
    assert 'data-deadline="decline"' in content
    assert 'data-timing="' in content


def test_the_timeline_holds_everything_of_every_audience(client, campaign, dept_a, users):
    earlier = ComplaintFactory(campaign=campaign)
    complaint = case_in(Status.REPLIED, campaign=campaign, department=dept_a)
    later = ComplaintFactory(campaign=campaign, status=Status.MERGED, merged_into=complaint)
    record_history(
        later, action="merge", from_state="registered", to_state="merged", actor=users["clerk"]
    )
    record_history(
        complaint, action="accept", from_state="registered", to_state="accepted",
        actor=users["clerk"], comment="受理",
    )  # fmt: skip
    reply = ReplyFactory(complaint=complaint)
    record_history(
        reply, action="submit", from_state="draft", to_state="submitted", actor=users["head_a"]
    )
    for audience in CaseNote.Audience.values:
        CaseNoteFactory(complaint=complaint, audience=audience, text=f"备注-{audience}")
    FollowUpFactory(complaint=complaint, note="回访满意")
    Extension.objects.create(
        complaint=complaint, workdays=5, reason="需现场核查", requested_by=users["clerk"],
        old_due=datetime.date(2026, 12, 1), new_due=datetime.date(2026, 12, 8),
    )  # fmt: skip
    items = timeline(complaint)
    kinds = [item.kind for item in items]
    assert kinds.count("note") == 4
    assert {"state", "reply", "merged", "follow_up", "extension"} <= set(kinds)
    assert [item.at for item in items] == sorted(item.at for item in items)
    assert not any(earlier.number in str(item.label) for item in items)
    client.force_login(users["clerk"])
    content = client.get(case_url(complaint)).content.decode()
    for audience in CaseNote.Audience.values:
        assert f"备注-{audience}" in content
    assert later.number in content and "需现场核查" in content and "回访满意" in content
    assert reply.facts in content


def _forms_shown(response):
    return [row["button"].name for row in response.context["actions"] if row["button"].form]


@pytest.mark.parametrize(
    "status,clerk_forms,leader_forms",
    [
        (Status.REGISTERED, ["open", "accept", "not_accept", "merge", "note"], ["note"]),
        (Status.ACCEPTED, ["merge", "forward", "investigate", "note"], ["note"]),
        (Status.DECLINED, ["forward", "investigate", "note"], ["note"]),
        (Status.FORWARDED, ["note"], ["note"]),
        (Status.DIRECT, ["propose", "note"], ["note"]),
        (Status.PROPOSED, ["note"], ["approve_conclusion", "send_back_conclusion", "note"]),
        (Status.CONCLUDED, ["answer", "note"], ["note"]),
        (Status.ANSWERED, ["follow_up", "close", "note"], ["note"]),
        (Status.CLOSED, ["note"], ["note"]),
    ],
)
def test_the_forms_follow_the_status_and_the_role(
    client, campaign, dept_a, users, status, clerk_forms, leader_forms
):
    complaint = case_in(status, campaign=campaign, department=dept_a)
    for who, expected in (("clerk", clerk_forms), ("leader", leader_forms), ("admin", [])):
        client.force_login(users[who])
        response = client.get(case_url(complaint))
        assert _forms_shown(response) == expected, who
    client.force_login(users["clerk"])
    content = client.get(case_url(complaint)).content.decode()
    complaint.refresh_from_db()
    for name in clerk_forms:
        form = content.split(f'data-action-form="{name}"')[1].split("</form>")[0]
        assert f'name="{name}-version" value="{complaint.version}"' in form


def _buttons(content):
    return sorted(re.findall(r'data-action="([a-z_]+)"', content))


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("very_overdue", [False, True])
def test_the_page_offers_exactly_what_the_table_allows(
    client, campaign, dept_a, users, status, very_overdue
):
    today = timezone.localdate()
    complaint = case_in(
        status,
        campaign=campaign,
        department=dept_a,
        finding="true" if status in ("concluded", "answered", "closed") else "",
        conclusion_approved_by=users["leader"],
        very_overdue_on=today - datetime.timedelta(1) if very_overdue else None,
    )
    if status == Status.REPLIED:
        ReplyFactory(complaint=complaint)
    for who in ("clerk", "leader", "admin"):
        client.force_login(users[who])
        content = client.get(case_url(complaint)).content.decode()
        assert _buttons(content) == sorted(allowed_actions(complaint, users[who])), who


def test_the_reply_check_forms_show_with_a_sent_reply(client, campaign, dept_a, users):
    complaint = case_in(Status.REPLIED, campaign=campaign, department=dept_a)
    reply = ReplyFactory(complaint=complaint)
    client.force_login(users["clerk"])
    response = client.get(case_url(complaint))
    assert _forms_shown(response) == ["accept_reply", "return_reply", "note"]
    assert f'value="{reply.pk}"' in response.content.decode()


def test_the_forward_form_is_prefilled_with_the_description_and_place(client, campaign, users):
    complaint = case_in(Status.ACCEPTED, campaign=campaign, department=None)
    client.force_login(users["clerk"])
    response = client.get(case_url(complaint))
    form = next(
        r["button"].form for r in response.context["actions"] if r["button"].name == "forward"
    )
    text = form.initial["forwarded_text"]
    assert text.startswith(complaint.description) and text.endswith(complaint.place)
    assert form.initial["reply_due"] > timezone.localdate()


# --- a fixed number of queries -----------------------------------------------------------------

# The page, its records, and the case's table asking whether (and why) the case has an
# extension already.
CASE_PAGE_QUERIES = 26


def _grow_timeline(complaint, reply, users, count):
    for i in range(count):
        match i % 4:
            case 0:
                CaseNoteFactory(
                    complaint=complaint, audience=CaseNote.Audience.UNIT, author=users["clerk"]
                )
            case 1:
                record_history(
                    reply, action="submit", from_state="draft", to_state="submitted",
                    actor=users["head_a"],
                )  # fmt: skip
            case 2:
                FollowUpFactory(complaint=complaint, recorded_by=users["clerk"])
            case 3:
                record_history(
                    complaint, action="remind", from_state="replied", to_state="replied",
                    actor=users["clerk"], comment="催办",
                )  # fmt: skip


@pytest.mark.parametrize("count", [2, 30])
def test_the_case_page_runs_a_fixed_number_of_queries(
    client, campaign, dept_a, users, count, django_assert_num_queries
):
    complaint = case_in(Status.REPLIED, campaign=campaign, department=dept_a)
    reply = ReplyFactory(complaint=complaint)
    attach(reply, pdf_file("整改报告.pdf"), user=users["staff_a"])
    Extension.objects.create(
        complaint=complaint, workdays=5, reason="需现场核查", requested_by=users["clerk"],
        old_due=datetime.date(2026, 12, 1), new_due=datetime.date(2026, 12, 8),
    )  # fmt: skip
    _grow_timeline(complaint, reply, users, count)
    client.force_login(users["clerk"])
    client.get(case_url(complaint))  # caches warm up
    with django_assert_num_queries(CASE_PAGE_QUERIES):
        response = client.get(case_url(complaint))
    assert response.status_code == 200
    assert len(response.context["timeline"]) >= count
