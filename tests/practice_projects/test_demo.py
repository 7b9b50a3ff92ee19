"""seed_demo's practice projects, on the demo's clock (2026-11-23: Q1–Q3 are past), built
through the services with the year's dates."""

import datetime

import pytest
from django.utils import timezone

from efficiency_center import demo as core_demo
from efficiency_center.lateness import LateFiling
from efficiency_center.review import State
from efficiency_center.scoring import ScoreEntry
from efficiency_center.workflow import StateChange, history
from practice_projects import deadlines, demo, selectors
from practice_projects.models import (
    CampaignPlan,
    FilingKind,
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
        campaign=core_demo.ensure_campaign(),
        units=units,
        users=core_demo.ensure_accounts(units),
        now=timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(12))),
    )
    demo.seed(county)
    return county


def steps(doc):
    return [(s.action, s.actor.username, s.created_at) for s in history(doc)]


def check_each_demo_unit_has_a_plan_and_an_approved_project_with_progress(county):
    for code in demo.ACCOUNT_UNITS:
        unit = county.units[code]
        assert CampaignPlan.objects.get(department=unit).state == State.APPROVED
        project = Project.objects.get(department=unit, current__isnull=False)
        assert project.current.state == State.PUBLISHED
        quarters = dict(project.progress_reports.values_list("quarter", "state"))
        assert sorted(quarters) == [1, 2, 3]
        assert quarters[3] == demo.AWAITING.get(code, State.PUBLISHED)
    assert Project.objects.filter(current__isnull=False).count() == len(demo.PROJECTS)


def check_the_history_is_the_services_on_the_years_dates(county):
    at = county.at
    plan = CampaignPlan.objects.get(department__code="D01")
    assert steps(plan) == [
        ("create", "fgw_staff", at(3, 12, 9)),
        ("submit", "fgw_head", at(3, 12, 11)),
        ("approve", "clerk", at(3, 14, 10)),
    ]
    assert (plan.filed_at, plan.approved_at) == (at(3, 12, 11), at(3, 14, 10))
    # A sub-unit's filing is endorsed by its supervising department's head.
    filing = ProjectFiling.objects.get(department__code="S03")
    assert steps(filing) == [
        ("create", "jcdd_staff", at(3, 12, 9)),
        ("submit", "jcdd_head", at(3, 12, 11)),
        ("endorse", "ypj_head", at(3, 12, 15)),
        ("approve", "clerk", at(3, 14, 10)),
        ("publish", "clerk", at(3, 14, 10)),
    ]
    assert filing.project.first_approved_at == at(3, 14, 10)
    # A unit without demo accounts files and signs with accounts of its own.
    other = ProjectFiling.objects.get(department__code="D02")
    assert [who for _action, who, _at in steps(other)][:2] == ["d02_staff", "d02_head"]
    # The late Q3 report: filed when its head signed it off, five days after the deadline.
    late = ProgressReport.objects.get(department__code=demo.LATE_UNIT, quarter=3)
    assert late.filed_at == at(9, 25, 11) and late.published_at == at(9, 27, 10)


def check_some_milestones_are_delayed_and_one_project_was_returned(county):
    assert selectors.delayed_milestones(county.campaign, today=TODAY)
    returned = ProjectFiling.objects.get(state=State.RETURNED)
    assert returned.department.code == demo.RETURNED_UNIT
    last = list(history(returned))[-1]
    assert (last.action, last.comment) == ("return", demo.RETURN_COMMENT)
    assert last.created_at == county.at(5, 12)


def check_one_unit_is_late_and_charged_once(county):
    late = LateFiling.objects.get()
    assert (late.department.code, late.source, late.period) == (
        demo.LATE_UNIT,
        "practice_projects",
        "practice_projects:q3",
    )
    assert late.recorded_at == county.at(9, 21, 8)
    entry = ScoreEntry.objects.get()
    assert entry.cause == late and entry.created_at == late.recorded_at
    unit = county.units[demo.LATE_UNIT]
    status = deadlines.unit_statuses(county.campaign, [unit.pk], today=TODAY)[unit.pk]
    assert status[FilingKind.Q3] == deadlines.Status.LATE
    assert status[FilingKind.Q2] == deadlines.Status.FILED


def check_the_public_list_is_alive_and_the_head_has_something_to_endorse(county):
    projects = selectors.public_projects(county.campaign, today=TODAY)
    assert projects.count() == len(demo.PROJECTS)
    assert projects.filter(has_delayed=True).exists()
    signed = ProgressReport.objects.get(state=State.SIGNED)
    assert signed.department.supervisor == county.users["ypj_head"].department


def test_the_demo_year(county):
    """One seeding (two seconds through the services) for every check of the year it built."""
    check_each_demo_unit_has_a_plan_and_an_approved_project_with_progress(county)
    check_the_history_is_the_services_on_the_years_dates(county)
    check_some_milestones_are_delayed_and_one_project_was_returned(county)
    check_one_unit_is_late_and_charged_once(county)
    check_the_public_list_is_alive_and_the_head_has_something_to_endorse(county)


def test_seeding_again_changes_nothing(county):
    counts = (Project.objects.count(), ProgressReport.objects.count(), StateChange.objects.count())
    demo.seed(county)
    assert counts == (
        Project.objects.count(),
        ProgressReport.objects.count(),
        StateChange.objects.count(),
    )
