"""The campaign plan and the project with the versions of its filing, targets and milestones."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from efficiency_center.fields import campaign_key, unit_key, user_key
from efficiency_center.review import Reviewable, Revisable

from .common import (
    PERCENT_VALIDATORS,
    VALUE_DIGITS,
    FiledMixin,
    MilestoneStatus,
    Rating,
    UnitIndicator,
)


class CampaignPlan(Reviewable, FiledMixin):
    campaign = campaign_key("plans")
    department = unit_key("campaign_plans")
    title = models.CharField(_("title"), max_length=200)
    doc_number = models.CharField(
        _("document number"),
        max_length=60,
        help_text=_("The number of the unit's official document, e.g. 金发改〔2014〕12号."),
    )
    text = models.TextField(_("plan text"), blank=True)

    class Meta:
        ordering = ["department__code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "department"], name="pp_one_plan_per_unit")
        ]
        verbose_name = _("campaign plan")
        verbose_name_plural = _("campaign plans")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practice_projects:plan_detail", args=[self.pk])


class Project(models.Model):
    """A practice project across the versions of its filing."""

    campaign = campaign_key("practice_projects")
    department = unit_key("practice_projects")
    current = models.OneToOneField(
        "ProjectFiling",
        verbose_name=_("current approved version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="current_of",
    )
    first_approved_at = models.DateTimeField(_("first approved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    rated_by = user_key(_("rated by"), optional=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)

    class Meta:
        ordering = ["department__code", "created_at", "id"]
        indexes = [models.Index(fields=["campaign", "department"])]
        verbose_name = _("practice project")
        verbose_name_plural = _("practice projects")

    def __str__(self):
        return str(self.current) if self.current_id else f"#{self.pk}"

    def get_absolute_url(self):
        return reverse("practice_projects:project_detail", args=[self.pk])

    def get_public_url(self):
        return reverse("practice_projects:public_detail", args=[self.pk])

    @property
    def is_public(self):
        return self.current_id is not None


class ProjectFiling(Revisable, Reviewable, FiledMixin):
    """One version of a project's 申报表."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="filings"
    )
    # The owning unit again (= project.department): the review workflow and permissions.py
    # read `department` on every reviewable record.
    department = unit_key("project_filings")
    change_note = models.TextField(
        _("what changes"), blank=True, help_text=_("For a new version: what changes and why.")
    )
    name = models.CharField(_("project name"), max_length=200)
    theme = models.CharField(_("theme"), max_length=100, blank=True)
    indicator = models.ForeignKey(
        UnitIndicator,
        verbose_name=_("city-to-county assessment indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filings",
    )
    leader = models.CharField(_("responsible leader"), max_length=50)
    contact_person = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    problem = models.TextField(_("problem it addresses"))
    measures = models.TextField(_("measures"))
    expected_results = models.TextField(_("expected results"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        ordering = ["project_id", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["project", "revision"], name="pp_one_revision_number"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="pp_filing_ends_after_start"
            ),
        ]
        verbose_name = _("project filing")
        verbose_name_plural = _("project filings")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("practice_projects:filing_detail", args=[self.pk])


class Target(models.Model):
    filing = models.ForeignKey(
        ProjectFiling, verbose_name=_("filing"), on_delete=models.CASCADE, related_name="targets"
    )
    key = models.PositiveIntegerField(editable=False)
    position = models.PositiveSmallIntegerField(default=0, editable=False)
    what = models.CharField(_("target"), max_length=200)
    unit = models.CharField(_("unit of measure"), max_length=30)
    baseline = models.DecimalField(_("baseline"), **VALUE_DIGITS)
    target_value = models.DecimalField(_("target value"), **VALUE_DIGITS)
    # The latest value from an approved progress report (copied into a new version by key).
    current_value = models.DecimalField(_("current value"), null=True, blank=True, **VALUE_DIGITS)
    reported_quarter = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["filing", "key"], name="pp_target_key_per_filing")
        ]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self):
        return self.what


class Milestone(models.Model):
    filing = models.ForeignKey(
        ProjectFiling,
        verbose_name=_("filing"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    key = models.PositiveIntegerField(editable=False)
    position = models.PositiveSmallIntegerField(default=0, editable=False)
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("due date"))
    # The latest status and percent from an approved progress report.
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MilestoneStatus.choices,
        default=MilestoneStatus.NOT_STARTED,
    )
    percent = models.PositiveSmallIntegerField(
        _("percent done"), default=0, validators=PERCENT_VALIDATORS
    )
    reported_quarter = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_date", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["filing", "key"], name="pp_milestone_key_per_filing"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="pp_milestone_percent"),
        ]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title

    def is_delayed_on(self, day):
        """Past due and not done, or reported delayed."""
        if self.status == MilestoneStatus.DONE:
            return False
        return self.status == MilestoneStatus.DELAYED or self.due_date < day
