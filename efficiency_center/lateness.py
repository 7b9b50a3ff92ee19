"""Late filings: a unit that did not file what it owed by a deadline loses the campaign's points,
once. Every app's deadline job records through `late_filing_record`, so that the once-only rule,
the ledger entry and the behaviour after the assessment is closed are the same everywhere.

A `LateFiling` row is the ledger entry's cause. It is unique per campaign, unit and `period`, a
key the caller chooses ("achievements:Q2", "practice_projects:plan",
"complaints:reply:12:20260310T…"): two runs of a job, or two jobs, that name the same period
deduct once.
"""

import logging

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .fields import campaign_key, unit_key

logger = logging.getLogger(__name__)


class LateFiling(models.Model):
    campaign = campaign_key("late_filings")
    department = unit_key("late_filings", verbose_name=_("unit"))
    # The app whose desk lists the filing, and the deadline's key (see the module docstring).
    source = models.CharField(_("source"), max_length=30)
    period = models.CharField(_("period"), max_length=80)
    deadline = models.DateField(_("deadline"))
    what = models.CharField(_("what was not filed"), max_length=200)
    # The record the deadline belonged to, where there is one (a complaint).
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["deadline", "department__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "department", "period"], name="late_filing_once"
            )
        ]
        verbose_name = _("late filing")
        verbose_name_plural = _("late filings")

    def __str__(self):
        return _("%(what)s not filed by %(date)s") % {
            "what": self.what,
            "date": self.deadline.isoformat(),
        }

    def get_absolute_url(self):
        """The subject's page, else the source's desk filtered to the unit."""
        if self.subject_id and hasattr(self.subject, "get_absolute_url"):
            return self.subject.get_absolute_url()
        try:
            desk = reverse(f"{self.source}:desk")
        except NoReverseMatch:
            return ""
        return desk + "?" + urlencode({"year": self.campaign.year})

    def get_unit_url(self):
        """The subject's page as its unit reads it (a complaint's unit page), else none: the
        desks are the center's."""
        if self.subject_id and hasattr(self.subject, "get_unit_url"):
            return self.subject.get_unit_url()
        return ""


def once_key(campaign, department, period):
    return f"late:{campaign.pk}:{department.pk}:{period}"


def late_filing_record(
    *,
    campaign,
    department,
    source,
    period,
    deadline,
    what,
    subject=None,
    kind=None,
    at=None,
):
    """Record once that `department` did not file `what` by `deadline`, and deduct the
    campaign's points for `kind` (a late report by default) once.

    With the campaign's assessment closed, nothing is written: the refusal is logged and None
    returned, so that a daily job goes on with the next unit and the next campaign."""
    from .accounts import system_user
    from .scoring import AssessmentClosedError, ScoreKind, record_score

    at = at or timezone.now()
    try:
        with transaction.atomic():
            row, _created = LateFiling.objects.get_or_create(
                campaign=campaign,
                department=department,
                period=period,
                defaults={
                    "source": source,
                    "deadline": deadline,
                    "what": str(what)[:200],
                    "subject_type": (
                        ContentType.objects.get_for_model(subject) if subject else None
                    ),
                    "subject_id": subject.pk if subject else None,
                    "recorded_at": at,
                },
            )
            record_score(
                department=department,
                campaign=campaign,
                kind=kind or ScoreKind.REPORT_LATE,
                cause=row,
                recorded_by=system_user(),
                note=str(row),
                once_key=once_key(campaign, department, period),
                at=at,
            )
    except AssessmentClosedError:
        logger.warning(
            "%s: %s late for %s, but the %s assessment is closed; nothing recorded",
            source,
            department.code,
            period,
            campaign.year,
        )
        return None
    return row
