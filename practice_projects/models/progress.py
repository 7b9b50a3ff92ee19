"""Quarterly progress reports with their per-milestone and per-target values, and the
completion summary."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from efficiency_center.fields import unit_key
from efficiency_center.review import Reviewable

from .common import (
    PERCENT_VALIDATORS,
    QUARTER_VALIDATORS,
    VALUE_DIGITS,
    FiledMixin,
    MilestoneStatus,
)
from .projects import Milestone, Project, ProjectFiling, Target


class ProgressReport(Reviewable, FiledMixin):
    """A quarter's 进展报告表 of one project."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    department = unit_key("project_progress_reports")
    filing = models.ForeignKey(
        ProjectFiling,
        verbose_name=_("reported against version"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=QUARTER_VALIDATORS)
    work_done = models.TextField(_("what was done"))
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"))

    class Meta:
        ordering = ["project_id", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "quarter"], name="pp_one_report_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="pp_report_quarter"
            ),
        ]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return _("%(project)s · Q%(quarter)s progress") % {
            "project": self.filing.name,
            "quarter": self.quarter,
        }

    def get_absolute_url(self):
        return reverse("practice_projects:progress_detail", args=[self.pk])


class MilestoneProgress(models.Model):
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="milestone_entries"
    )
    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milestone"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=12, choices=MilestoneStatus.choices)
    percent = models.PositiveSmallIntegerField(_("percent done"), validators=PERCENT_VALIDATORS)

    class Meta:
        ordering = ["milestone__due_date", "milestone__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "milestone"], name="pp_one_entry_per_ms"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="pp_entry_percent"),
        ]
        verbose_name = _("milestone progress")
        verbose_name_plural = _("milestone progress")

    def __str__(self):
        return f"{self.milestone_id}: {self.percent}%"


class TargetProgress(models.Model):
    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="target_entries"
    )
    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("current value"), **VALUE_DIGITS)

    class Meta:
        ordering = ["target__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="pp_one_entry_per_target")
        ]
        verbose_name = _("target value")
        verbose_name_plural = _("target values")

    def __str__(self):
        return f"{self.target_id}: {self.value}"


class CompletionReport(Reviewable, FiledMixin):
    """The unit's completion summary; the clerk rates the project when approving it."""

    project = models.OneToOneField(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="completion"
    )
    department = unit_key("project_completions")
    summary = models.TextField(_("completion summary"))

    class Meta:
        verbose_name = _("completion summary")
        verbose_name_plural = _("completion summaries")

    def __str__(self):
        return _("%(project)s · completion summary") % {"project": self.project}

    def get_absolute_url(self):
        return reverse("practice_projects:completion_detail", args=[self.pk])
