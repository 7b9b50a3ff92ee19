"""Choices, validators, per-campaign settings and the filing bookkeeping of the documents."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from efficiency_center.fields import user_key

MAX_ITEMS = 20  # targets and milestones per filing
VALUE_DIGITS = {"max_digits": 16, "decimal_places": 4}


class FilingKind(models.TextChoices):
    """What a unit owes the center by a deadline (a column of the clerk's desk)."""

    PLAN = "plan", _("Campaign plan")
    PROJECT = "project", _("Project filing")
    Q1 = "q1", _("Q1 progress")
    Q2 = "q2", _("Q2 progress")
    Q3 = "q3", _("Q3 progress")
    Q4 = "q4", _("Q4 progress")

    @classmethod
    def for_quarter(cls, quarter):
        return cls(f"q{quarter}")


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DELAYED = "delayed", _("Delayed")


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    SATISFACTORY = "satisfactory", _("Satisfactory")
    UNSATISFACTORY = "unsatisfactory", _("Unsatisfactory")


PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
QUARTER_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]
_WORKDAY_LIST = re.compile(r"^\s*\d{1,2}(\s*,\s*\d{1,2})*\s*$")


def validate_workday_list(value):
    if not _WORKDAY_LIST.match(value or "") or not all(1 <= int(n) <= 30 for n in value.split(",")):
        raise ValidationError(
            _("Enter working days as numbers from 1 to 30 separated by commas, e.g. 5,1."),
            code="bad_workdays",
        )


class ProjectSettings(models.Model):
    """Per-campaign settings of this app. A campaign without a row uses the defaults."""

    campaign = models.OneToOneField(
        "efficiency_center.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="project_settings",
    )
    reminder_workdays = models.CharField(
        _("reminders (working days before a deadline)"),
        max_length=40,
        default="5,1",
        validators=[validate_workday_list],
        help_text=_("Comma-separated, e.g. 5,1: reminders 5 and 1 working days before."),
    )
    project_deadline = models.DateField(
        _("project filing deadline"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the campaign's plan deadline."),
    )

    class Meta:
        verbose_name = _("practice project settings")
        verbose_name_plural = _("practice project settings")

    def __str__(self):
        return str(self.campaign)

    @classmethod
    def for_campaign(cls, campaign):
        """The campaign's settings, or unsaved defaults (one query)."""
        return cls.objects.filter(campaign=campaign).first() or cls(campaign=campaign)

    def reminder_days(self):
        return sorted(
            {int(n) for n in self.reminder_workdays.split(",") if n.strip()}, reverse=True
        )

    def deadlines(self):
        """{FilingKind: date} for the campaign, in the order the year runs."""
        campaign = self.campaign
        result = {
            FilingKind.PLAN: campaign.plan_deadline,
            FilingKind.PROJECT: self.project_deadline or campaign.plan_deadline,
        }
        for quarter, deadline in campaign.quarter_deadlines().items():
            result[FilingKind.for_quarter(quarter)] = deadline
        return result


class UnitIndicator(models.Model):
    """A unit that carries a city-to-county assessment indicator (承担市对县考核指标) in a campaign:
    at least one of its projects must be tied to the indicator."""

    campaign = models.ForeignKey(
        "efficiency_center.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="unit_indicators",
    )
    department = models.ForeignKey(
        "efficiency_center.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="city_indicators",
    )
    text = models.CharField(_("assessment indicator"), max_length=300)

    class Meta:
        ordering = ["department__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "department"], name="pp_one_indicator_per_unit"
            )
        ]
        verbose_name = _("city-to-county assessment indicator")
        verbose_name_plural = _("city-to-county assessment indicators")

    def __str__(self):
        return f"{self.department} · {self.text}"


class FiledMixin(models.Model):
    """When the unit's own head first signed the document off: what counts for deadlines (a
    later return by the center does not make an on-time filing late)."""

    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True, editable=False)
    created_by = user_key(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)

    class Meta:
        abstract = True
