"""The per-unit view (八查八看): every app's year of one unit on one page, the complaints by
number, kind, status and finding only, and one dated timeline."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from achievements.models import Achievement
from efficiency_center.notices import issue_notice
from efficiency_center.review import State
from efficiency_center.workflow import record_history, workflow_for
from tests.achievements.factories import AchievementFactory, verified
from tests.assessment.factories import ComplaintOfUnit, FollowUpFactory, breach
from tests.assessment.html import parse
from tests.complaints.factories import REAL_NAME, REAL_PHONE, ComplaintFactory
from tests.practice_projects.factories import approved_project, file_progress

pytestmark = pytest.mark.django_db


def unit_page(client, user, code="A01"):
    client.force_login(user)
    response = client.get(reverse("assessment:unit", args=[code]))
    assert response.status_code == 200
    return response


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def year_of_a(campaign, dept_a, users, ledger):
    """县甲局's year beyond the ledger: a project with a Q1 progress report, achievements,
    complaints with follow-ups, a pending breach (center only) and a public notice."""
    project = approved_project(campaign, users)
    file_progress(project, users["staff_a"], quarter=1)
    deed = verified(campaign=campaign, department=dept_a, quarter=2, title="企业开办一窗通办")
    record_history(
        deed, action="approve", from_state="submitted", to_state="approved", actor=users["clerk"]
    )
    pledge = ledger["causes"]["broken"].item.pledge
    record_history(
        pledge, action="publish", from_state="approved", to_state="published",
        actor=users["clerk"],
    )  # fmt: skip
    AchievementFactory(campaign=campaign, department=dept_a, quarter=3, is_late=True)
    on_time = ComplaintOfUnit(
        campaign=campaign,
        department=dept_a,
        kind="inefficiency",
        status="closed",
        finding="partly_true",
        concluded_at=timezone.now(),
    )
    late = ComplaintOfUnit(
        campaign=campaign,
        department=dept_a,
        status="closed",
        finding="false",
        concluded_at=timezone.now(),
        was_late=True,
    )
    FollowUpFactory(complaint=on_time, satisfaction=5)
    FollowUpFactory(complaint=late, satisfaction=2)
    FollowUpFactory(complaint=ledger["causes"]["complaint"], satisfaction=4)
    not_forwarded = ComplaintFactory(campaign=campaign, department=dept_a, number="TS-NOTYET")
    record_history(
        on_time, action="forward", from_state="accepted", to_state="forwarded",
        actor=users["clerk"], comment="投诉人张三丰反映窗口态度问题",
    )  # fmt: skip
    pending = breach(campaign, dept_a, recorded_by=users["clerk"], decision="pending", quarter=2)
    notice = issue_notice(
        campaign=campaign,
        department=dept_a,
        title="关于县甲局有诺不践的通报",
        body="……",
        cause=ledger["causes"]["broken"],
        issued_by=users["clerk"],
        approved_by=users["leader"],
    )
    return {
        "project": project,
        "on_time": on_time,
        "late": late,
        "not_forwarded": not_forwarded,
        "pending": pending,
        "notice": notice,
    }


class TestSections:
    def test_the_center_sees_everything_of_the_year(self, client, users, year_of_a):
        response = unit_page(client, users["leader"])
        context = response.context
        assert context["pledges"]["current"].state == State.PUBLISHED
        assert context["pledges"]["broken_confirmed"] == 1
        assert {b.decision for b in context["pledges"]["broken"]} == {"approved", "pending"}
        [project] = context["projects"]["projects"]
        assert project.quarter_cells[0] is not None and project.quarter_cells[1] is None
        assert project.milestones_summary["total"] == 2
        achievements = context["achievements"]
        # The ledger fixture's three (two verified), a verified one and a late one.
        assert achievements["verified"] == 3 and achievements["late"] == 1
        complaints = context["complaints"]
        assert complaints["count"] == 4  # the ledger's one, two more, one not forwarded yet
        assert complaints["found_true"] == 1 and complaints["partly_true"] == 1
        assert complaints["not_true"] == 1
        assert complaints["concluded"] == 2 and complaints["on_time"] == 1
        assert complaints["late"] == 1
        assert complaints["satisfaction"] == pytest.approx((5 + 2 + 4) / 3)
        assert context["score"].total == Decimal("2.5")
        assert [n.title for n in context["notices"]] == ["关于县甲局有诺不践的通报"]
        soup = parse(response.content)
        assert soup.select_one('[data-stat="satisfaction"]').get_text().startswith("3.67")
        assert soup.select_one('[data-figure="total"]').get_text() == "2.5"
        assert soup.select_one('[data-section="ledger"] [data-capped]')

    def test_a_unit_sees_its_forwarded_complaints_and_decided_breaches(
        self, client, users, year_of_a
    ):
        context = unit_page(client, users["staff_a"]).context
        numbers = {c.number for c in context["complaints"]["complaints"]}
        assert "TS-NOTYET" not in numbers and len(numbers) == 3
        assert {b.decision for b in context["pledges"]["broken"]} == {"approved"}

    def test_never_the_complainant_nor_the_complaint(self, client, users, year_of_a):
        for role in ("leader", "staff_a", "head_a"):
            page = unit_page(client, users[role]).content.decode()
            assert REAL_NAME not in page and REAL_PHONE not in page
            assert "窗口工作人员态度生硬" not in page  # the factory's description
            assert year_of_a["on_time"].number in page

    def test_a_head_opens_a_sub_unit(self, client, users, ledger):
        context = unit_page(client, users["head_a"], "A01S").context
        assert context["unit"].code == "A01S"
        assert context["score"].total == Decimal("-0.5")


class TestTimeline:
    def test_one_list_across_the_apps_newest_first(self, client, users, year_of_a):
        timeline = unit_page(client, users["clerk"]).context["timeline"]
        sources = {event["source"] for event in timeline}
        assert sources == {"pledges", "projects", "achievements", "complaints", "ledger", "notice"}
        approved = next(e for e in timeline if e["source"] == "achievements")
        assert approved["text"] == "企业开办一窗通办"
        # The step's label in the achievement's table.
        assert str(approved["action"]) == str(workflow_for(Achievement).label("approve"))
        published = next(e for e in timeline if e["source"] == "pledges")
        assert published["text"] == "Public pledge, revision 1" and published["url"]
        moments = [event["at"] for event in timeline]
        assert moments == sorted(moments, reverse=True)

    def test_complaint_steps_show_no_comment(self, client, users, year_of_a):
        timeline = unit_page(client, users["clerk"]).context["timeline"]
        [forwarded] = [e for e in timeline if e["source"] == "complaints"]
        assert forwarded["text"].startswith(year_of_a["on_time"].number)
        assert forwarded["comment"] == ""
        assert str(forwarded["action"]) == "Forwarded to the unit"

    def test_complaint_steps_link_each_reader_to_a_page_they_may_open(
        self, client, users, year_of_a
    ):
        case = year_of_a["on_time"]
        for role, url in (
            ("clerk", case.get_absolute_url()),
            ("staff_a", reverse("complaints:unit_case", args=[case.pk])),
        ):
            timeline = unit_page(client, users[role]).context["timeline"]
            [step] = [e for e in timeline if e["source"] == "complaints"]
            assert step["url"] == url
            assert client.get(url).status_code == 200

    def test_dated_events_in_order(self, client, users, campaign, dept_a):
        from efficiency_center.scoring import ScoreKind, record_score
        from tests.assessment.factories import missed_deadline

        older = record_score(
            department=dept_a, campaign=campaign, kind=ScoreKind.REPORT_LATE,
            cause=missed_deadline(campaign, dept_a, 1), recorded_by=users["clerk"],
        )  # fmt: skip
        notice = issue_notice(
            campaign=campaign, department=dept_a, title="通报", body="……", cause=None,
            issued_by=users["clerk"], approved_by=users["leader"],
        )  # fmt: skip
        type(notice).objects.filter(pk=notice.pk).update(published_at=at(datetime.date(2026, 1, 5)))
        timeline = unit_page(client, users["clerk"]).context["timeline"]
        assert [e["source"] for e in timeline] == ["ledger", "notice"]
        assert timeline[0]["at"] == older.created_at

    def test_the_timeline_is_capped(self, client, users, campaign, dept_a, monkeypatch):
        from assessment.selectors import timeline
        from efficiency_center.scoring import ScoreKind, record_score
        from tests.assessment.factories import missed_deadline

        monkeypatch.setattr(timeline, "TIMELINE_LIMIT", 3)
        for quarter in (1, 2, 3, 4):
            record_score(
                department=dept_a, campaign=campaign, kind=ScoreKind.REPORT_LATE,
                cause=missed_deadline(campaign, dept_a, quarter), recorded_by=users["clerk"],
            )  # fmt: skip
        assert len(unit_page(client, users["clerk"]).context["timeline"]) == 3


def test_a_units_ledger_links_no_center_desk(client, users, ledger):
    entries = unit_page(client, users["staff_a"]).context["entries"]
    missed = next(e for e in entries if e.pk == ledger["missed"].pk)
    assert missed.cause_url == "" and "2026" in missed.cause_text
    broken = next(e for e in entries if e.pk == ledger["broken"].pk)
    assert broken.cause_url == ledger["causes"]["broken"].get_absolute_url()
    entries = unit_page(client, users["clerk"]).context["entries"]
    missed = next(e for e in entries if e.pk == ledger["missed"].pk)
    assert missed.cause_url == reverse("achievements:desk") + "?year=2026"


def test_a_late_reply_links_each_reader_to_the_case(client, users, ledger, campaign, dept_a):
    from efficiency_center.scoring import ScoreKind, record_score
    from tests.assessment.factories import late_filing

    complaint = ledger["causes"]["complaint"]
    late = late_filing(
        campaign, dept_a, subject=complaint, period=f"complaints:reply:{complaint.pk}"
    )
    overdue = record_score(
        department=dept_a, campaign=campaign, kind=ScoreKind.REPLY_OVERDUE, cause=late,
        recorded_by=users["clerk"],
    )  # fmt: skip
    entries = unit_page(client, users["clerk"]).context["entries"]
    row = next(e for e in entries if e.pk == overdue.pk)
    assert row.cause_url == complaint.get_absolute_url() and "投诉答复" in row.cause_text
    entries = unit_page(client, users["staff_a"]).context["entries"]
    row = next(e for e in entries if e.pk == overdue.pk)
    assert row.cause_url == complaint.get_unit_url()


def test_a_replys_steps_name_the_case_and_show_no_comment(client, users, ledger):
    from complaints.models import Reply

    complaint = ledger["causes"]["complaint"]
    reply = Reply.objects.create(
        complaint=complaint, department=complaint.department, facts="经查，投诉人张三丰所述属实",
        created_by=users["staff_a"],
    )  # fmt: skip
    record_history(
        reply, action="submit", from_state="draft", to_state="submitted", actor=users["head_a"],
        comment="投诉人张三丰的诉求已办结",
    )  # fmt: skip
    timeline = unit_page(client, users["head_a"]).context["timeline"]
    [step] = [e for e in timeline if e["source"] == "complaints"]
    assert step["text"] == f"Reply to {complaint.number}"
    # The label of the reply's own table (complaints/workflows.py).
    assert str(step["action"]) == "Signed off by the head" and step["comment"] == ""
    page = unit_page(client, users["head_a"]).content.decode()
    assert REAL_NAME not in page
