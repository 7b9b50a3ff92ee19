"""The conclusion and what follows it: 不属实 at once, 查实 / 部分查实 through a leader, the
ledger's deduction traceable to the case (once), re-examination reversing it, accountability,
the public notice and the anonymised typical case."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import Accountability, Finding, Status, TypicalCase
from complaints.services import conclusion
from efficiency_center.errors import DomainError, Invalid, StaleVersionError
from efficiency_center.notices import PublicNotice
from efficiency_center.notifications import Notification
from efficiency_center.scoring import ScoreEntry, ScoreKind, entries_for_cause
from efficiency_center.workflow import StateChange
from tests.complaints.factories import REAL_NAME, REAL_PHONE, case_in

pytestmark = pytest.mark.django_db


def propose(complaint, user, finding, findings="经调查核实，窗口人员存在推诿现象。", **kwargs):
    return conclusion.conclusion_propose(
        complaint=complaint,
        user=user,
        expected_version=complaint.version,
        finding=finding,
        findings=findings,
        **kwargs,
    )


def approve(complaint, user):
    return conclusion.conclusion_approve(
        complaint=complaint, user=user, expected_version=complaint.version
    )


def unchanged(complaint):
    before = (complaint.status, complaint.version, complaint.finding)
    complaint.refresh_from_db()
    return (complaint.status, complaint.version, complaint.finding) == before


@pytest.fixture
def concluding(campaign, dept_a, users):
    return case_in(Status.CONCLUDING, campaign=campaign, department=dept_a)


def found_true(campaign, dept_a, users, finding=Finding.TRUE):
    complaint = case_in(Status.CONCLUDING, campaign=campaign, department=dept_a)
    propose(complaint, users["clerk"], finding)
    approve(complaint, users["leader"])
    complaint.refresh_from_db()
    return complaint


# --- proposing ---------------------------------------------------------------------------------


def test_a_conclusion_needs_findings(concluding, users):
    with pytest.raises(Invalid) as refused:
        propose(concluding, users["clerk"], Finding.FALSE, findings="  ")
    assert "findings" in refused.value.errors
    assert unchanged(concluding)


def test_not_true_takes_effect_at_once_without_a_leader(concluding, users):
    propose(concluding, users["clerk"], Finding.FALSE)
    concluding.refresh_from_db()
    assert concluding.status == Status.CONCLUDED
    assert concluding.finding == Finding.FALSE and concluding.concluded_at is not None
    assert concluding.conclusion_approved_by is None
    assert not entries_for_cause(concluding).exists()
    assert not Notification.objects.filter(recipient=users["leader"]).exists()


@pytest.mark.parametrize("finding", [Finding.TRUE, Finding.PARTLY_TRUE])
def test_found_true_waits_for_a_leader(concluding, users, finding):
    propose(concluding, users["clerk"], finding)
    concluding.refresh_from_db()
    assert concluding.status == Status.PROPOSED and concluding.concluded_at is None
    assert not entries_for_cause(concluding).exists()
    told = Notification.objects.get(recipient=users["leader"])
    assert concluding.number in told.verb and REAL_NAME not in told.verb


@pytest.mark.parametrize("who", ["leader", "admin"])
def test_only_a_clerk_proposes(concluding, users, who):
    with pytest.raises(DomainError):
        propose(concluding, users[who], Finding.FALSE)
    assert unchanged(concluding)


def test_a_direct_case_without_a_unit_cannot_be_found_true(campaign, dept_b, users):
    complaint = case_in(Status.DIRECT, campaign=campaign, department=None)
    with pytest.raises(Invalid) as refused:
        propose(complaint, users["clerk"], Finding.TRUE)
    assert "department" in refused.value.errors
    assert unchanged(complaint)
    propose(complaint, users["clerk"], Finding.TRUE, department=dept_b)
    complaint.refresh_from_db()
    assert complaint.status == Status.PROPOSED and complaint.department == dept_b


def test_a_late_direct_conclusion_marks_the_case(campaign, dept_a, users):
    complaint = case_in(
        Status.DIRECT,
        campaign=campaign,
        department=dept_a,
        close_due=timezone.localdate() - datetime.timedelta(days=3),
    )
    propose(complaint, users["clerk"], Finding.FALSE)
    complaint.refresh_from_db()
    assert complaint.was_late is True


# --- approval and the ledger -------------------------------------------------------------------


@pytest.mark.parametrize(
    "finding,kind,points",
    [
        (Finding.TRUE, ScoreKind.COMPLAINT_TRUE, Decimal("-1")),
        (Finding.PARTLY_TRUE, ScoreKind.COMPLAINT_PARTLY_TRUE, Decimal("-0.5")),
    ],
)
def test_approval_records_the_campaigns_deduction_traceable_to_the_case(
    campaign, dept_a, users, finding, kind, points
):
    complaint = found_true(campaign, dept_a, users, finding)
    assert complaint.status == Status.CONCLUDED
    assert complaint.conclusion_approved_by == users["leader"]
    assert complaint.concluded_at is not None
    (entry,) = entries_for_cause(complaint)
    assert entry.kind == kind and entry.points == points
    assert entry.department == dept_a and entry.campaign == campaign
    assert entry.cause == complaint
    assert entry.recorded_by == users["clerk"] and entry.confirmed_by == users["leader"]
    assert entry.dedupe_key == f"complaint:{complaint.pk}:finding:0"
    assert Notification.objects.filter(recipient=users["clerk"]).exists()


def test_the_campaigns_own_points_are_used(campaign, dept_a, users):
    campaign.points_complaint_true = Decimal("-1.5")
    campaign.save()
    complaint = found_true(campaign, dept_a, users)
    assert entries_for_cause(complaint).get().points == Decimal("-1.5")


@pytest.mark.parametrize("who", ["clerk", "admin"])
def test_only_a_leader_approves(concluding, users, who):
    propose(concluding, users["clerk"], Finding.TRUE)
    concluding.refresh_from_db()
    with pytest.raises(DomainError):
        approve(concluding, users[who])
    assert unchanged(concluding) and concluding.status == Status.PROPOSED
    assert not ScoreEntry.objects.exists()


def test_a_double_submit_records_once(client, concluding, users):
    propose(concluding, users["clerk"], Finding.TRUE)
    concluding.refresh_from_db()
    client.force_login(users["leader"])
    url = reverse("complaints:case_action", args=[concluding.pk, "approve_conclusion"])
    data = {"approve_conclusion-version": concluding.version}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == 302 and second.status_code == 409
    assert entries_for_cause(concluding).count() == 1
    with pytest.raises(StaleVersionError):
        approve(concluding, users["leader"])  # the old version, again
    assert entries_for_cause(concluding).count() == 1


def test_the_deduction_is_recorded_once_per_round(campaign, dept_a, users):
    complaint = found_true(campaign, dept_a, users)
    entry = entries_for_cause(complaint).get()
    assert (
        conclusion._settle_ledger(
            complaint, recorded_by=users["clerk"], confirmed_by=users["leader"], at=None
        )
        == entry
    )
    assert entries_for_cause(complaint).count() == 1


def _written():
    """What a step or the ledger writes."""
    return (
        ScoreEntry.objects.count(),
        StateChange.objects.count(),
        Notification.objects.count(),
        PublicNotice.objects.count(),
    )


def _close_assessment(campaign):
    campaign.assessment_closed_at = timezone.now()
    campaign.save()


CLOSED = "年度考核已结束"


@pytest.mark.parametrize("finding", [Finding.TRUE, Finding.PARTLY_TRUE])
def test_a_closed_assessment_refuses_the_approval_and_nothing_changes(
    client, campaign, concluding, users, finding
):
    propose(concluding, users["clerk"], finding)
    concluding.refresh_from_db()
    _close_assessment(campaign)
    written = _written()
    with pytest.raises(DomainError) as refused:
        approve(concluding, users["leader"])
    assert str(campaign.year) in str(refused.value)
    assert unchanged(concluding) and concluding.status == Status.PROPOSED
    assert not ScoreEntry.objects.exists() and _written() == written
    client.force_login(users["leader"])
    response = client.post(
        reverse("complaints:case_action", args=[concluding.pk, "approve_conclusion"]),
        {"approve_conclusion-version": concluding.version},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f"{campaign.year}{CLOSED}" in page
    assert 'data-status="proposed"' in page  # the page shows the case as it still is
    assert unchanged(concluding) and _written() == written


def test_a_closed_assessment_refuses_a_reexamination_that_would_reverse_the_deduction(
    client, campaign, dept_a, users
):
    complaint = found_true(campaign, dept_a, users)
    reopen(complaint)
    propose(complaint, users["clerk"], Finding.FALSE)
    complaint.refresh_from_db()
    assert complaint.status == Status.PROPOSED  # it would cancel the confirmed deduction
    _close_assessment(campaign)
    written = _written()
    client.force_login(users["leader"])
    response = client.post(
        reverse("complaints:case_action", args=[complaint.pk, "approve_conclusion"]),
        {"approve_conclusion-version": complaint.version},
    )
    assert response.status_code == 400
    assert f"{campaign.year}{CLOSED}" in response.content.decode()
    assert unchanged(complaint) and complaint.finding == Finding.FALSE
    assert _written() == written
    assert entries_for_cause(complaint).get().kind == ScoreKind.COMPLAINT_TRUE  # not reversed


def test_a_leader_sends_back_with_a_reason(concluding, users):
    propose(concluding, users["clerk"], Finding.TRUE)
    concluding.refresh_from_db()
    with pytest.raises(Invalid):
        conclusion.conclusion_send_back(
            complaint=concluding,
            user=users["leader"],
            expected_version=concluding.version,
            comment="",
        )
    with pytest.raises(DomainError):
        conclusion.conclusion_send_back(
            complaint=concluding,
            user=users["clerk"],
            expected_version=concluding.version,
            comment="x",
        )
    assert unchanged(concluding)
    conclusion.conclusion_send_back(
        complaint=concluding,
        user=users["leader"],
        expected_version=concluding.version,
        comment="证据不足，请补充调查。",
    )
    concluding.refresh_from_db()
    assert concluding.status == Status.CONCLUDING and concluding.finding == ""
    assert concluding.findings  # kept for the clerk to revise
    assert Notification.objects.filter(recipient=users["clerk"], verb__contains="证据不足").exists()
    assert not ScoreEntry.objects.exists()


def test_the_leader_approves_on_the_case_page(client, concluding, users):
    propose(concluding, users["clerk"], Finding.PARTLY_TRUE)
    concluding.refresh_from_db()
    client.force_login(users["leader"])
    page = client.get(concluding.get_absolute_url())
    assert 'data-action-form="approve_conclusion"' in page.content.decode()
    response = client.post(
        reverse("complaints:case_action", args=[concluding.pk, "approve_conclusion"]),
        {"approve_conclusion-version": concluding.version, "approve_conclusion-comment": ""},
    )
    assert response.status_code == 302
    concluding.refresh_from_db()
    assert concluding.status == Status.CONCLUDED


# --- re-examination ----------------------------------------------------------------------------


def reopen(complaint):
    """What the re-examination does (another module): back to work, with reexam_requested_at."""
    type(complaint).objects.filter(pk=complaint.pk).update(
        status=Status.CONCLUDING, reexam_requested_at=timezone.now()
    )
    complaint.refresh_from_db()


def test_reexamination_changing_the_finding_reverses_then_records(campaign, dept_a, users):
    complaint = found_true(campaign, dept_a, users)
    reopen(complaint)
    propose(complaint, users["clerk"], Finding.PARTLY_TRUE)
    complaint.refresh_from_db()
    approve(complaint, users["leader"])
    entries = list(entries_for_cause(complaint).order_by("id"))
    assert [e.kind for e in entries] == [
        ScoreKind.COMPLAINT_TRUE,
        ScoreKind.REVERSAL,
        ScoreKind.COMPLAINT_PARTLY_TRUE,
    ]
    assert entries[1].reverses == entries[0] and entries[1].note
    assert entries[2].dedupe_key.endswith(":finding:1")
    assert sum(e.points for e in entries) == Decimal("-0.5")


def test_reexamination_keeping_the_finding_records_nothing_more(campaign, dept_a, users):
    complaint = found_true(campaign, dept_a, users)
    reopen(complaint)
    propose(complaint, users["clerk"], Finding.TRUE)
    complaint.refresh_from_db()
    approve(complaint, users["leader"])
    assert entries_for_cause(complaint).count() == 1


def test_reexamination_found_not_true_needs_a_leader_and_cancels_the_deduction(
    campaign, dept_a, users
):
    complaint = found_true(campaign, dept_a, users)
    reopen(complaint)
    propose(complaint, users["clerk"], Finding.FALSE)
    complaint.refresh_from_db()
    assert complaint.status == Status.PROPOSED  # it would cancel a confirmed deduction
    approve(complaint, users["leader"])
    complaint.refresh_from_db()
    assert complaint.status == Status.CONCLUDED and complaint.finding == Finding.FALSE
    assert sum(e.points for e in entries_for_cause(complaint)) == 0


# --- accountability, public notice, typical case -----------------------------------------------


def test_accountability_only_after_an_approved_true_finding(campaign, dept_a, users):
    not_true = case_in(Status.CONCLUDED, campaign=campaign, department=dept_a)
    with pytest.raises(DomainError):
        conclusion.accountability_record(
            complaint=not_true, user=users["clerk"], expected_version=1,
            measure="criticism", person="王某，窗口科员",
        )  # fmt: skip
    complaint = found_true(campaign, dept_a, users)
    with pytest.raises(Invalid):
        conclusion.accountability_record(
            complaint=complaint, user=users["clerk"], expected_version=complaint.version,
            measure="criticism", person="",
        )  # fmt: skip
    conclusion.accountability_record(
        complaint=complaint, user=users["clerk"], expected_version=complaint.version,
        measure=Accountability.Measure.ADMONISHMENT, person="王某，窗口科员", note="已谈话",
    )  # fmt: skip
    assert Accountability.objects.get().complaint == complaint


def issue(complaint, user, title="关于县甲局窗口推诿问题的通报", body="经查属实，予以通报。"):
    return conclusion.public_notice_issue(
        complaint=complaint, user=user, expected_version=complaint.version, title=title, body=body
    )


def test_a_notice_only_for_a_case_found_true(campaign, dept_a, users):
    not_true = case_in(
        Status.CONCLUDED,
        campaign=campaign,
        department=dept_a,
        conclusion_approved_by=users["leader"],
    )
    with pytest.raises(DomainError):
        issue(not_true, users["clerk"])
    proposed = case_in(Status.PROPOSED, campaign=campaign, department=dept_a, finding="true")
    with pytest.raises(DomainError):
        issue(proposed, users["clerk"])
    assert not PublicNotice.objects.exists()


def test_the_notice_is_issued_once_approved_by_the_leader(campaign, dept_a, users):
    complaint = found_true(campaign, dept_a, users)
    with pytest.raises(DomainError):
        issue(complaint, users["leader"])  # the clerk drafts and issues it
    notice = issue(complaint, users["clerk"])
    assert notice.cause == complaint and notice.department == dept_a
    assert notice.campaign == campaign
    assert notice.issued_by == users["clerk"] and notice.approved_by == users["leader"]
    with pytest.raises(DomainError):
        issue(complaint, users["clerk"])
    assert PublicNotice.objects.count() == 1


def test_the_notice_draft_never_includes_the_complainant(campaign, dept_a, users):
    complaint = found_true(campaign, dept_a, users)
    Accountability.objects.create(
        complaint=complaint, measure="criticism", person="王某", recorded_by=users["clerk"]
    )
    title, body = conclusion.notice_text(complaint, measures=complaint.accountabilities.all())
    for text in (title, body):
        assert REAL_NAME not in text and REAL_PHONE not in text
        assert complaint.description not in text
    assert dept_a.name in body and "王某" in body


def test_the_notice_page_prefills_and_issues(client, campaign, dept_a, users):
    complaint = found_true(campaign, dept_a, users)
    client.force_login(users["clerk"])
    url = reverse("complaints:case_notice", args=[complaint.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["body"] and REAL_NAME not in page.content.decode()
    response = client.post(
        url, {"version": complaint.version, "title": "通报", "body": f"投诉人{REAL_NAME}反映"}
    )
    assert response.status_code == 400 and "body" in response.context["form"].errors
    assert not PublicNotice.objects.exists()
    response = client.post(url, {"version": complaint.version, "title": "通报", "body": "经查属实"})
    assert response.status_code == 302
    assert PublicNotice.objects.count() == 1
    assert client.get(url).status_code == 302  # once


@pytest.mark.parametrize(
    "body,refused",
    [
        (f"{REAL_NAME}到窗口办理业务时被推诿。", True),
        ("当事人（电话139-1234-5678）到窗口办理业务。", True),
        ("当事人（电话 139 1234 5678）到窗口办理业务。", True),
        ("某群众到窗口办理业务时被推诿，经查属实，已责令整改。", False),
    ],
)
def test_the_typical_case_is_anonymised(campaign, dept_a, users, body, refused):
    complaint = found_true(campaign, dept_a, users)
    kwargs = dict(
        complaint=complaint,
        user=users["clerk"],
        expected_version=complaint.version,
        title="窗口推诿被查实",
        body=body,
    )
    if refused:
        with pytest.raises(Invalid) as error:
            conclusion.typical_case_publish(**kwargs)
        message = " ".join(error.value.errors["body"])
        assert REAL_NAME not in message and REAL_PHONE not in message
        assert not TypicalCase.objects.exists()
    else:
        typical = conclusion.typical_case_publish(**kwargs)
        assert typical.complaint == complaint and typical.published_by == users["clerk"]
        with pytest.raises(DomainError):
            conclusion.typical_case_publish(**kwargs)
        assert TypicalCase.objects.count() == 1


def test_a_typical_case_only_for_a_case_found_true(campaign, dept_a, users):
    complaint = case_in(Status.CONCLUDED, campaign=campaign, department=dept_a)
    with pytest.raises(DomainError):
        conclusion.typical_case_publish(
            complaint=complaint, user=users["clerk"], expected_version=1, title="t", body="b"
        )


def test_the_publishing_links_show_on_the_page_until_used(client, campaign, dept_a, users):
    complaint = found_true(campaign, dept_a, users)
    client.force_login(users["clerk"])
    content = client.get(complaint.get_absolute_url()).content.decode()
    assert 'data-link="notice"' in content and 'data-link="typical_case"' in content
    assert 'data-action-form="accountability"' in content
    issue(complaint, users["clerk"])
    content = client.get(complaint.get_absolute_url()).content.decode()
    assert 'data-link="notice"' not in content and "data-notice" in content
