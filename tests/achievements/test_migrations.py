"""The missed quarterly deadlines recorded before achievements moved onto the core's late filings
are carried over: one LateFiling each, the ledger's entries (and a reversal) pointing at it, and
the once-only key the core's late_filing_record looks for, so that the job does not deduct again."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("achievements", "0002_default_categories")]


def migrate(targets):
    """Migrate to `targets`; the models as every migration now applied leaves them."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


def test_missed_deadlines_become_late_filings():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(BEFORE)
    try:
        ContentType = old.get_model("contenttypes", "ContentType")
        Campaign = old.get_model("efficiency_center", "Campaign")
        Department = old.get_model("efficiency_center", "Department")
        User = old.get_model("efficiency_center", "User")
        MissedDeadline = old.get_model("achievements", "MissedDeadline")
        ScoreEntry = old.get_model("efficiency_center", "ScoreEntry")
        day = datetime.date(2026, 3, 20)
        campaign = Campaign.objects.create(
            year=2026, name="活动", start_date=day, end_date=datetime.date(2026, 12, 25),
            plan_deadline=day, q1_deadline=day, q2_deadline=datetime.date(2026, 6, 20),
            q3_deadline=datetime.date(2026, 9, 20), q4_deadline=datetime.date(2026, 12, 20),
        )  # fmt: skip
        unit = Department.objects.create(code="A01", name="县甲局", short_name="甲局")
        clerk = User.objects.create(username="clerk", role="clerk")
        missed = MissedDeadline.objects.create(campaign=campaign, department=unit, quarter=2)
        missed_type, _created = ContentType.objects.get_or_create(
            app_label="achievements", model="misseddeadline"
        )
        entry = ScoreEntry.objects.create(
            department=unit, campaign=campaign, kind="report_late", points=-0.5,
            cause_type=missed_type, cause_id=missed.pk, recorded_by=clerk, note="Q2",
            dedupe_key=f"achievements-late:{campaign.pk}:{unit.pk}:Q2",
        )  # fmt: skip
        ScoreEntry.objects.create(
            department=unit, campaign=campaign, kind="reversal", points=0.5, reverses=entry,
            cause_type=missed_type, cause_id=missed.pk, recorded_by=clerk,
        )  # fmt: skip
    finally:
        new = migrate(leaves)
    LateFiling = new.get_model("efficiency_center", "LateFiling")
    ScoreEntry = new.get_model("efficiency_center", "ScoreEntry")
    ContentType = new.get_model("contenttypes", "ContentType")
    late = LateFiling.objects.get()
    assert (late.source, late.period, late.deadline) == (
        "achievements",
        "achievements:Q2",
        datetime.date(2026, 6, 20),
    )
    assert late.what == "二季度服务实绩" and late.recorded_at == missed.recorded_at
    late_type = ContentType.objects.get(app_label="efficiency_center", model="latefiling")
    entries = ScoreEntry.objects.order_by("id")
    assert [(e.cause_type_id, e.cause_id) for e in entries] == [(late_type.pk, late.pk)] * 2
    assert entries[0].dedupe_key == f"late:{campaign.pk}:{unit.pk}:achievements:Q2"
    assert entries[1].dedupe_key is None
    # The job, run again, finds the deduction already made.
    from efficiency_center.lateness import late_filing_record
    from efficiency_center.models import Campaign as CurrentCampaign
    from efficiency_center.models import Department as CurrentDepartment

    again = late_filing_record(
        campaign=CurrentCampaign.objects.get(pk=campaign.pk),
        department=CurrentDepartment.objects.get(pk=unit.pk),
        source="achievements",
        period="achievements:Q2",
        deadline=datetime.date(2026, 6, 20),
        what="二季度服务实绩",
    )
    assert again.pk == late.pk and ScoreEntry.objects.count() == 2
