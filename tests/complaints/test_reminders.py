"""The daily deadline job on a fixed clock: reminders 3 and 1 working days before the reply
deadline across the 2025 National Day (10-01..08 off; 09-28 and 10-11 worked) and Spring Festival
(01-28..02-04 off; 01-26 and 02-08 worked), the 督办 the day after, the leaders told 5 working days
later; every day run twice, and nothing is sent or recorded twice."""

import datetime
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints.models import Complaint, Extension, Status
from complaints.services import replies
from complaints.services.reminders import deadline_checks_run, reply_period
from complaints.tasks import check_deadlines
from efficiency_center.decisions import Decision
from efficiency_center.lateness import LateFiling, once_key
from efficiency_center.notifications import Notification
from efficiency_center.schedules import PERIODIC_TASKS
from efficiency_center.scoring import ScoreEntry, ScoreKind
from efficiency_center.workflow import StateChange
from tests.complaints.factories import ComplaintFactory, forwarded_case, freeze_at
from tests.factories import CampaignFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
NOTHING = {"reminders": 0, "overdue": 0, "deductions": 0, "center_overdue": 0, "very_overdue": 0}


@pytest.fixture
def campaign(db):
    return CampaignFactory(year=2025)


def run_on(monkeypatch, day):
    freeze_at(monkeypatch, day, hour=8)
    return deadline_checks_run(day=day)


def _label(notification):
    parts = notification.dedupe_key.split(":")
    kind = parts[0].removeprefix("complaint-")
    return (kind + "-" + parts[3]) if kind == "remind" else kind


def simulate(monkeypatch, start, end):
    """Run the job twice on every day from `start` to `end`; the second run of a day must do
    nothing. Returns {day: sorted [(label, username)]} of what each day sent."""
    sent = {}
    seen = set(Notification.objects.values_list("pk", flat=True))
    counts = None
    day = start
    while day <= end:
        run_on(monkeypatch, day)
        counts = (
            Notification.objects.count(),
            StateChange.objects.count(),
            ScoreEntry.objects.count(),
        )
        assert run_on(monkeypatch, day) == NOTHING, day
        assert counts == (
            Notification.objects.count(),
            StateChange.objects.count(),
            ScoreEntry.objects.count(),
        )
        new = Notification.objects.exclude(pk__in=seen).select_related("recipient")
        if new:
            sent[day] = sorted((_label(n), n.recipient.username) for n in new)
            seen |= {n.pk for n in new}
        day += datetime.timedelta(days=1)
    return sent


def unit_got(label, unit="a"):
    return sorted([(label, f"head_{unit}"), (label, f"staff_{unit}")])


LEADERS_GOT = [("very-overdue", "clerk"), ("very-overdue", "leader")]


def test_national_day(monkeypatch, campaign, dept_a, users):
    # Forwarded Friday 09-26: 09-28 (Sunday, worked), 09-29, 09-30, then 10-09, 10-10, 10-11
    # (Saturday, worked), 10-13 … reply due Thursday 10-16.
    case = forwarded_case(
        campaign=campaign, department=dept_a, on=D(2025, 9, 26), accepted_on=D(2025, 9, 25)
    )
    assert case.reply_due == D(2025, 10, 16)
    assert case.very_overdue_on == D(2025, 10, 23)
    sent = simulate(monkeypatch, D(2025, 9, 26), D(2025, 10, 31))
    assert sent == {
        D(2025, 10, 13): unit_got("remind-3"),
        D(2025, 10, 15): unit_got("remind-1"),
        D(2025, 10, 17): unit_got("overdue"),
        D(2025, 10, 23): LEADERS_GOT,
    }
    case.refresh_from_db()
    assert case.status == Status.FORWARDED
    assert timezone.localdate(case.overdue_notified_at) == D(2025, 10, 17)
    assert timezone.localdate(case.very_overdue_notified_at) == D(2025, 10, 23)
    entry = ScoreEntry.objects.get()
    assert (entry.kind, entry.department) == (ScoreKind.REPLY_OVERDUE, dept_a)
    assert entry.points == campaign.points_reply_overdue
    # Its cause is the late filing of the case's reply (efficiency_center.lateness), once per
    # forwarding round.
    late = entry.cause
    assert isinstance(late, LateFiling) and late.subject == case
    assert (late.source, late.deadline) == ("complaints", D(2025, 10, 16))
    assert late.period.startswith(f"complaints:reply:{case.pk}:")
    assert entry.dedupe_key == once_key(campaign, dept_a, late.period)
    assert case.number in entry.note
    assert timezone.localdate(entry.created_at) == D(2025, 10, 17)
    steps = StateChange.objects.filter(object_id=case.pk, content_type__model="complaint")
    assert [(s.action, s.from_state, s.to_state) for s in steps] == [
        ("remind", "forwarded", "forwarded"),
        ("remind", "forwarded", "forwarded"),
        ("escalate", "forwarded", "forwarded"),
        ("escalate", "forwarded", "forwarded"),
    ]
    # Unit users are told the case by its number only; the link is the unit's page.
    notice = Notification.objects.filter(recipient=users["staff_a"]).first()
    assert case.number in notice.verb and "张三丰" not in notice.verb
    assert notice.url == f"/complaints/unit/{case.pk}/"


