"""A record of each kind of the achievements app that has a workflow table, for the walk over
every table (tests/core/test_workflow_tables.py). The walk puts each record in every state; the
records differ in what the tables' conditions read (typical, forwarded, an upheld objection)."""

from django.utils import timezone

from achievements import services
from achievements.models import Achievement, Objection, PublicityBatch
from efficiency_center.review import State
from tests.achievements.factories import AchievementFactory, form_data
from tests.samples import sample


def _report(world, staff):
    from achievements.forms import AchievementForm

    form = AchievementForm(data=form_data(world.campaign), campaign=world.campaign)
    assert form.is_valid(), form.errors
    return services.achievement_report(
        user=world.users[staff], campaign=world.campaign, quarter=1, data=form.cleaned_data
    )


def _typical(world, **fields):
    fields = {"state": State.PUBLISHED, **fields}
    return AchievementFactory(
        campaign=world.campaign,
        department=world.dept_a,
        created_by=world.users["staff_a"],
        is_typical=True,
        **fields,
    )


@sample(Achievement)
def achievements(world):
    batch = PublicityBatch.objects.create(
        campaign=world.campaign,
        quarter=1,
        starts=world.campaign.start_date,
        ends=world.campaign.start_date,
        opened_by=world.users["clerk"],
    )
    upheld = _typical(world, forwarded_at=timezone.now(), batch=batch)
    Objection.objects.create(achievement=upheld, text="不实", outcome=Objection.Outcome.UPHELD)
    return [
        _report(world, "staff_a"),  # the review, not accepted, marked typical
        _report(world, "staff_sub"),  # endorsed or sent back by the supervising head
        _typical(world, batch=batch),  # forwarded; published in its batch
        upheld,  # withdrawn after the upheld objection
    ]


@sample(PublicityBatch)
def batches(world):
    chosen = _typical(world, state=State.APPROVED)
    return [
        services.publicity_open(
            user=world.users["clerk"],
            campaign=world.campaign,
            quarter=1,
            achievement_ids=[chosen.pk],
        )
    ]


@sample(Objection)
def objections(world):
    return [Objection.objects.create(achievement=_typical(world), text="申报数字与实际不符")]
