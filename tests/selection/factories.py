"""Factories and helpers for selection tests: candidates written directly in their final state
(their own apps test how they get there), shortlists, panels and scores."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from efficiency_center.review import State
from practice_projects.models import Milestone, Project, ProjectFiling, Rating, Target
from selection.models import ListKind, Panel, PanelMember, Score, ShortlistEntry
from tests.achievements.factories import AchievementFactory
from tests.factories import CenterUserFactory, UserFactory
from tests.practice_projects.factories import filing_data, milestone_dates


def moment(day, hour=9, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def excellent_project(campaign, department, *, name=None, submitted_at=None, rating=None):
    """A practice project whose published filing was rated excellent: a best measure candidate."""
    submitted_at = submitted_at or moment(datetime.date(campaign.year, 3, 18))
    project = Project.objects.create(
        campaign=campaign,
        department=department,
        rating=rating or Rating.EXCELLENT,
        first_approved_at=submitted_at,
    )
    filing = ProjectFiling.objects.create(
        project=project,
        department=department,
        created_by=UserFactory(department=department),
        state=State.PUBLISHED,
        submitted_at=submitted_at,
        approved_at=submitted_at,
        published_at=submitted_at,
        **filing_data(campaign, name=name or f"{department.short_name}审批提速工程"),
    )
    Target.objects.create(
        filing=filing,
        key=1,
        what="办结时限",
        unit="工作日",
        baseline=Decimal(20),
        target_value=Decimal(5),
        current_value=Decimal(6),
    )
    for key, due in enumerate(milestone_dates(campaign), start=1):
        Milestone.objects.create(
            filing=filing, key=key, position=key, title=f"节点{key}", due_date=due, percent=50
        )
    project.current = filing
    project.save(update_fields=["current"])
    return project


def verified_achievement(campaign, department, *, submitted_at=None, **kwargs):
    """A verified service achievement: a real deed candidate."""
    kwargs.setdefault("state", State.APPROVED)
    return AchievementFactory(
        campaign=campaign,
        department=department,
        submitted_at=submitted_at or moment(datetime.date(campaign.year, 3, 15)),
        created_by=UserFactory(department=department),
        **kwargs,
    )


def shortlist(candidate, *, by, reason="成效显著，群众认可"):
    """Put a candidate straight on its list (the service's refusals are tested separately)."""
    is_project = isinstance(candidate, Project)
    return ShortlistEntry.objects.create(
        campaign=candidate.campaign,
        kind=ListKind.BEST_MEASURE if is_project else ListKind.REAL_DEED,
        department=candidate.department,
        project=candidate if is_project else None,
        achievement=None if is_project else candidate,
        reason=reason,
        added_by=by,
    )


class ReviewerFactory(CenterUserFactory):
    username = factory.Sequence(lambda n: f"reviewer{n}")
    role = "reviewer"


def panel_of(campaign, reviewers, *, by, state=Panel.PanelState.OPEN):
    panel, _created = Panel.objects.get_or_create(campaign=campaign)
    for reviewer in reviewers:
        PanelMember.objects.get_or_create(panel=panel, reviewer=reviewer, defaults={"added_by": by})
    panel.state = state
    panel.save(update_fields=["state"])
    return panel


def give_scores(entry, values):
    """{reviewer: value} straight into the table."""
    for reviewer, value in values.items():
        Score.objects.update_or_create(entry=entry, reviewer=reviewer, defaults={"value": value})
