import pytest

from selection.models import Panel
from tests.selection.factories import (
    ReviewerFactory,
    excellent_project,
    panel_of,
    shortlist,
    verified_achievement,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def panelists(db):
    """Five reviewers of no unit."""
    return [ReviewerFactory(username=f"panelist{i}", full_name=f"评委{i}") for i in range(1, 6)]


@pytest.fixture
def lists(campaign, dept_a, dept_b, users):
    """Two candidates on each list: one of unit A, one of unit B."""
    clerk = users["clerk"]
    return {
        "measure_a": shortlist(excellent_project(campaign, dept_a, name="甲局并联审批"), by=clerk),
        "measure_b": shortlist(excellent_project(campaign, dept_b, name="乙局容缺受理"), by=clerk),
        "deed_a": shortlist(verified_achievement(campaign, dept_a, title="甲局上门服务"), by=clerk),
        "deed_b": shortlist(verified_achievement(campaign, dept_b, title="乙局减免收费"), by=clerk),
    }


@pytest.fixture
def open_panel(campaign, users, lists):
    """The conftest's reviewer and a second one, on an open panel."""
    second = ReviewerFactory(username="reviewer2", full_name="第二评委")
    panel = panel_of(campaign, [users["reviewer"], second], by=users["leader"])
    assert panel.state == Panel.PanelState.OPEN
    return panel
