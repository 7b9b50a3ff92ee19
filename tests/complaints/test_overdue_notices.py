"""The supervision notice (督办通报) of a very overdue case: the clerk drafts, a leader issues."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import OverdueNotice
from complaints.rules import is_very_overdue
from complaints.services import overdue_notices
from efficiency_center.errors import DomainError, Invalid
from efficiency_center.notices import PublicNotice
from efficiency_center.workflow import allowed_actions, history
from tests.complaints.factories import REAL_NAME, forwarded_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def very_overdue(campaign, dept_a):
    """Forwarded long ago: its very-overdue day has passed."""
    case = forwarded_case(
        campaign=campaign, department=dept_a, on=timezone.localdate() - datetime.timedelta(60)
    )
    assert is_very_overdue(case)
    return case


def draft(case, user, **text):
    title, body = overdue_notices.draft_text(case)
    return overdue_notices.overdue_notice_draft(
        complaint=case,
        user=user,
        expected_version=case.version,
        title=text.get("title", title),
        body=text.get("body", body),
    )


def may_draft(case, user):
    return "overdue_notice" in allowed_actions(case, user)


def decide(notice, user, action, comment=""):
    notice.refresh_from_db()
    return overdue_notices.overdue_notice_decide(
        notice=notice, user=user, action=action, expected_version=notice.version, comment=comment
    )


def test_only_a_very_overdue_case_gets_one(campaign, dept_a, users):
    on_time = forwarded_case(campaign=campaign, department=dept_a, on=timezone.localdate())
    assert not may_draft(on_time, users["clerk"])
    with pytest.raises(DomainError):
        draft(on_time, users["clerk"])
    assert not OverdueNotice.objects.exists()


def test_the_clerk_drafts_and_a_leader_issues_it(client, users, very_overdue):
    notice = draft(very_overdue, users["clerk"])
    assert not may_draft(very_overdue, users["clerk"])  # one at a time
    client.force_login(users["leader"])
    queue = client.get(reverse("complaints:leader_queue")).content.decode()
    assert "督办" in queue
    assert 'data-action="approve"' in queue and 'data-action="refuse"' in queue
    response = client.post(
        reverse("complaints:overdue_notice_decide", args=[notice.pk]),
        {"action": "approve", "version": notice.version},
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.decision == OverdueNotice.Outcome.APPROVED
    assert notice.get_decision_display() == "已发布"
    assert [s.action for s in history(notice)] == ["create", "approve"]
    public = PublicNotice.objects.get()
    assert public.cause == very_overdue and public.approved_by == users["leader"]
    assert public.issued_by == users["clerk"] and notice.notice == public
    assert very_overdue.number in client.get(reverse("notice_list")).content.decode()


def test_refusing_needs_a_reason_and_frees_the_case_for_a_new_draft(users, very_overdue):
    notice = draft(very_overdue, users["clerk"])
    with pytest.raises(Invalid):
        decide(notice, users["leader"], "refuse")
    decide(notice, users["leader"], "refuse", comment="单位已于今日答复")
    assert not PublicNotice.objects.exists()
    assert may_draft(very_overdue, users["clerk"])


def test_only_a_leader_decides_and_only_a_clerk_drafts(users, very_overdue):
    with pytest.raises(DomainError):
        draft(very_overdue, users["leader"])
    notice = draft(very_overdue, users["clerk"])
    with pytest.raises(DomainError):
        decide(notice, users["clerk"], "approve")
    assert not PublicNotice.objects.exists()


def test_a_text_naming_the_complainant_is_refused(users, very_overdue):
    with pytest.raises(Invalid):
        draft(very_overdue, users["clerk"], body=f"投诉人{REAL_NAME}反映……")
    assert not OverdueNotice.objects.exists()


def test_the_case_page_offers_the_draft_when_very_overdue(client, users, very_overdue):
    client.force_login(users["clerk"])
    page = client.get(very_overdue.get_absolute_url()).content.decode()
    assert reverse("complaints:overdue_notice", args=[very_overdue.pk]) in page
    form = client.get(reverse("complaints:overdue_notice", args=[very_overdue.pk]))
    assert form.status_code == 200 and very_overdue.number in form.content.decode()
