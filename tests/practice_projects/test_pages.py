"""The document pages offer exactly the steps the table allows each user (workflow buttons),
show the history with the table's labels, and, with the assessment closed, still work: no
action of this app's pages writes to the ledger."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from efficiency_center.models import Campaign
from efficiency_center.notifications import Notification
from efficiency_center.review import State
from efficiency_center.scoring import ScoreEntry
from efficiency_center.workflow import allowed_actions
from practice_projects import services
from practice_projects.models import Rating
from tests.practice_projects.factories import act, approved_project, file_progress, file_project

pytestmark = pytest.mark.django_db

VIEWERS = ("staff_sub", "head_sub", "head_a", "clerk", "leader")


def offered(client, user, doc):
    client.force_login(user)
    response = client.get(doc.get_absolute_url())
    assert response.status_code == 200
    return set(re.findall(r'data-action="([^"]+)"', response.content.decode()))


def sub_unit_documents(campaign, users):
    """A draft of each of the four documents of A's sub-unit."""
    staff = users["staff_sub"]
    ended = {"end_date": campaign.start_date + datetime.timedelta(days=70)}
    project = approved_project(campaign, users, sub_unit=True, **ended)
    return {
        "plan": services.plan_create(
            campaign=campaign,
            department=staff.department,
            user=staff,
            title="所方案",
            doc_number="1号",
            text="正文",
        ),
        "filing": file_project(campaign, staff).filings.get(),
        "report": file_progress(project, staff),
        "completion": services.completion_save(user=staff, project=project, summary="完成"),
    }


@pytest.mark.parametrize("kind", ["plan", "filing", "report", "completion"])
def test_the_buttons_are_the_tables_answer_in_every_state(client, campaign, users, kind):
    doc = sub_unit_documents(campaign, users)[kind]
    path = [("submit", "head_sub"), ("return", None), ("submit", "head_sub")]
    path += [("endorse", "head_a"), ("approve", "clerk")]
    seen = set()
    for action, who in path:
        for name in VIEWERS:
            user = users[name]
            assert offered(client, user, doc) == set(allowed_actions(doc, user)), (doc.state, name)
        seen.add(doc.state)
        if action == "return":
            act(doc, "send_back", users["head_a"], "请补充")
        else:
            rating = {"rating": Rating.GOOD} if kind == "completion" and action == "approve" else {}
            act(doc, action, users[who], **rating)
    for name in VIEWERS:
        assert offered(client, users[name], doc) == set(allowed_actions(doc, users[name]))
    assert seen == {State.DRAFT, State.SIGNED, State.RETURNED, State.SUBMITTED}
    assert doc.state == (State.APPROVED if kind == "plan" else State.PUBLISHED)


def test_the_clerk_approves_a_completion_with_its_rating_from_the_page(client, campaign, users):
    report = sub_unit_documents(campaign, users)["completion"]
    act(report, "submit", users["head_sub"])
    act(report, "endorse", users["head_a"])
    client.force_login(users["clerk"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'data-action-form="approve"' in page and 'name="rating"' in page
    response = client.post(
        reverse("practice_projects:completion_act", args=[report.pk]),
        {"action": "approve", "version": report.version, "comment": "成效显著"},
    )
    assert response.status_code == 303
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    page = client.get(response.url).content.decode()
    assert "请选择项目的评定等级。" in page  # the refusal, on the page it came from


def test_the_history_shows_the_tables_labels_and_comments(client, campaign, users):
    filing = sub_unit_documents(campaign, users)["filing"]
    act(filing, "submit", users["head_sub"])
    act(filing, "send_back", users["head_a"], "请补充措施")
    client.force_login(users["staff_sub"])
    page = client.get(filing.get_absolute_url()).content.decode()
    assert page.count("data-step=") == 3
    assert 'data-step="send_back"' in page and "请补充措施" in page
    assert "主管部门退回" in page  # the table's label of the step


def test_a_refused_step_says_why_in_chinese_and_changes_nothing(client, campaign, users):
    plan = sub_unit_documents(campaign, users)["plan"]
    client.force_login(users["clerk"])
    response = client.post(
        reverse("practice_projects:plan_act", args=[plan.pk]),
        {"action": "return", "version": plan.version, "comment": "x"},
        follow=True,
    )
    assert response.redirect_chain[0] == (plan.get_absolute_url(), 303)
    messages = [str(m) for m in response.context["messages"]]
    assert messages and re.search(r"[\u4e00-\u9fff]", messages[0])
    plan.refresh_from_db()
    assert (plan.state, plan.version) == (State.DRAFT, 1)


def test_with_the_assessment_closed_the_pages_still_work_and_score_nothing(client, campaign, users):
    """No action of this app's pages records a score (the late filings are the daily job's):
    closing the assessment stops none of them, and the ledger stays as it was."""
    docs = sub_unit_documents(campaign, users)
    Campaign.objects.filter(pk=campaign.pk).update(assessment_closed_at=timezone.now())
    urls = {
        "plan": "plan_act",
        "filing": "filing_act",
        "report": "progress_act",
        "completion": "completion_act",
    }
    for kind, doc in docs.items():
        for action, who in (("submit", "head_sub"), ("endorse", "head_a"), ("approve", "clerk")):
            client.force_login(users[who])
            doc.refresh_from_db()
            response = client.post(
                reverse(f"practice_projects:{urls[kind]}", args=[doc.pk]),
                {"action": action, "version": doc.version, "rating": Rating.EXCELLENT},
            )
            assert response.status_code == 302, (kind, action)
        doc.refresh_from_db()
        assert doc.state in (State.APPROVED, State.PUBLISHED)
    assert not ScoreEntry.objects.exists()
    assert Notification.objects.filter(recipient=users["staff_sub"]).exists()
