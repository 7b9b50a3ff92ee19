"""公示: the clerk opens a public display batch, anyone objects, the clerk answers, the job
closes the batch once its period is over and no objection is open."""

import logging
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center import workdays
from efficiency_center.accounts import clerks, system_user
from efficiency_center.errors import DomainError, Invalid, NotFound
from efficiency_center.models import User
from efficiency_center.notifications import notify
from efficiency_center.permissions import require_role
from efficiency_center.review import State
from efficiency_center.scoring import ScoreEntry, reverse_score
from efficiency_center.workflow import record_created, step

from ..models import OBJECTION_MAX_CHARS, Achievement, Objection, PublicityBatch
from ..workflows import ANSWER_ACTIONS
from .verification import forward_once_key

logger = logging.getLogger(__name__)
OBJECTIONS_PER_HOUR = 5


class TooManyObjections(Invalid):
    """One address raised the most objections we accept in an hour (429)."""

    status = 429


@transaction.atomic
def publicity_open(*, user, campaign, quarter, achievement_ids, starts=None, at=None):
    """Put typical achievements of one quarter on public display for the campaign's period."""
    at = at or timezone.now()
    require_role(
        user, User.Role.CLERK, message=_("Only the center's clerks manage the public display.")
    )
    starts = starts or timezone.localdate(at)
    ids = set(achievement_ids)
    chosen = list(
        Achievement.objects.select_for_update(of=("self",))
        .select_related("department")
        .filter(
            pk__in=ids,
            campaign=campaign,
            quarter=quarter,
            state=State.APPROVED,
            is_typical=True,
            batch=None,
        )
    )
    if not chosen or len(chosen) != len(ids):
        raise Invalid(
            {
                "achievements": _(
                    "Choose typical achievements of this quarter that are not on display yet."
                )
            },
            code="bad_choice",
        )
    batch = PublicityBatch.objects.create(
        campaign=campaign,
        quarter=quarter,
        starts=starts,
        ends=workdays.add_workdays(starts, campaign.publicity_workdays),
        opened_by=user,
        created_at=at,
    )
    record_created(batch, actor=user, at=at)
    for achievement in chosen:
        step(
            achievement,
            "publish",
            actor=user,
            expected_version=achievement.version,
            at=at,
            batch=batch,
        )
    return batch


@transaction.atomic
def objection_raise(*, achievement, text, name="", contact="", ip_address=None, at=None):
    """Anyone objects to an achievement on display. At most OBJECTIONS_PER_HOUR per address,
    counted from the rows themselves (no cache to lose or to share between workers)."""
    at = at or timezone.now()
    achievement = (
        Achievement.objects.select_for_update(of=("self",))
        .select_related("batch")
        .get(pk=achievement.pk)
    )
    if not achievement.accepts_objections(timezone.localdate(at)):
        raise NotFound(_("This achievement is not on public display."))
    text = (text or "").strip()
    if not text:
        raise Invalid({"text": _("Please write your objection.")}, code="required")
    if len(text) > OBJECTION_MAX_CHARS:
        raise Invalid(
            {"text": _("At most %(max)s characters.") % {"max": OBJECTION_MAX_CHARS}},
            code="too_long",
        )
    if ip_address:
        recent = Objection.objects.filter(
            ip_address=ip_address, created_at__gte=at - timedelta(hours=1)
        ).count()
        if recent >= OBJECTIONS_PER_HOUR:
            raise TooManyObjections(
                _(
                    "You have raised %(max)s objections in the last hour, the most we accept "
                    "from one address. Please try again later or call the center."
                )
                % {"max": OBJECTIONS_PER_HOUR},
                code="rate_limited",
            )
    objection = Objection.objects.create(
        achievement=achievement,
        text=text,
        name=(name or "").strip(),
        contact=(contact or "").strip(),
        ip_address=ip_address or None,
        created_at=at,
    )
    notify(
        clerks(),
        _("A new objection awaits your answer: %s") % achievement.title[:60],
        objection,
        url=reverse("achievements:objection_answer", args=[objection.pk]),
        at=at,
    )
    return objection


@transaction.atomic
def objection_answer(*, objection, user, outcome, answer, expected_version, at=None):
    """The clerk answers an objection. Upheld: the achievement leaves the typical list and its
    forwarding bonus is reversed (refused, with nothing recorded, once the assessment is
    closed). Dismissed: the answer is shown publicly beside it."""
    at = at or timezone.now()
    answer = (answer or "").strip()
    if outcome not in ANSWER_ACTIONS:
        raise Invalid({"outcome": _("Choose upheld or dismissed.")}, code="invalid")
    if not answer:
        raise Invalid({"answer": _("Please write the answer.")}, code="required")
    step(
        objection,
        ANSWER_ACTIONS[outcome],
        actor=user,
        expected_version=expected_version,
        comment=answer,
        at=at,
        answer=answer,
        answered_by=user,
    )
    if outcome == Objection.Outcome.UPHELD:
        _withdraw(objection.achievement_id, user=user, answer=answer, at=at)
    return objection


def _withdraw(achievement_id, *, user, answer, at):
    achievement = Achievement.objects.select_related("department", "campaign").get(
        pk=achievement_id
    )
    if not achievement.is_typical:
        return  # an earlier upheld objection already withdrew it
    step(
        achievement,
        "withdraw",
        actor=user,
        expected_version=achievement.version,
        comment=answer,
        at=at,
        is_typical=False,
    )
    entry = ScoreEntry.objects.filter(dedupe_key=forward_once_key(achievement)).first()
    if entry is not None and not ScoreEntry.objects.filter(reverses=entry).exists():
        reverse_score(entry, recorded_by=user, note=_("Objection upheld"), at=at)


def publicity_close_due(*, at=None):
    """Close each open batch whose period ended before the day of `at` and that has no
    unanswered objection; tell the clerks (once a day) about batches held open. Returns
    (closed, held)."""
    at = at or timezone.now()
    today = timezone.localdate(at)
    due = PublicityBatch.objects.filter(
        state=PublicityBatch.BatchState.OPEN, ends__lt=today
    ).order_by("ends", "pk")
    closed, held = [], []
    for batch in due:
        pending = batch.pending_objections().count()
        if pending:
            held.append(batch)
            with transaction.atomic():
                notify(
                    clerks(),
                    _(
                        "The public display of %(batch)s has ended but is held open by "
                        "%(count)s unanswered objection(s)."
                    )
                    % {"batch": batch, "count": pending},
                    batch,
                    url=reverse("achievements:review_queue") + f"?quarter={batch.quarter}",
                    once_key=f"publicity-held:{batch.pk}:{today}",
                    at=at,
                )
            continue
        try:
            step(batch, "close", actor=system_user(), expected_version=batch.version, at=at)
        except DomainError as refusal:
            # Another run closed it, or an objection came in meanwhile: the next run decides.
            logger.info("publicity batch %s not closed: %s", batch.pk, refusal)
            continue
        closed.append(batch)
    return closed, held
