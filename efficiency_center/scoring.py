"""The assessment ledger: every deduction and bonus is a ScoreEntry traceable to its cause.

`record_score` is the only code that creates entries; entries are never edited or deleted: a
correction is a reversing entry (`reverse_score`). The assessment is a sum over entries, with the
campaign's cap applied to the bonus side.
"""

from decimal import Decimal

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .fields import campaign_key, unit_key, user_key


class ScoreKind(models.TextChoices):
    PLEDGE_BROKEN = "pledge_broken", _("Pledge not kept")
    COMPLAINT_TRUE = "complaint_true", _("Complaint found true")
    COMPLAINT_PARTLY_TRUE = "complaint_partly_true", _("Complaint partly true")
    REPORT_LATE = "report_late", _("Quarterly report late")
    REPLY_OVERDUE = "reply_overdue", _("Complaint reply overdue")
    BEST_MEASURE = "best_measure", _("Ten best measures")
    REAL_DEED = "real_deed", _("Ten real deeds")
    TYPICAL_FORWARDED = "typical_forwarded", _("Typical achievement forwarded to the city")
    REVERSAL = "reversal", _("Correction (reversal)")


# Which campaign parameter gives the default points of each kind.
DEFAULT_POINTS_FIELD = {
    ScoreKind.PLEDGE_BROKEN: "points_pledge_broken",
    ScoreKind.COMPLAINT_TRUE: "points_complaint_true",
    ScoreKind.COMPLAINT_PARTLY_TRUE: "points_complaint_partly_true",
    ScoreKind.REPORT_LATE: "points_report_late",
    ScoreKind.REPLY_OVERDUE: "points_reply_overdue",
    ScoreKind.BEST_MEASURE: "points_best_measure",
    ScoreKind.REAL_DEED: "points_real_deed",
    ScoreKind.TYPICAL_FORWARDED: "points_typical_forwarded",
}
BONUS_KINDS = (ScoreKind.BEST_MEASURE, ScoreKind.REAL_DEED, ScoreKind.TYPICAL_FORWARDED)


class LedgerError(DomainError):
    """The ledger refuses: an entry edited, reversed twice, or a closed assessment."""


class AssessmentClosedError(LedgerError):
    def __init__(self, campaign):
        super().__init__(
            _("The %(year)s assessment is closed: nothing can be added to its ledger.")
            % {"year": campaign.year}
        )


def _refuse_if_closed(campaign_id):
    """Read under a row lock, so that closing and recording cannot interleave."""
    from .models import Campaign

    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    if campaign.assessment_is_closed:
        raise AssessmentClosedError(campaign)
    return campaign


def bonus_granted(department_id, campaign_id):
    """The unit's net bonus points recorded so far in the campaign (reversals included)."""
    from django.db.models import Q

    total = ScoreEntry.objects.filter(
        Q(kind__in=BONUS_KINDS) | Q(reverses__kind__in=BONUS_KINDS),
        department_id=department_id,
        campaign_id=campaign_id,
    ).aggregate(total=Sum("points"))["total"]
    return total or Decimal(0)


class ScoreEntry(models.Model):
    department = unit_key("score_entries")
    campaign = campaign_key("score_entries")
    kind = models.CharField(_("kind"), max_length=24, choices=ScoreKind.choices)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    # For a bonus: what the cause earns before the yearly cap (`points` is what was granted).
    points_asked = models.DecimalField(
        _("points asked"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    cause_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    cause_id = models.PositiveBigIntegerField()
    cause = GenericForeignKey("cause_type", "cause_id")
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = user_key(_("recorded by"))
    confirmed_by = user_key(_("confirmed by"), optional=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    # Set by jobs that must record once (a late report is deducted once): unique.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["campaign", "department"]),
            models.Index(fields=["cause_type", "cause_id"]),
        ]
        verbose_name = _("score entry")
        verbose_name_plural = _("score entries")

    def __str__(self):
        return f"{self.department} {self.get_kind_display()} {self.points:+}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise LedgerError("Score entries are never edited; record a reversal instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerError("Score entries are never deleted; record a reversal instead.")


@transaction.atomic
def record_score(
    *,
    department,
    campaign,
    kind,
    cause,
    recorded_by,
    confirmed_by=None,
    points=None,
    note="",
    once_key=None,
    at=None,
):
    """Append one entry (dated `at`, default now); `points` defaults to the campaign's
    parameter for `kind`; `note` is cut to what the ledger keeps.

    With `once_key`, the entry already recorded under that key is returned instead: a job run
    twice records once. A bonus is granted up to what is left under the campaign's yearly cap;
    the entry keeps both figures. A closed assessment takes nothing (AssessmentClosedError)."""
    if once_key:
        existing = ScoreEntry.objects.filter(dedupe_key=once_key).first()
        if existing is not None:
            return existing
    campaign = _refuse_if_closed(campaign.pk)
    if points is None:
        points = getattr(campaign, DEFAULT_POINTS_FIELD[kind])
    points, points_asked = Decimal(points), None
    if kind in BONUS_KINDS:
        # The campaign row lock above serialises bonuses, so two cannot both take the last point.
        room = max(campaign.bonus_cap - bonus_granted(department.pk, campaign.pk), Decimal(0))
        points_asked, points = points, min(points, room)
    return ScoreEntry.objects.create(
        department=department,
        campaign=campaign,
        kind=kind,
        points=points,
        points_asked=points_asked,
        cause_type=ContentType.objects.get_for_model(cause),
        cause_id=cause.pk,
        recorded_by=recorded_by,
        confirmed_by=confirmed_by,
        note=_note(note),
        dedupe_key=once_key,
        created_at=at or timezone.now(),
    )


def _note(text):
    return str(text or "")[: ScoreEntry._meta.get_field("note").max_length]


@transaction.atomic
def reverse_score(entry, *, recorded_by, note, at=None):
    """Cancel `entry` with an opposite entry that points at it (and at the same cause)."""
    _refuse_if_closed(entry.campaign_id)
    entry = ScoreEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.kind == ScoreKind.REVERSAL or ScoreEntry.objects.filter(reverses=entry).exists():
        raise LedgerError(_("This entry has already been reversed or is itself a reversal."))
    return ScoreEntry.objects.create(
        department_id=entry.department_id,
        campaign_id=entry.campaign_id,
        kind=ScoreKind.REVERSAL,
        points=-entry.points,
        cause_type_id=entry.cause_type_id,
        cause_id=entry.cause_id,
        reverses=entry,
        recorded_by=recorded_by,
        note=_note(note),
        created_at=at or timezone.now(),
    )


def entries_for_cause(cause):
    return ScoreEntry.objects.filter(
        cause_type=ContentType.objects.get_for_model(cause), cause_id=cause.pk
    )


def department_totals(campaign):
    """{department_id: (deductions, capped bonus, total)} for the campaign, in one query.

    A reversal counts on the side of the entry it reverses."""
    rows = (
        ScoreEntry.objects.filter(campaign=campaign)
        .values_list("department_id", "kind", "reverses__kind")
        .annotate(sum=Sum("points"))
        .order_by()
    )
    sides = {}
    for department_id, kind, reversed_kind, points in rows:
        is_bonus = (reversed_kind or kind) in BONUS_KINDS
        deductions, bonus = sides.get(department_id, (Decimal(0), Decimal(0)))
        if is_bonus:
            bonus += points
        else:
            deductions += points
        sides[department_id] = (deductions, bonus)
    return {
        dept: (
            deductions,
            min(bonus, campaign.bonus_cap),
            deductions + min(bonus, campaign.bonus_cap),
        )
        for dept, (deductions, bonus) in sides.items()
    }
