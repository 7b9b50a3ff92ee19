"""Late filings: one mechanism for every app's deadline job."""

import datetime
import logging
from decimal import Decimal

import pytest
from django.utils import timezone

from efficiency_center.lateness import LateFiling, late_filing_record
from efficiency_center.scoring import ScoreEntry, ScoreKind

pytestmark = pytest.mark.django_db
DEADLINE = datetime.date(2026, 6, 20)


def record(campaign, department, period="achievements:Q2", **kwargs):
    return late_filing_record(
        campaign=campaign,
        department=department,
        source="achievements",
        period=period,
        deadline=DEADLINE,
        what="第二季度服务实绩",
        **kwargs,
    )


def test_recorded_once_with_its_deduction(campaign, dept_a):
    at = timezone.make_aware(datetime.datetime(2026, 6, 23, 8))
    row = record(campaign, dept_a, at=at)
    again = record(campaign, dept_a)
    assert row == again and LateFiling.objects.count() == 1
    entry = ScoreEntry.objects.get()
    assert entry.cause == row and entry.kind == ScoreKind.REPORT_LATE
    assert entry.points == Decimal("-0.5") and entry.created_at == at
    assert entry.recorded_by.username == "system"
    assert str(row) in entry.note and row.recorded_at == at


def test_another_period_or_unit_is_another_filing(campaign, dept_a, dept_b):
    record(campaign, dept_a)
    record(campaign, dept_a, period="achievements:Q3")
    record(campaign, dept_b)
    assert LateFiling.objects.count() == ScoreEntry.objects.count() == 3


def test_a_subject_and_another_kind(campaign, dept_a, dept_b):
    row = record(
        campaign, dept_a, period="complaints:reply:1:0", subject=dept_b, kind="reply_overdue"
    )
    assert row.subject == dept_b and ScoreEntry.objects.get().kind == ScoreKind.REPLY_OVERDUE


def test_with_the_assessment_closed_nothing_is_written_and_the_skip_is_logged(
    campaign, dept_a, caplog
):
    campaign.assessment_closed_at = timezone.now()
    campaign.save()
    with caplog.at_level(logging.WARNING, logger="efficiency_center.lateness"):
        assert record(campaign, dept_a) is None
    assert not LateFiling.objects.exists() and not ScoreEntry.objects.exists()
    assert "closed" in caplog.text and dept_a.code in caplog.text


def test_a_filing_recorded_before_closing_is_not_recorded_again(campaign, dept_a):
    row = record(campaign, dept_a)
    campaign.assessment_closed_at = timezone.now()
    campaign.save()
    assert record(campaign, dept_a) == row and ScoreEntry.objects.count() == 1
