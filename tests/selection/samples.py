"""The selection's records with a workflow table, for the walk over every table
(tests/core/test_workflow_tables.py): a panel ready to open, and a ranking run ready for a
leader's decision (finished after the panel closed, complete, the latest)."""

from selection import services
from selection.models import Panel, RankingRun
from tests.samples import sample
from tests.selection.factories import (
    excellent_project,
    give_scores,
    panel_of,
    shortlist,
    verified_achievement,
)


def _lists(world):
    clerk = world.users["clerk"]
    return [
        shortlist(excellent_project(world.campaign, world.dept_a), by=clerk),
        shortlist(verified_achievement(world.campaign, world.dept_b), by=clerk),
    ]


@sample(Panel)
def panels(world):
    _lists(world)
    users = world.users
    return [panel_of(world.campaign, [users["reviewer"]], by=users["leader"], state="preparing")]


@sample(RankingRun)
def runs(world):
    users = world.users
    for entry in _lists(world):
        give_scores(entry, {users["reviewer"]: 80})
    panel_of(world.campaign, [users["reviewer"]], by=users["leader"], state="closed")
    run = services.ranking_start(campaign=world.campaign, user=users["clerk"])
    services.ranking_compute(run_id=run.pk)
    return [RankingRun.objects.get(pk=run.pk)]
