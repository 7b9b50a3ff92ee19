import pytest

from efficiency_center.demo import County
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
    demo.seed(county)  # safe to re-run
    assert ShortlistEntry.objects.count() == demo.PER_LIST + 1
