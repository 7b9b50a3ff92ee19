"""The data migrations of the move onto the core: supervision notices issued before it read as
"approved" (still shown as issued), and the daily job's REPLY_OVERDUE deductions get a late
filing of the case as their cause, with the core's once-key."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("complaints", "0002_overdue_notice")]
AFTER = [("complaints", "0004_reply_overdue_late_filings")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_notices_and_reply_overdue_deductions_are_carried_over():
    old = _migrate(BEFORE)
    try:
        ContentType = old.get_model("contenttypes", "ContentType")
        Department = old.get_model("efficiency_center", "Department")
        Campaign = old.get_model("efficiency_center", "Campaign")
        User = old.get_model("efficiency_center", "User")
        Complaint = old.get_model("complaints", "Complaint")
        OverdueNotice = old.get_model("complaints", "OverdueNotice")
        ScoreEntry = old.get_model("efficiency_center", "ScoreEntry")
        unit = Department.objects.create(code="M01", name="县迁移局", short_name="迁移局")
        year = timezone.localdate().year
        campaign = Campaign.objects.create(
            year=year,
            name="迁移",
            start_date=datetime.date(year, 3, 1),
            end_date=datetime.date(year, 12, 25),
            plan_deadline=datetime.date(year, 3, 20),
            q1_deadline=datetime.date(year, 3, 20),
            q2_deadline=datetime.date(year, 6, 20),
            q3_deadline=datetime.date(year, 9, 20),
            q4_deadline=datetime.date(year, 12, 20),
        )
        clerk = User.objects.create(username="migration_clerk", role="clerk")
        forwarded = timezone.make_aware(datetime.datetime(year, 3, 2, 10))
        case = Complaint.objects.create(
            campaign=campaign,
            number=f"TS{year}-90001",
            channel="web",
            kind="attitude",
            department=unit,
            description="迁移前的投诉",
            status="forwarded",
            registered_by=clerk,
            acceptance_due=datetime.date(year, 3, 4),
            forwarded_at=forwarded,
            reply_due=datetime.date(year, 3, 16),
        )
        issued = OverdueNotice.objects.create(
            complaint=case, title="督办", body="逾期", drafted_by=clerk, decision="issued"
        )
        pending = OverdueNotice.objects.create(
            complaint=case, title="督办", body="逾期", drafted_by=clerk
        )
        stamp = forwarded.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S.%f")
        complaint_type = ContentType.objects.get(app_label="complaints", model="complaint")
        entry = ScoreEntry.objects.create(
            department=unit,
            campaign=campaign,
            kind="reply_overdue",
            points=-0.5,
            cause_type=complaint_type,
            cause_id=case.pk,
            recorded_by=clerk,
            note="逾期答复",
            dedupe_key=f"complaint-reply-overdue:{case.pk}:{stamp}",
        )
        found = ScoreEntry.objects.create(
            department=unit,
            campaign=campaign,
            kind="complaint_true",
            points=-1,
            cause_type=complaint_type,
            cause_id=case.pk,
            recorded_by=clerk,
            dedupe_key=f"complaint:{case.pk}:finding:0",
        )
    finally:
        new = _migrate(AFTER)
    OverdueNotice = new.get_model("complaints", "OverdueNotice")
    ScoreEntry = new.get_model("efficiency_center", "ScoreEntry")
    LateFiling = new.get_model("efficiency_center", "LateFiling")
    ContentType = new.get_model("contenttypes", "ContentType")
    assert OverdueNotice.objects.get(pk=issued.pk).decision == "approved"
    assert OverdueNotice.objects.get(pk=pending.pk).decision == "pending"
    late = LateFiling.objects.get()
    period = f"complaints:reply:{case.pk}:{stamp}"
    assert (late.source, late.period, late.deadline) == ("complaints", period, case.reply_due)
    assert (late.subject_type.model, late.subject_id) == ("complaint", case.pk)
    moved = ScoreEntry.objects.get(pk=entry.pk)
    late_type = ContentType.objects.get(app_label="efficiency_center", model="latefiling")
    assert (moved.cause_type_id, moved.cause_id) == (late_type.pk, late.pk)
    assert moved.dedupe_key == f"late:{campaign.pk}:{unit.pk}:{period}"
    # The deduction of a finding keeps the case as its cause.
    kept = ScoreEntry.objects.get(pk=found.pk)
    assert (kept.cause_type.model, kept.cause_id) == ("complaint", case.pk)
    # The job, run again for that round, finds the deduction already recorded.
    from complaints.services.reminders import reply_period

    assert reply_period(case) == period
