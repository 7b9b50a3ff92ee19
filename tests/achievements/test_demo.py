"""The demo achievements: seed 002's Q1 figures, believable later quarters, an open 公示 with an
objection waiting; built through the services with the year's dates, and safe to seed twice."""

import datetime

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from achievements import demo as achievements_demo
from achievements.models import Achievement, Objection, PublicityBatch
from efficiency_center import demo
from efficiency_center.lateness import LateFiling
from efficiency_center.review import State
from efficiency_center.scoring import ScoreEntry, ScoreKind
from efficiency_center.vocabulary import calendar_quarter
from efficiency_center.workflow import history

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    units = demo.load_units()
    return demo.County(
        campaign=demo.ensure_campaign(), units=units, users=demo.ensure_accounts(units)
    )


def steps(record):
    return [(s.action, s.actor.username, s.created_at) for s in history(record)]


def test_demo_achievements(county, client):
    achievements_demo.seed(county)
    counts = (Achievement.objects.count(), ScoreEntry.objects.count(), Objection.objects.count())
    achievements_demo.seed(county)  # a second run adds nothing
    assert (
        Achievement.objects.count(),
        ScoreEntry.objects.count(),
        Objection.objects.count(),
    ) == counts
    campaign, at = county.campaign, county.at

    # Seed 002's Q1: 82 verified from 42 units, 22 typical from 17 units, all forwarded.
    q1 = Achievement.objects.filter(campaign=campaign, quarter=1)
    assert q1.count() == 82 and q1.values("department").distinct().count() == 42
    assert q1.filter(state__in=(State.APPROVED, State.PUBLISHED)).count() == 82
    typical = q1.filter(is_typical=True, forwarded_at__isnull=False, state=State.PUBLISHED)
    assert typical.count() == 22 and typical.values("department").distinct().count() == 17
    forwarded = ScoreEntry.objects.filter(campaign=campaign, kind=ScoreKind.TYPICAL_FORWARDED)
    assert forwarded.count() == Achievement.objects.filter(forwarded_at__isnull=False).count()

    # The running quarter's public display is open, an objection waiting for the clerk.
    today = timezone.localdate()
    running = calendar_quarter(today) if today.year == campaign.year else 4
    open_batches = PublicityBatch.objects.filter(state=PublicityBatch.BatchState.OPEN)
    assert [b.quarter for b in open_batches] == ([running] if running != 1 else [])
    pending = Objection.objects.filter(outcome="", achievement__batch__in=open_batches)
    assert pending.count() == (1 if running != 1 else 0)
    per_quarter = dict(
        Achievement.objects.filter(campaign=campaign)
        .values_list("quarter")
        .annotate(n=Count("id"))
        .order_by()
    )
    past = {q for q in achievements_demo.PLAN if q < running or q == 1}
    assert set(per_quarter) == past | {running}
    for quarter in past - {1}:
        assert per_quarter[quarter] == achievements_demo.PLAN[quarter][0]
        # Two units filed late: their late filing and its deduction, once each.
        late = LateFiling.objects.filter(campaign=campaign, period=f"achievements:Q{quarter}")
        assert late.count() == 2
        assert ScoreEntry.objects.filter(kind=ScoreKind.REPORT_LATE, cause_id__in=late).count() == 2
    if 3 in past:
        answered = Objection.objects.get(outcome=Objection.Outcome.DISMISSED)
        assert answered.achievement.quarter == 3 and answered.answer

    # Built through the services with the year's dates: the history is the services' own.
    fgw = Achievement.objects.filter(department__code="D01", quarter=1).order_by("id").first()
    assert not fgw.imported and fgw.is_typical
    assert steps(fgw) == [
        ("create", "fgw_staff", at(3, 14, 9)),
        ("submit", "fgw_head", at(3, 18, 10)),
        ("approve", "clerk", at(3, 25, 16)),
        ("mark_typical", "clerk", at(3, 25, 17)),
        ("forward", "clerk", at(3, 25, 17)),
        ("publish", "clerk", at(3, 25, 18)),
    ]
    assert fgw.filed_at == at(3, 18, 10) and fgw.forwarded_at == at(3, 25, 17)
    # A sub-unit without demo logins: imported by the center, signed by its head, endorsed by
    # the supervising department's head.
    window = Achievement.objects.filter(department__code="S01", quarter=1).order_by("id").first()
    assert window.imported
    assert [(action, who) for action, who, _at in steps(window)][:3] == [
        ("create", "clerk"),
        ("submit", "s01_head"),
        ("endorse", "d35_head"),
    ]
    q1_batch = PublicityBatch.objects.get(quarter=1)
    assert q1_batch.state == PublicityBatch.BatchState.CLOSED
    closed_on = q1_batch.ends + datetime.timedelta(days=1)
    assert steps(q1_batch) == [
        ("create", "clerk", at(3, 25, 18)),
        ("close", "system", at(closed_on.month, closed_on.day, 1)),
    ]

    if running != 1:
        # Work in every state at the units with demo logins.
        first = {
            a.department.code: a.state
            for a in Achievement.objects.filter(quarter=running)
            .select_related("department")
            .order_by("-id")
        }
        assert first["D03"] == State.DRAFT and first["D06"] == State.SUBMITTED
        assert first["S03"] == State.SIGNED and first["D01"] == State.APPROVED
        client.force_login(county.users["clerk"])
        queue = client.get(reverse("achievements:review_queue")).content.decode()
        assert "据了解，该项目实际办结用时5个工作日" in queue
