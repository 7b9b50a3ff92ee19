"""After the conclusion: the answer to the complainant, the follow-up call (回访) and closing.

Every real-name case gets a follow-up before it closes; an anonymous case (nobody to call) may
close once answered. A follow-up counts for closing when it was recorded on or after the day of
the (last) answer, so that a case reopened for re-examination and answered again needs a new one
(the same rule as the clerk's desk, selectors/desk.py).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ContactChannel, FollowUp, Satisfaction, Status
from ..workflow import ComplaintError, move
from .handling import check_version, require_clerk, required_text


def followed_up_since_answer(complaint):
    if complaint.answered_on is None:
        return False
    return complaint.follow_ups.filter(created_at__date__gte=complaint.answered_on).exists()


@transaction.atomic
def answer(*, complaint, user, expected_version, channel, answered_on, text):
    """Record how and when the complainant was answered, and what they were told (shown on
    the query page)."""
    require_clerk(user)
    check_version(complaint, expected_version)
    if channel not in ContactChannel.values:
        raise ValidationError({"channel": _("Choose how the complainant was answered.")})
    if answered_on is None:
        raise ValidationError({"answered_on": _("Give the date of the answer.")})
    if answered_on > timezone.localdate():
        raise ValidationError({"answered_on": _("The answer cannot be dated in the future.")})
    if complaint.concluded_at and answered_on < timezone.localdate(complaint.concluded_at):
        raise ValidationError(
            {"answered_on": _("The answer cannot be dated before the conclusion.")}
        )
    text = required_text(text, "text", _("Write what the complainant was told."))
    move(
        complaint,
        "answer",
        actor=user,
        expected_version=expected_version,
        comment=ContactChannel(channel).label + f" {answered_on.isoformat()}",
        fields={"answer_channel": channel, "answered_on": answered_on, "answer_text": text},
    )
    return complaint


@transaction.atomic
def follow_up(*, complaint, user, expected_version, satisfaction, channel, note=""):
    """The clerk's follow-up call: the complainant's satisfaction on the 好差评 scale."""
    require_clerk(user)
    check_version(complaint, expected_version)
    if complaint.status != Status.ANSWERED:
        raise ComplaintError(_("A follow-up is recorded once the complainant was answered."))
    try:
        satisfaction = Satisfaction(int(satisfaction))
    except (TypeError, ValueError):
        raise ValidationError({"satisfaction": _("Choose the satisfaction.")}) from None
    if channel not in ContactChannel.values:
        raise ValidationError({"channel": _("Choose how the complainant was reached.")})
    return FollowUp.objects.create(
        complaint=complaint,
        satisfaction=satisfaction,
        channel=channel,
        note=(note or "").strip(),
        recorded_by=user,
    )


@transaction.atomic
def close(*, complaint, user, expected_version, comment=""):
    """Close an answered case; a real-name case needs its follow-up first."""
    require_clerk(user)
    check_version(complaint, expected_version)
    if complaint.status == Status.ANSWERED:
        if not complaint.answer_text:
            raise ComplaintError(_("Record the answer to the complainant first."))
        if not complaint.is_anonymous and not followed_up_since_answer(complaint):
            raise ComplaintError(
                _("A real-name case is closed only after the follow-up call: record it first.")
            )
    move(
        complaint,
        "close",
        actor=user,
        expected_version=expected_version,
        comment=(comment or "").strip(),
        fields={"closed_at": timezone.now()},
    )
    return complaint
