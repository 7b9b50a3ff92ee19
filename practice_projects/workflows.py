"""The practice_projects app's workflow tables (efficiency_center.workflow): the shared review
for its four documents.

A campaign plan is accepted (approved) and never published. A project filing, a progress report
and a completion summary are public once approved: the services publish them in the same step
(services.filing_approve, progress_report_approve, completion_approve), so the unit is told of
the publication only. A filing of a unit that carries a city-to-county indicator is signed off
only once one of the unit's projects is tied to it.
"""

from django.utils.translation import gettext_lazy as _

from efficiency_center.errors import DomainError
from efficiency_center.review import REVIEW
from efficiency_center.workflow import register

from .models import CampaignPlan, CompletionReport, ProgressReport, ProjectFiling
from .selectors import indicator_missing


def _tied_to_the_indicator(filing, fields):
    if indicator_missing(filing):
        raise DomainError(
            _(
                "Our unit carries a city-to-county assessment indicator: at least one of its "
                "projects must be tied to it. Choose the indicator as this project's theme, "
                "or file a project for it first."
            )
        )


PUBLISHED_ON_APPROVAL = {
    "approve": {"button": _("Approve and publish"), "notify": None},
    "publish": {"offered": False},
}

PLAN = register(CampaignPlan, REVIEW.with_actions(publish=None))
FILING = register(
    ProjectFiling,
    REVIEW.with_actions(submit={"check": _tied_to_the_indicator}, **PUBLISHED_ON_APPROVAL),
)
PROGRESS_REPORT = register(ProgressReport, REVIEW.with_actions(**PUBLISHED_ON_APPROVAL))
COMPLETION = register(CompletionReport, REVIEW.with_actions(**PUBLISHED_ON_APPROVAL))