def test_reminders_before_a_deadline_right_after_national_day(monkeypatch, campaign, dept_a, users):
    # Forwarded 09-19: reply due Friday 10-10. Three working days before: 09-29 (09-30, 10-09,
    # 10-10); one: 10-09. The day after: the worked Saturday 10-11. Very overdue from 10-16.
    case = forwarded_case(campaign=campaign, department=dept_a, on=D(2025, 9, 19))
    assert case.reply_due == D(2025, 10, 10)
    sent = simulate(monkeypatch, D(2025, 9, 19), D(2025, 10, 20))
    assert sent == {
        D(2025, 9, 29): unit_got("remind-3"),
        D(2025, 10, 9): unit_got("remind-1"),
        D(2025, 10, 11): unit_got("overdue"),
        D(2025, 10, 16): LEADERS_GOT,
    }


def test_spring_festival(monkeypatch, campaign, dept_a, dept_b, users):
    # Forwarded Friday 01-17: 01-20..24, 01-26 (Sunday, worked), 01-27, then 02-05, 02-06,
    # 02-07: due Friday 02-07. Three working days before: 01-27, across the holiday.
    before = forwarded_case(campaign=campaign, department=dept_a, on=D(2025, 1, 17))
    # Forwarded Monday 01-20: due on the worked Saturday 02-08.
    on_saturday = forwarded_case(campaign=campaign, department=dept_b, on=D(2025, 1, 20))
    assert (before.reply_due, on_saturday.reply_due) == (D(2025, 2, 7), D(2025, 2, 8))
    sent = simulate(monkeypatch, D(2025, 1, 17), D(2025, 2, 20))
    assert sent == {
        D(2025, 1, 27): unit_got("remind-3", "a"),
        D(2025, 2, 5): unit_got("remind-3", "b"),
        D(2025, 2, 6): unit_got("remind-1", "a"),
        D(2025, 2, 7): unit_got("remind-1", "b"),
        D(2025, 2, 8): unit_got("overdue", "a"),
        D(2025, 2, 9): unit_got("overdue", "b"),
        D(2025, 2, 13): LEADERS_GOT,  # 02-08, 10, 11, 12, 13
        D(2025, 2, 14): LEADERS_GOT,  # 02-10 … 02-14
    }
    assert ScoreEntry.objects.filter(kind=ScoreKind.REPLY_OVERDUE).count() == 2


def test_a_missed_day_is_not_made_up(monkeypatch, campaign, dept_a, users):
    forwarded_case(campaign=campaign, department=dept_a, on=D(2025, 9, 26))
    assert run_on(monkeypatch, D(2025, 10, 14)) == NOTHING  # the 10-13 run did not happen
    assert not Notification.objects.exists()
    assert run_on(monkeypatch, D(2025, 10, 15))["reminders"] == 2


def test_a_missed_day_after_still_escalates(monkeypatch, campaign, dept_a, users):
    forwarded_case(campaign=campaign, department=dept_a, on=D(2025, 9, 26))
    summary = run_on(monkeypatch, D(2025, 10, 20))  # nothing ran on 10-17
    assert (summary["overdue"], summary["deductions"]) == (1, 1)


