"""The pledges app's workflow tables (efficiency_center.workflow): the shared review for
pledges and fulfilment reports, and a leader's decision for a pledge not kept."""

from django.utils.translation import gettext_lazy as _

from efficiency_center.accounts import unit_users
from efficiency_center.decisions import decision_workflow
from efficiency_center.errors import DomainError
from efficiency_center.review import REVIEW
from efficiency_center.workflow import register

from .models import BrokenPledge, FulfilmentReport, Pledge


def _has_items(pledge, fields):
    if not pledge.items.exists():
        raise DomainError(_("A pledge needs at least one item."))


def _every_item_reported(report, fields):
    if report.entries.filter(text="").exists():
        raise DomainError(_("Say what was done for every item before submitting."))


# Approval publishes at once (services.pledge_publish, fulfilment_accept): the unit is told of
# the publication only.
PLEDGE = register(
    Pledge,
    REVIEW.with_actions(
        submit={"check": _has_items},
        approve={"button": _("Approve and publish"), "notify": None},
        publish={"offered": False},
    ),
)
FULFILMENT_REPORT = register(
    FulfilmentReport,
    REVIEW.with_actions(
        submit={"check": _every_item_reported},
        approve={"button": _("Accept and publish"), "notify": None},
        publish={"offered": False},
    ),
)


def _tell_confirmed(breach, change):
    return [
        (
            unit_users(breach.department_id) + [breach.recorded_by],
            _("%(record)s: confirmed and publicly notified.") % {"record": breach},
        )
    ]


def _tell_dismissed(breach, change):
    return [
        (
            [breach.recorded_by],
            _("%(record)s: dismissed by the center's leader.") % {"record": breach},
        )
    ]


BROKEN_PLEDGE = register(
    BrokenPledge,
    decision_workflow(
        approve=_("Confirmed"),
        refuse=_("Dismissed"),
        approve_button=_("Confirm: publish and deduct"),
        refuse_button=_("Dismiss"),
        refuse_comment=_("Say why the record is dismissed."),
        notify_approve=_tell_confirmed,
        notify_refuse=_tell_dismissed,
        created=_("Recorded by the center"),
    ),
)
