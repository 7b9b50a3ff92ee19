import pytest
from django.core.management import call_command
from django.db.models import Count

from achievements.models import Achievement, Objection, PublicityBatch
from efficiency_center.models import Campaign
from efficiency_center.scoring import ScoreEntry, ScoreKind


@pytest.mark.django_db
def test_demo_fills_q1_with_the_seed_figures_and_leaves_an_objection_open(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # re-runnable: nothing doubles
    campaign = Campaign.objects.running()
    q1 = Achievement.objects.filter(campaign=campaign, quarter=1)
    assert q1.count() == 82
    assert q1.values("department").distinct().count() == 42
    typical = q1.filter(is_typical=True, forwarded_at__isnull=False)
    assert typical.count() == 22
    assert typical.values("department").distinct().count() == 17
    forwarded = ScoreEntry.objects.filter(campaign=campaign, kind=ScoreKind.TYPICAL_FORWARDED)
    assert forwarded.count() == Achievement.objects.filter(forwarded_at__isnull=False).count()
    open_batches = PublicityBatch.objects.filter(state=PublicityBatch.BatchState.OPEN)
    assert open_batches.count() == 1
    pending = Objection.objects.filter(outcome="", achievement__batch__in=open_batches)
    assert pending.count() == 1
    per_quarter = dict(
        Achievement.objects.filter(campaign=campaign)
        .values_list("quarter")
        .annotate(n=Count("id"))
        .order_by()
    )
    assert set(per_quarter) == {1, 2, 3, 4}