def test_the_reminder_days_are_a_campaign_setting(monkeypatch, campaign, dept_a, users):
    campaign.complaint_reminder_workdays = [5]
    campaign.save()
    forwarded_case(campaign=campaign, department=dept_a, on=D(2025, 9, 26))
    sent = simulate(monkeypatch, D(2025, 10, 9), D(2025, 10, 16))
    # (10-10, 10-16] holds 10-11 (worked Saturday), 10-13, 10-14, 10-15 and 10-16.
    assert sent == {D(2025, 10, 10): unit_got("remind-5")}


def test_a_closed_assessment_takes_no_deduction(
    monkeypatch, caplog, campaign, dept_a, dept_b, users
):
    campaign.assessment_closed_at = timezone.now()
    campaign.save()
    case = forwarded_case(campaign=campaign, department=dept_a, on=D(2025, 9, 26))
    # A case of the next year's campaign, whose assessment is open, overdue the same day.
    other = forwarded_case(
        campaign=CampaignFactory(year=2026), department=dept_b, on=D(2025, 9, 26)
    )
    with caplog.at_level(logging.WARNING, logger="efficiency_center.lateness"):
        summary = run_on(monkeypatch, D(2025, 10, 17))
    # The closed year's deduction is a logged skip; the job goes on with the other case.
    assert (summary["overdue"], summary["deductions"]) == (2, 1)
    assert [r.getMessage() for r in caplog.records] == [
        f"complaints: A01 late for {reply_period(case)}, but the 2025 assessment is closed; "
        "nothing recorded"
    ]
    # Nothing half-written for the closed year: no ledger entry, no late filing.
    assert not ScoreEntry.objects.filter(campaign=campaign).exists()
    assert not LateFiling.objects.filter(campaign=campaign).exists()
    assert ScoreEntry.objects.get().cause.subject == other
    # The notices still go out and the timeline says so.
    assert Notification.objects.filter(recipient=users["head_a"]).count() == 1
    assert Complaint.objects.get(pk=case.pk).overdue_notified_at is not None
    assert run_on(monkeypatch, D(2025, 10, 17)) == NOTHING


def test_a_pending_extension_holds_the_escalation(monkeypatch, campaign, dept_a, users):
    case = forwarded_case(campaign=campaign, department=dept_a, on=D(2025, 9, 26))
    extension = Extension.objects.create(
        complaint=case,
        workdays=3,
        reason="需调取监控",
        requested_by=users["head_a"],
        old_due=case.reply_due,
        new_due=D(2025, 10, 21),
    )
    assert run_on(monkeypatch, D(2025, 10, 17))["overdue"] == 0
    Extension.objects.filter(pk=extension.pk).update(decision=Decision.REFUSED)
    assert run_on(monkeypatch, D(2025, 10, 20))["overdue"] == 1


def test_no_escalation_once_the_reply_arrived_in_time(monkeypatch, campaign, dept_a, users):
    case = forwarded_case(
        campaign=campaign, department=dept_a, on=D(2025, 9, 26), accepted_on=D(2025, 9, 25)
    )
    freeze_at(monkeypatch, D(2025, 10, 14))
    replies.reply_save(
        complaint=case,
        user=users["staff_a"],
        expected_version=None,
        data={"facts": "已核实", "actions_taken": "已整改"},
    )
    reply = replies.current_reply(case)
    replies.reply_step(
        complaint=case, user=users["head_a"], action="submit", expected_version=reply.version
    )
    sent = simulate(monkeypatch, D(2025, 10, 14), D(2025, 10, 22))  # close due 10-22
    assert sent == {}  # no reminder after the reply, no 督办, the closing deadline not past
    assert not ScoreEntry.objects.exists()


