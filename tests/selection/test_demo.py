import pytest

from efficiency_center.demo import County
from efficiency_center.workflow import history
from selection import demo
from selection.models import ListKind, Panel, ShortlistEntry
from tests.factories import DepartmentFactory
from tests.selection.factories import excellent_project, verified_achievement

pytestmark = pytest.mark.django_db


def test_demo_shortlists_and_panel(campaign, dept_a, users):
    for _ in range(5):
        verified_achievement(campaign, dept_a)
    for _ in range(14):
        verified_achievement(campaign, DepartmentFactory())
    excellent_project(campaign, dept_a)
    county = County(campaign=campaign, users=users)
    demo.seed(county)
    deeds = ShortlistEntry.objects.filter(kind=ListKind.REAL_DEED)
    assert deeds.count() == demo.PER_LIST
    assert deeds.filter(department=dept_a).count() == 3
    assert ShortlistEntry.objects.filter(kind=ListKind.BEST_MEASURE).count() == 1
    panel = Panel.objects.get()
    assert panel.state == Panel.PanelState.PREPARING
    assert list(panel.reviewers.all()) == [users["reviewer"]]
    # Built through the services with the year's dates: the history is the services' own.
    steps = [(s.action, s.actor, s.created_at) for s in history(panel)]
    picks = [county.at(11, 30, 9, minute) for minute in range(demo.PER_LIST + 1)]
    assert steps == [
        *[("shortlist_add", users["clerk"], at) for at in picks],
        ("name_reviewers", users["leader"], county.at(12, 1, 10)),
    ]
    first = ShortlistEntry.objects.order_by("added_at", "id").first()
    assert first.added_at == county.at(11, 30, 9) and first.added_by == users["clerk"]
    assert panel.inputs_revision == demo.PER_LIST + 2 and panel.version == 2
    demo.seed(county)  # safe to re-run
    assert ShortlistEntry.objects.count() == demo.PER_LIST + 1
    assert len(history(panel)) == len(steps)
