"""Factories and helpers for the assessment's tests. Ledger entries go through
scoring.record_score, the ledger's only writer, with real cause records."""

from decimal import Decimal

import factory

from efficiency_center.review import State
from efficiency_center.scoring import ScoreKind, record_score, reverse_score
from pledges.models import BrokenPledge, Pledge
from practice_projects.models import FilingKind, LateFiling
from tests.achievements.factories import AchievementFactory, verified
from tests.complaints.factories import ComplaintFactory, FollowUpFactory  # noqa: F401
from tests.pledges.factories import PledgeFactory, PledgeItemFactory


def published_pledge(campaign, department):
    pledge = Pledge.objects.filter(campaign=campaign, department=department).first()
    return pledge or PledgeFactory(campaign=campaign, department=department, state=State.PUBLISHED)


def breach(campaign, department, *, recorded_by, decision=BrokenPledge.Outcome.APPROVED, quarter=1):
    """An item of the unit's published pledge not kept in `quarter` (有诺不践)."""
    item = PledgeItemFactory(pledge=published_pledge(campaign, department))
    return BrokenPledge.objects.create(
        item=item,
        campaign=campaign,
        department=department,
        quarter=quarter,
        description="承诺的办结时限未兑现。",
        decision=decision,
        recorded_by=recorded_by,
    )


def missed_deadline(campaign, department, quarter=1):
    """The late filing of a quarter's achievements (its ledger cause)."""
    from efficiency_center.lateness import LateFiling

    return LateFiling.objects.create(
        campaign=campaign,
        department=department,
        source="achievements",
        period=f"achievements:Q{quarter}",
        deadline=campaign.quarter_deadlines()[quarter],
        what=f"Q{quarter} achievements",
    )


def late_filing(campaign, department, filing=FilingKind.PLAN):
    return LateFiling.objects.create(
        campaign=campaign, department=department, filing=filing, deadline=campaign.plan_deadline
    )


def entry(campaign, department, kind, cause, recorded_by, **kwargs):
    return record_score(
        department=department,
        campaign=campaign,
        kind=kind,
        cause=cause,
        recorded_by=recorded_by,
        **kwargs,
    )


class ComplaintOfUnit(ComplaintFactory):
    """A complaint forwarded to its unit (so the unit sees it)."""

    forwarded_at = factory.LazyAttribute(lambda o: o.filed_at)
    status = "forwarded"


def unit_volume(campaign, unit, n, *, clerk):
    """A unit's year at volume `n`: n complaints (forwarded) with follow-ups and state changes,
    n achievements with their approvals, n ledger entries (causes: complaints and one missed
    deadline, whatever n), n notices, n pledge items with a fulfilment report per quarter and
    a breach, and min(n, 4) projects with progress reports. Bulk inserts where possible."""
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from achievements.models import Achievement, Category
    from complaints.models import Complaint, FollowUp
    from efficiency_center.notices import PublicNotice
    from efficiency_center.review import StateChange
    from efficiency_center.scoring import ScoreKind
    from pledges.models import FulfilmentReport, PledgeItem
    from tests.complaints.factories import bulk_complaints
    from tests.practice_projects.factories import ProjectFactory

    complaints = bulk_complaints(n, campaign=campaign, departments=[unit], prefix=f"V{unit.code}")
    Complaint.objects.filter(pk__in=[c.pk for c in complaints]).update(forwarded_at=timezone.now())
    FollowUp.objects.bulk_create(
        FollowUp(complaint=c, satisfaction=1 + i % 5, channel="phone")
        for i, c in enumerate(complaints)
    )
    category = Category.objects.filter(campaign=campaign).first()
    achievements = Achievement.objects.bulk_create(
        Achievement(
            campaign=campaign, department=unit, quarter=1 + i % 4, title=f"实绩{i}",
            focus_area="service", category=category, description="…",
            period_start=datetime.date(campaign.year, 1, 1),
            period_end=datetime.date(campaign.year, 2, 1),
            state="approved", created_by=clerk, filed_at=timezone.now(),
        )
        for i in range(n)
    )  # fmt: skip
    steps = [
        StateChange(
            content_type=ContentType.objects.get_for_model(record), object_id=record.pk,
            action=action, from_state="", to_state=to_state, actor=clerk,
        )
        for records, action, to_state in (
            (complaints, "forward", "forwarded"),
            (achievements, "approve", "approved"),
        )
        for record in records
    ]  # fmt: skip
    StateChange.objects.bulk_create(steps)
    for complaint in complaints:
        entry(campaign, unit, ScoreKind.COMPLAINT_TRUE, complaint, clerk)
    entry(campaign, unit, ScoreKind.REPORT_LATE, missed_deadline(campaign, unit), clerk)
    PublicNotice.objects.bulk_create(
        PublicNotice(
            campaign=campaign, department=unit, title=f"通报{i}", body="…",
            issued_by=clerk, approved_by=clerk,
        )
        for i in range(n)
    )  # fmt: skip
    pledge = published_pledge(campaign, unit)
    items = PledgeItem.objects.bulk_create(
        PledgeItem(pledge=pledge, position=i + 1, text=f"承诺{i}", focus_area="service")
        for i in range(n)
    )
    FulfilmentReport.objects.bulk_create(
        FulfilmentReport(pledge=pledge, campaign=campaign, department=unit, quarter=q,
                         created_by=clerk)
        for q in (1, 2, 3, 4)
    )  # fmt: skip
    BrokenPledge.objects.create(
        item=items[0], campaign=campaign, department=unit, quarter=1,
        description="…", decision="approved", recorded_by=clerk,
    )  # fmt: skip
    for _i in range(min(n, 4)):
        ProjectFactory(campaign=campaign, department=unit)