def test_a_late_reply_moves_the_case_to_the_centers_deadline(monkeypatch, campaign, dept_a, users):
    # Reply due 10-16, closing due 10-22. The 督办 goes out on 10-17; the reply arrives on
    # 10-20; the center then misses the closing deadline: the clerks get the 督办 on 10-23 and
    # the leaders are told 5 working days after 10-22, on 10-29 (not on 10-23).
    case = forwarded_case(
        campaign=campaign, department=dept_a, on=D(2025, 9, 26), accepted_on=D(2025, 9, 25)
    )
    assert case.close_due == D(2025, 10, 22)
    simulate(monkeypatch, D(2025, 10, 17), D(2025, 10, 17))
    freeze_at(monkeypatch, D(2025, 10, 20))
    replies.reply_save(
        complaint=case,
        user=users["staff_a"],
        expected_version=None,
        data={"facts": "已核实", "actions_taken": "已整改"},
    )
    reply = replies.current_reply(case)
    replies.reply_step(
        complaint=case, user=users["head_a"], action="submit", expected_version=reply.version
    )
    case.refresh_from_db()
    assert (case.status, case.very_overdue_on) == (Status.REPLIED, D(2025, 10, 29))
    Notification.objects.all().delete()
    sent = simulate(monkeypatch, D(2025, 10, 20), D(2025, 10, 31))
    assert sent == {
        D(2025, 10, 23): [("overdue-center", "clerk")],
        D(2025, 10, 29): LEADERS_GOT,
    }
    assert ScoreEntry.objects.count() == 1  # the unit's, once


def test_a_case_the_center_investigates(monkeypatch, campaign, dept_a, users):
    accepted = timezone.make_aware(datetime.datetime(2025, 9, 25, 9))
    case = ComplaintFactory(
        campaign=campaign,
        department=dept_a,
        status=Status.DIRECT,
        filed_at=accepted,
        accepted_at=accepted,
        close_due=D(2025, 10, 22),
        very_overdue_on=D(2025, 10, 29),
    )
    sent = simulate(monkeypatch, D(2025, 10, 20), D(2025, 10, 31))
    assert sent == {
        D(2025, 10, 23): [("overdue-center", "clerk")],
        D(2025, 10, 29): LEADERS_GOT,
    }
    assert not ScoreEntry.objects.exists()  # no unit deduction for the center's own case
    assert Complaint.objects.get(pk=case.pk).status == Status.DIRECT


def test_closed_and_unforwarded_cases_are_left_alone(monkeypatch, campaign, dept_a, users):
    forwarded_case(campaign=campaign, department=dept_a, on=D(2025, 9, 26), status=Status.CLOSED)
    ComplaintFactory(campaign=campaign, department=dept_a, status=Status.REGISTERED)
    assert simulate(monkeypatch, D(2025, 10, 10), D(2025, 11, 5)) == {}


def _queries(monkeypatch, day):
    freeze_at(monkeypatch, day, hour=8)
    with CaptureQueriesContext(connection) as context:
        deadline_checks_run(day=day)
    return len(context)


@pytest.mark.parametrize("size,extra_staff", [(3, 0), (12, 6)])
def test_the_job_runs_a_bounded_number_of_queries(
    monkeypatch, campaign, dept_a, dept_b, users, size, extra_staff
):
    for i in range(size):
        forwarded_case(campaign=campaign, department=dept_a if i % 2 else dept_b, on=D(2025, 9, 26))
    for i in range(extra_staff):
        UserFactory(username=f"more_staff_{i}", role="staff", department=dept_a)
    quiet = _queries(monkeypatch, D(2025, 10, 10))  # nothing due
    first = _queries(monkeypatch, D(2025, 10, 13))  # every case reminded
    again = _queries(monkeypatch, D(2025, 10, 13))  # all already sent
    # Nothing to do and everything already done: the same count whatever the size (the second
    # also reads the unit's users and the reminders already sent, one query each).
    assert (quiet, again) == (6, 8)
    # Doing it costs the same per case, whatever the number of the unit's users.
    # The system user once; per case: its savepoint and row lock, the notices sent (check, one
    # insert for all the unit's users), and the "remind" step (its savepoint, row lock, update,
    # StateChange, audit event).
    assert first - again == 1 + 11 * size


def test_the_task_and_its_schedule(monkeypatch, campaign, dept_a, users):
    forwarded_case(campaign=campaign, department=dept_a, on=D(2025, 9, 26))
    freeze_at(monkeypatch, D(2025, 10, 17), hour=8)
    result = check_deadlines.delay("2025-10-17").get()
    assert (result["overdue"], result["deductions"]) == (1, 1)
    assert check_deadlines("2025-10-17") == NOTHING
    task, crontab = next(v for v in PERIODIC_TASKS.values() if v[0].startswith("complaints."))
    assert task == "complaints.tasks.check_deadlines"
    assert crontab == {"minute": "30", "hour": "8"}
