"""Campaign plans (活动方案) and practice projects (主题实践项目): filing, progress, completion.

A practice project is an identity (`Project`) that lives across versions of its filing
(`ProjectFiling`, the 申报表): a change after approval is a new filing (revision + 1, pointing at
the one it supersedes) that goes through review again, and `Project.current` moves to it only
when the center approves it. Progress reports and the completion summary belong to the project,
so that they survive a change of its filing.

Targets and milestones carry a `key` that is kept when a revision copies them: progress values
are matched to the current version by key, so moving a milestone's date does not lose its
progress.
"""

from .common import (
    MAX_ITEMS,
    PERCENT_VALIDATORS,
    QUARTER_VALIDATORS,
    VALUE_DIGITS,
    FiledMixin,
    FilingKind,
    MilestoneStatus,
    ProjectSettings,
    Rating,
    UnitIndicator,
    validate_workday_list,
)
from .progress import CompletionReport, MilestoneProgress, ProgressReport, TargetProgress
from .projects import CampaignPlan, Milestone, Project, ProjectFiling, Target

__all__ = [
    "MAX_ITEMS",
    "PERCENT_VALIDATORS",
    "QUARTER_VALIDATORS",
    "VALUE_DIGITS",
    "CampaignPlan",
    "CompletionReport",
    "FiledMixin",
    "FilingKind",
    "Milestone",
    "MilestoneProgress",
    "MilestoneStatus",
    "ProgressReport",
    "Project",
    "ProjectFiling",
    "ProjectSettings",
    "Rating",
    "Target",
    "TargetProgress",
    "UnitIndicator",
    "validate_workday_list",
]