def make_ledger(campaign, dept_a, dept_b, sub_of_a, users):
    """A year's ledger with every kind of cause:

    县甲局: 有诺不践 −2; a complaint found true −1, reversed; no achievement filed in Q1 −0.5;
    a typical achievement forwarded +0.5, a real deed +2 and a best measure asked +3 but
    granted +2.5 (cap 5): deductions −2.5, bonus 5 (asked 5.5), total 2.5.
    甲局一所: plan filed late −0.5. 县乙局: complaint partly true −0.5, reply overdue −0.5.
    """
    clerk, leader = users["clerk"], users["leader"]
    broken = breach(campaign, dept_a, recorded_by=clerk)
    complaint = ComplaintOfUnit(
        campaign=campaign, department=dept_a, finding="true", status="closed"
    )
    typical = verified(
        campaign=campaign, department=dept_a, is_typical=True, created_by=users["staff_a"]
    )
    deed = verified(campaign=campaign, department=dept_a, created_by=users["staff_a"])
    measure = AchievementFactory(campaign=campaign, department=dept_a, created_by=users["staff_a"])
    entries = {
        "broken": entry(
            campaign, dept_a, ScoreKind.PLEDGE_BROKEN, broken, clerk, confirmed_by=leader
        ),
        "true": entry(
            campaign, dept_a, ScoreKind.COMPLAINT_TRUE, complaint, clerk, confirmed_by=leader
        ),
        "missed": entry(
            campaign, dept_a, ScoreKind.REPORT_LATE, missed_deadline(campaign, dept_a), clerk
        ),
        "typical": entry(campaign, dept_a, ScoreKind.TYPICAL_FORWARDED, typical, clerk),
        "deed": entry(campaign, dept_a, ScoreKind.REAL_DEED, deed, clerk, confirmed_by=leader),
        "measure": entry(
            campaign, dept_a, ScoreKind.BEST_MEASURE, measure, clerk, confirmed_by=leader
        ),
        "late_plan": entry(
            campaign, sub_of_a, ScoreKind.REPORT_LATE, late_filing(campaign, sub_of_a), clerk
        ),
    }
    complaint_b = ComplaintOfUnit(
        campaign=campaign, department=dept_b, finding="partly_true", status="closed"
    )
    entries["partly"] = entry(campaign, dept_b, ScoreKind.COMPLAINT_PARTLY_TRUE, complaint_b, clerk)
    entries["overdue"] = entry(campaign, dept_b, ScoreKind.REPLY_OVERDUE, complaint_b, clerk)
    entries["reversal"] = reverse_score(
        entries["true"], recorded_by=leader, note="复核后不属实，撤销扣分"
    )
    assert entries["measure"].points == Decimal("2.5")
    assert entries["measure"].points_asked == Decimal("3")
    entries["causes"] = {"broken": broken, "complaint": complaint, "complaint_b": complaint_b}
    return entries
