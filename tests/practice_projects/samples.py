"""A record of each of the app's documents, of department A and of its sub-unit, for the walk
over every workflow table (tests/core/test_workflow_tables.py)."""

import datetime

from practice_projects import services
from practice_projects.models import CampaignPlan, CompletionReport, ProgressReport, ProjectFiling
from tests.practice_projects.factories import approved_project, file_progress, file_project, moment
from tests.samples import sample

STAFF = ("staff_a", "staff_sub")


@sample(CampaignPlan)
def plans(world):
    return [
        services.plan_create(
            campaign=world.campaign,
            department=world.users[staff].department,
            user=world.users[staff],
            title="活动方案",
            doc_number="金发〔2026〕1号",
            text="一、指导思想",
        )
        for staff in STAFF
    ]


@sample(ProjectFiling)
def filings(world):
    return [file_project(world.campaign, world.users[staff]).filings.get() for staff in STAFF]


def _approved(world, staff, **overrides):
    return approved_project(world.campaign, world.users, sub_unit=staff == "staff_sub", **overrides)


@sample(ProgressReport)
def progress_reports(world):
    return [file_progress(_approved(world, staff), world.users[staff]) for staff in STAFF]


@sample(CompletionReport)
def completions(world):
    campaign = world.campaign
    ended = {"end_date": campaign.start_date + datetime.timedelta(days=70)}
    return [
        services.completion_save(
            user=world.users[staff],
            project=_approved(world, staff, **ended),
            summary="全面完成",
            at=moment(campaign.q4_deadline),
        )
        for staff in STAFF
    ]
