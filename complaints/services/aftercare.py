"""After the conclusion: the answer to the complainant, the follow-up call (回访) and closing.

Every real-name case gets a follow-up before it closes; an anonymous case (nobody to call) may
close once answered. A follow-up counts for closing when it was recorded on or after the day of
the (last) answer, so that a case reopened for re-examination and answered again needs a new one
(the same rule as the clerk's desk, selectors/desk.py; the close step's check in workflows.py).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.errors import Invalid
from efficiency_center.workflow import step

from ..models import ContactChannel, FollowUp, Satisfaction
from .common import case_permits, required_text


def complaint_answer(*, complaint, user, expected_version, channel, answered_on, text, at=None):
    """Record how and when the complainant was answered, and what they were told (shown on
    the query page)."""
    at = at or timezone.now()
    if channel not in ContactChannel.values:
        raise Invalid({"channel": _("Choose how the complainant was answered.")})
    if answered_on is None:
        raise Invalid({"answered_on": _("Give the date of the answer.")})
    if answered_on > timezone.localdate(at):
        raise Invalid({"answered_on": _("The answer cannot be dated in the future.")})
    if complaint.concluded_at and answered_on < timezone.localdate(complaint.concluded_at):
        raise Invalid({"answered_on": _("The answer cannot be dated before the conclusion.")})
    text = required_text(text, "text", _("Write what the complainant was told."))
    step(
        complaint,
        "answer",
        actor=user,
        expected_version=expected_version,
        at=at,
        comment=ContactChannel(channel).label + f" {answered_on.isoformat()}",
        answer_channel=channel,
        answered_on=answered_on,
        answer_text=text,
    )
    return complaint


@transaction.atomic
def follow_up_record(*, complaint, user, expected_version, satisfaction, channel, note="", at=None):
    """The clerk's follow-up call: the complainant's satisfaction on the 好差评 scale."""
    at = at or timezone.now()
    case_permits(complaint, "follow_up", user=user, expected_version=expected_version, at=at)
    try:
        satisfaction = Satisfaction(int(satisfaction))
    except (TypeError, ValueError):
        raise Invalid({"satisfaction": _("Choose the satisfaction.")}) from None
    if channel not in ContactChannel.values:
        raise Invalid({"channel": _("Choose how the complainant was reached.")})
    return FollowUp.objects.create(
        complaint=complaint,
        satisfaction=satisfaction,
        channel=channel,
        note=(note or "").strip(),
        recorded_by=user,
        created_at=at,
    )


def complaint_close(*, complaint, user, expected_version, comment="", at=None):
    """Close an answered case; a real-name case needs its follow-up first (the table's check)."""
    step(complaint, "close", actor=user, expected_version=expected_version, at=at, comment=comment)
    return complaint
