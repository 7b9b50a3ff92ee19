"""seed_demo's practice projects, on the demo's clock (2026-11-23: Q1–Q3 are past)."""

import datetime

import pytest

from efficiency_center import demo as core_demo
from efficiency_center.review import State, StateChange
from efficiency_center.scoring import ScoreEntry
from practice_projects import deadlines, demo, selectors
from practice_projects.models import (
    CampaignPlan,
    FilingKind,
    LateFiling,
    ProgressReport,
    Project,
    ProjectFiling,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def county(fixed_today):
    fixed_today(TODAY)
    units = core_demo.load_units()
    county = core_demo.County(
        campaign=core_demo.ensure_campaign(), units=units, users=core_demo.ensure_accounts(units)
    )
    demo.seed(county)
    return county


def test_each_demo_unit_has_a_plan_and_an_approved_project_with_progress(county):
    for code in demo.ACCOUNT_UNITS:
        unit = county.units[code]
        assert CampaignPlan.objects.get(department=unit).state == State.APPROVED
        project = Project.objects.get(department=unit, current__isnull=False)
        assert project.current.state == State.PUBLISHED
        quarters = dict(project.progress_reports.values_list("quarter", "state"))
        assert sorted(quarters) == [1, 2, 3]
        assert quarters[3] == demo.AWAITING.get(code, State.PUBLISHED)
    assert Project.objects.filter(current__isnull=False).count() == len(demo.PROJECTS)


def test_some_milestones_are_delayed_and_one_project_was_returned(county):
    assert selectors.delayed_milestones(county.campaign, today=TODAY)
    returned = ProjectFiling.objects.get(state=State.RETURNED)
    assert returned.department.code == demo.RETURNED_UNIT
    assert StateChange.objects.get(object_id=returned.pk, action="return").comment


def test_one_unit_is_late_and_charged_once(county):
    late = LateFiling.objects.get()
    assert (late.department.code, late.filing) == (demo.LATE_UNIT, FilingKind.Q3)
    assert ScoreEntry.objects.get().cause == late
    unit = county.units[demo.LATE_UNIT]
    status = deadlines.unit_statuses(county.campaign, [unit.pk], today=TODAY)[unit.pk]
    assert status[FilingKind.Q3] == deadlines.Status.LATE
    assert status[FilingKind.Q2] == deadlines.Status.FILED


def test_the_public_list_is_alive_and_the_head_has_something_to_endorse(county):
    projects = selectors.public_projects(county.campaign, today=TODAY)
    assert projects.count() == len(demo.PROJECTS)
    assert projects.filter(has_delayed=True).exists()
    signed = ProgressReport.objects.get(state=State.SIGNED)
    assert signed.department.supervisor == county.users["ypj_head"].department


def test_seeding_again_changes_nothing(county):
    counts = (Project.objects.count(), ProgressReport.objects.count(), StateChange.objects.count())
    demo.seed(county)
    assert counts == (
        Project.objects.count(),
        ProgressReport.objects.count(),
        StateChange.objects.count(),
    )
