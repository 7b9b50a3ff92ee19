from decimal import Decimal

import pytest

from efficiency_center.scoring import (
    LedgerError,
    ScoreEntry,
    ScoreKind,
    department_totals,
    entries_for_cause,
    record_score,
    reverse_score,
)
from tests.workflow_app.models import Memo


@pytest.fixture
def cause(dept_a):
    return Memo.objects.create(department=dept_a, title="有诺不践：承诺第3条")


@pytest.mark.django_db
class TestLedger:
    def test_default_points_come_from_the_campaign(self, campaign, dept_a, users, cause):
        entry = record_score(
            department=dept_a,
            campaign=campaign,
            kind=ScoreKind.PLEDGE_BROKEN,
            cause=cause,
            recorded_by=users["clerk"],
            confirmed_by=users["leader"],
        )
        assert entry.points == Decimal("-2")
        assert entry.cause == cause
        assert list(entries_for_cause(cause)) == [entry]

    def test_campaign_parameter_change_applies(self, campaign, dept_a, users, cause):
        campaign.points_complaint_true = Decimal("-1.5")
        campaign.save()
        entry = record_score(
            department=dept_a,
            campaign=campaign,
            kind=ScoreKind.COMPLAINT_TRUE,
            cause=cause,
            recorded_by=users["clerk"],
        )
        assert entry.points == Decimal("-1.5")

    def test_entries_are_never_edited_or_deleted(self, campaign, dept_a, users, cause):
        entry = record_score(
            department=dept_a,
            campaign=campaign,
            kind=ScoreKind.REPORT_LATE,
            cause=cause,
            recorded_by=users["clerk"],
        )
        entry.points = Decimal("0")
        with pytest.raises(LedgerError):
            entry.save()
        with pytest.raises(LedgerError):
            entry.delete()
        assert ScoreEntry.objects.get().points == Decimal("-0.5")

    def test_reversal_cancels_once(self, campaign, dept_a, users, cause):
        entry = record_score(
            department=dept_a,
            campaign=campaign,
            kind=ScoreKind.PLEDGE_BROKEN,
            cause=cause,
            recorded_by=users["clerk"],
        )
        reversal = reverse_score(entry, recorded_by=users["clerk"], note="复核后撤销")
        assert reversal.points == Decimal("2") and reversal.reverses == entry
        with pytest.raises(LedgerError):
            reverse_score(entry, recorded_by=users["clerk"], note="again")
        assert department_totals(campaign)[dept_a.pk][2] == Decimal("0")

    def test_totals_cap_the_bonus_side_only(self, campaign, dept_a, dept_b, users, cause):
        def add(dept, kind, points=None):
            return record_score(
                department=dept,
                campaign=campaign,
                kind=kind,
                cause=cause,
                recorded_by=users["clerk"],
                points=points,
            )

        add(dept_a, ScoreKind.BEST_MEASURE)  # +3
        add(dept_a, ScoreKind.REAL_DEED)  # +2
        best = add(dept_a, ScoreKind.BEST_MEASURE)  # +3 -> 8, capped at 5
        add(dept_a, ScoreKind.PLEDGE_BROKEN)  # -2
        add(dept_b, ScoreKind.COMPLAINT_PARTLY_TRUE)  # -0.5
        totals = department_totals(campaign)
        assert totals[dept_a.pk] == (Decimal("-2"), Decimal("5"), Decimal("3"))
        assert totals[dept_b.pk] == (Decimal("-0.5"), Decimal("0"), Decimal("-0.5"))
        # A reversed bonus counts on the bonus side: 8 - 3 = 5, still at the cap.
        reverse_score(best, recorded_by=users["leader"], note="重复计分")
        assert department_totals(campaign)[dept_a.pk] == (Decimal("-2"), Decimal("5"), Decimal("3"))

    def test_totals_take_one_query(self, campaign, dept_a, users, cause, django_assert_num_queries):
        for _ in range(5):
            record_score(
                department=dept_a,
                campaign=campaign,
                kind=ScoreKind.REPORT_LATE,
                cause=cause,
                recorded_by=users["clerk"],
            )
        with django_assert_num_queries(1):
            department_totals(campaign)


@pytest.mark.django_db
def test_once_key_records_once(campaign, dept_a, users, cause):
    def late():
        return record_score(
            department=dept_a,
            campaign=campaign,
            kind=ScoreKind.REPORT_LATE,
            cause=cause,
            recorded_by=users["clerk"],
            once_key="late:q1:A01",
        )

    assert late() == late()
    assert ScoreEntry.objects.count() == 1


@pytest.mark.django_db
class TestBonusCapAtRecording:
    def bonus(self, campaign, dept, users, cause, kind=ScoreKind.BEST_MEASURE):
        return record_score(
            department=dept, campaign=campaign, kind=kind, cause=cause, recorded_by=users["clerk"]
        )

    def test_entry_keeps_points_asked_and_granted(self, campaign, dept_a, users, cause):
        first = self.bonus(campaign, dept_a, users, cause)  # +3 of 5
        second = self.bonus(campaign, dept_a, users, cause)  # asks +3, 2 left
        third = self.bonus(campaign, dept_a, users, cause, kind=ScoreKind.REAL_DEED)
        assert (first.points_asked, first.points) == (Decimal("3"), Decimal("3"))
        assert (second.points_asked, second.points) == (Decimal("3"), Decimal("2"))
        assert (third.points_asked, third.points) == (Decimal("2"), Decimal("0"))

    def test_a_reversed_bonus_frees_room(self, campaign, dept_a, users, cause):
        first = self.bonus(campaign, dept_a, users, cause)
        self.bonus(campaign, dept_a, users, cause)
        reverse_score(first, recorded_by=users["leader"], note="撤销")
        again = self.bonus(campaign, dept_a, users, cause)
        assert again.points == Decimal("3")

    def test_deductions_are_never_capped(self, campaign, dept_a, users, cause):
        entry = record_score(
            department=dept_a,
            campaign=campaign,
            kind=ScoreKind.PLEDGE_BROKEN,
            cause=cause,
            recorded_by=users["clerk"],
            points=Decimal("-20"),
        )
        assert entry.points == Decimal("-20") and entry.points_asked is None


@pytest.mark.django_db
class TestClosedAssessment:
    def test_nothing_is_added_or_reversed_after_closing(self, campaign, dept_a, users, cause):
        from django.utils import timezone

        from efficiency_center.scoring import AssessmentClosedError

        entry = record_score(
            department=dept_a,
            campaign=campaign,
            kind=ScoreKind.PLEDGE_BROKEN,
            cause=cause,
            recorded_by=users["clerk"],
        )
        type(campaign).objects.filter(pk=campaign.pk).update(assessment_closed_at=timezone.now())
        with pytest.raises(AssessmentClosedError, match="2026"):
            record_score(
                department=dept_a,
                campaign=campaign,
                kind=ScoreKind.REPORT_LATE,
                cause=cause,
                recorded_by=users["clerk"],
            )
        with pytest.raises(AssessmentClosedError):
            reverse_score(entry, recorded_by=users["leader"], note="太晚了")
        assert ScoreEntry.objects.count() == 1


def test_the_ledger_keeps_what_fits_of_a_long_note(campaign, dept_a, users, cause):
    entry = record_score(
        department=dept_a,
        campaign=campaign,
        kind=ScoreKind.REPORT_LATE,
        cause=cause,
        recorded_by=users["clerk"],
        note="逾" * 500,
    )
    assert entry.note == "逾" * ScoreEntry._meta.get_field("note").max_length
