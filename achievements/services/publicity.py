"""公示: the clerk opens a public display batch, anyone objects, the clerk answers, the job
closes the batch once its period is over and no objection is open."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center import review, workdays
from efficiency_center.notifications import notify
from efficiency_center.review import ReviewError, State
from efficiency_center.scoring import ScoreEntry, reverse_score

from ..models import OBJECTION_MAX_CHARS, Achievement, Objection, PublicityBatch
from ._common import clerks, locked_update, unit_users
from .verification import forward_once_key

OBJECTIONS_PER_HOUR = 5


class NotInPublicity(Exception):
    """The achievement is not in a public display that takes objections (the view: 404)."""


def _require_clerk(user):
    if user.role != user.Role.CLERK:
        raise ReviewError(_("Only the center's clerks manage the public display."))


@transaction.atomic
def publicity_open(*, user, campaign, quarter, achievement_ids, starts=None):
    """Put typical achievements of one quarter on public display for the campaign's period."""
    _require_clerk(user)
    starts = starts or timezone.localdate()
    ids = set(achievement_ids)
    chosen = list(
        Achievement.objects.select_for_update()
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
        raise ValidationError(
            _("Choose typical achievements of this quarter that are not on display yet."),
            code="bad_choice",
        )
    batch = PublicityBatch.objects.create(
        campaign=campaign,
        quarter=quarter,
        starts=starts,
        ends=workdays.add_workdays(starts, campaign.publicity_workdays),
        opened_by=user,
    )
    for achievement in chosen:
        review.transition(achievement, "publish", user, expected_version=achievement.version)
        Achievement.objects.filter(pk=achievement.pk).update(batch=batch)
        achievement.batch = batch
        notify(
            unit_users(achievement.department_id),
            _("Your achievement is on public display until %(ends)s: %(title)s")
            % {"ends": batch.ends, "title": achievement.title[:60]},
            achievement,
        )
    return batch


def open_for_objections(achievement, today):
    batch = achievement.batch
    return (
        batch is not None
        and achievement.state == State.PUBLISHED
        and achievement.is_typical
        and batch.accepts_objections(today)
    )


@transaction.atomic
def objection_raise(*, achievement, text, name="", contact="", ip_address=None, today=None):
    """Anyone objects to an achievement on display. At most OBJECTIONS_PER_HOUR per address,
    counted from the rows themselves (no cache to lose or to share between workers)."""
    today = today or timezone.localdate()
    achievement = (
        Achievement.objects.select_for_update(of=("self",))
        .select_related("batch")
        .get(pk=achievement.pk)
    )
    if not open_for_objections(achievement, today):
        raise NotInPublicity
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Please write your objection.")}, code="required")
    if len(text) > OBJECTION_MAX_CHARS:
        raise ValidationError(
            {"text": _("At most %(max)s characters.") % {"max": OBJECTION_MAX_CHARS}},
            code="too_long",
        )
    now = timezone.now()
    if ip_address:
        recent = Objection.objects.filter(
            ip_address=ip_address, created_at__gte=now - timedelta(hours=1)
        ).count()
        if recent >= OBJECTIONS_PER_HOUR:
            raise ValidationError(
                _(
                    "You have raised %(max)s objections in the last hour, the most we accept "
                    "from one address. Please try again later or call the center."
                ),
                code="rate_limited",
                params={"max": OBJECTIONS_PER_HOUR},
            )
    objection = Objection.objects.create(
        achievement=achievement,
        text=text,
        name=(name or "").strip(),
        contact=(contact or "").strip(),
        ip_address=ip_address or None,
        created_at=now,
    )
    notify(
        clerks(),
        _("A new objection awaits your answer: %s") % achievement.title[:60],
        objection,
        url=reverse("achievements:objection_answer", args=[objection.pk]),
    )
    return objection


@transaction.atomic
def objection_answer(*, objection, user, outcome, answer):
    """The clerk answers an objection. Upheld: the achievement leaves the typical list and its
    forwarding bonus is reversed. Dismissed: the answer is shown publicly beside it."""
    _require_clerk(user)
    answer = (answer or "").strip()
    if outcome not in (Objection.Outcome.UPHELD, Objection.Outcome.DISMISSED):
        raise ValidationError({"outcome": _("Choose upheld or dismissed.")}, code="invalid")
    if not answer:
        raise ValidationError({"answer": _("Please write the answer.")}, code="required")
    now = timezone.now()
    answered = Objection.objects.filter(pk=objection.pk, outcome="").update(
        outcome=outcome, answer=answer, answered_by=user, answered_at=now
    )
    if not answered:
        raise ReviewError(_("This objection has already been answered."))
    objection.outcome, objection.answer, objection.answered_by, objection.answered_at = (
        outcome,
        answer,
        user,
        now,
    )
    if outcome == Objection.Outcome.UPHELD:
        _withdraw(objection.achievement_id, user=user, answer=answer)
    return objection


def _withdraw(achievement_id, *, user, answer):
    achievement = Achievement.objects.select_for_update().get(pk=achievement_id)
    if not achievement.is_typical:
        return  # an earlier upheld objection already withdrew it
    from_state = achievement.state
    to_state = State.APPROVED if from_state == State.PUBLISHED else from_state
    locked_update(
        achievement,
        expected_version=achievement.version,
        is_typical=False,
        state=to_state,
    )
    review.record_state_change(
        achievement,
        action="withdraw",
        from_state=from_state,
        to_state=to_state,
        actor=user,
        comment=answer,
    )
    entry = ScoreEntry.objects.filter(dedupe_key=forward_once_key(achievement)).first()
    if entry is not None and not ScoreEntry.objects.filter(reverses=entry).exists():
        reverse_score(entry, recorded_by=user, note=_("Objection upheld"))
    notify(
        unit_users(achievement.department_id),
        _("An objection was upheld; the achievement is no longer typical: %s")
        % achievement.title[:60],
        achievement,
    )


def publicity_close_due(*, today=None):
    """Close each open batch whose period ended before `today` and that has no unanswered
    objection; tell the clerks (once a day) about batches held open. Returns (closed, held)."""
    today = today or timezone.localdate()
    due = PublicityBatch.objects.filter(
        state=PublicityBatch.BatchState.OPEN, ends__lt=today
    ).order_by("ends", "pk")
    closed, held = [], []
    for batch in due:
        with transaction.atomic():
            pending = Objection.objects.filter(
                achievement__batch=batch, outcome=Objection.Outcome.PENDING
            ).count()
            if pending:
                held.append(batch)
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
                )
                continue
            updated = PublicityBatch.objects.filter(
                pk=batch.pk, state=PublicityBatch.BatchState.OPEN
            ).update(state=PublicityBatch.BatchState.CLOSED, closed_at=timezone.now())
            if updated:
                closed.append(batch)
                notify(
                    clerks(),
                    _("The public display of %(batch)s is over; its achievements are final.")
                    % {"batch": batch},
                    batch,
                    once_key=f"publicity-closed:{batch.pk}",
                )
    return closed, held
