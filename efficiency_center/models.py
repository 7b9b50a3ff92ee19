"""Who and when: units, users and their roles, campaigns, calendar overrides.

The shared records of the mechanisms (StateChange, ScoreEntry, Notification, Attachment,
PublicNotice, AuditEvent) live beside their code in review.py, scoring.py, notifications.py,
uploads.py, notices.py and audit.py; they are imported at the bottom so that Django sees them.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    class Kind(models.TextChoices):
        KEY = "key", _("Key department")
        STATION = "station", _("Grassroots station")
        ENFORCEMENT = "enforcement", _("Key law-enforcement unit")
        ENTERPRISE_SECTION = "enterprise_section", _("Enterprise-service section")
        WINDOW = "window", _("Public-service window")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("full name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.KEY)
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("supervising department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_units",
        limit_choices_to={"kind": "key"},
    )
    approval_duty = models.BooleanField(
        _("approval department"),
        default=False,
        help_text=_(
            "Approval departments pledge faster approvals; the others pledge better service."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

    @property
    def is_sub_unit(self):
        return self.kind != self.Kind.KEY

    def clean(self):
        if self.is_sub_unit and not self.supervisor_id:
            raise ValidationError(
                {"supervisor": _("A sub-unit must have a supervising department.")}
            )
        if not self.is_sub_unit and self.supervisor_id:
            raise ValidationError(
                {"supervisor": _("A key department has no supervising department.")}
            )
        if self.supervisor_id and self.supervisor_id == self.pk:
            raise ValidationError({"supervisor": _("A department cannot supervise itself.")})


class User(AbstractUser):
    class Role(models.TextChoices):
        STAFF = "staff", _("Department staff")
        HEAD = "head", _("Department head")
        CLERK = "clerk", _("Center clerk")
        LEADER = "leader", _("Center leader")
        REVIEWER = "reviewer", _("Review panel member")
        ADMIN = "admin", _("System administrator")

    UNIT_ROLES = (Role.STAFF, Role.HEAD)
    CENTER_ROLES = (Role.CLERK, Role.LEADER, Role.ADMIN)

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    full_name = models.CharField(_("name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username

    def clean(self):
        super().clean()
        if self.role in self.UNIT_ROLES and not self.department_id:
            raise ValidationError({"department": _("Staff and heads must belong to a department.")})
        # A panel member invited from a unit keeps that unit, so as not to score its candidates.
        if self.role not in (*self.UNIT_ROLES, self.Role.REVIEWER) and self.department_id:
            raise ValidationError(
                {"department": _("Only staff, heads and reviewers belong to a department.")}
            )

    @property
    def is_unit_user(self):
        return self.role in self.UNIT_ROLES and self.department_id is not None

    @property
    def is_center_user(self):
        return self.role in self.CENTER_ROLES or self.is_superuser


def _default_themes():
    return ["一主四辅", "12345战略", "第28届中国荷花展"]


def _default_reminder_days():
    return [3, 1]


class CampaignQuerySet(models.QuerySet):
    def running(self, on=None):
        """The campaign whose period contains `on` (today), else the latest one."""
        on = on or timezone.localdate()
        current = self.filter(start_date__lte=on, end_date__gte=on).order_by("-year").first()
        return current or self.order_by("-year").first()


class Campaign(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    themes = models.JSONField(
        _("themes"), default=_default_themes, blank=True, help_text=_("One theme per entry.")
    )
    plan_deadline = models.DateField(_("plan deadline"))
    q1_deadline = models.DateField(_("Q1 report deadline"))
    q2_deadline = models.DateField(_("Q2 report deadline"))
    q3_deadline = models.DateField(_("Q3 report deadline"))
    q4_deadline = models.DateField(_("Q4 report deadline"))

    # Scoring parameters (DOMAIN.md "The year-end assessment and its defaults").
    points_pledge_broken = models.DecimalField(
        _("broken pledge item"), max_digits=5, decimal_places=2, default=Decimal("-2")
    )
    points_complaint_true = models.DecimalField(
        _("complaint found true"), max_digits=5, decimal_places=2, default=Decimal("-1")
    )
    points_complaint_partly_true = models.DecimalField(
        _("complaint partly true"), max_digits=5, decimal_places=2, default=Decimal("-0.5")
    )
    points_report_late = models.DecimalField(
        _("quarterly report late"), max_digits=5, decimal_places=2, default=Decimal("-0.5")
    )
    points_reply_overdue = models.DecimalField(
        _("complaint reply overdue"), max_digits=5, decimal_places=2, default=Decimal("-0.5")
    )
    points_best_measure = models.DecimalField(
        _("ten best measures"), max_digits=5, decimal_places=2, default=Decimal("3")
    )
    points_real_deed = models.DecimalField(
        _("ten real deeds"), max_digits=5, decimal_places=2, default=Decimal("2")
    )
    points_typical_forwarded = models.DecimalField(
        _("typical achievement forwarded to the city"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.5"),
    )
    bonus_cap = models.DecimalField(
        _("bonus cap per unit per year"), max_digits=5, decimal_places=2, default=Decimal("5")
    )
    publicity_workdays = models.PositiveSmallIntegerField(
        _("public display period (working days)"), default=5
    )

    # Complaint time limits in working days (seed 001; DOMAIN.md "Complaints").
    complaint_accept_workdays = models.PositiveSmallIntegerField(
        _("complaint acceptance limit (working days)"), default=2
    )
    complaint_reply_workdays = models.PositiveSmallIntegerField(
        _("unit reply limit (working days)"), default=10
    )
    complaint_close_workdays = models.PositiveSmallIntegerField(
        _("case closing limit after acceptance (working days)"), default=15
    )
    complaint_decline_workdays = models.PositiveSmallIntegerField(
        _("limit for a unit to return a case not its own (working days)"), default=2
    )
    complaint_extension_max_workdays = models.PositiveSmallIntegerField(
        _("longest extension (working days)"), default=15
    )
    complaint_very_overdue_workdays = models.PositiveSmallIntegerField(
        _("working days overdue before leaders are told"), default=5
    )
    complaint_reminder_workdays = models.JSONField(
        _("reply reminders (working days before the deadline)"),
        default=_default_reminder_days,
        blank=True,
    )

    # Once closed by a leader, the ledger takes no more entries for this campaign.
    assessment_closed_at = models.DateTimeField(
        _("assessment closed at"), null=True, blank=True, editable=False
    )
    assessment_closed_by = models.ForeignKey(
        "User",
        verbose_name=_("assessment closed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return f"{self.year} {self.name}"

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.start_date > self.end_date:
            errors["end_date"] = _("The campaign must end after it starts.")
        deadlines = [self.q1_deadline, self.q2_deadline, self.q3_deadline, self.q4_deadline]
        if all(deadlines) and deadlines != sorted(deadlines):
            errors["q4_deadline"] = _("Quarterly deadlines must be in order.")
        if self.year:
            for field in ("start_date", "end_date", "plan_deadline"):
                value = getattr(self, field)
                if value and value.year != self.year:
                    errors[field] = _("This date must fall in the campaign's year.")
        reminders = self.complaint_reminder_workdays
        if not isinstance(reminders, list) or not all(
            isinstance(n, int) and 0 < n <= 30 for n in reminders
        ):
            errors["complaint_reminder_workdays"] = _(
                "Give whole numbers of working days between 1 and 30, e.g. [3, 1]."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def assessment_is_closed(self):
        return self.assessment_closed_at is not None

    def quarter_deadlines(self):
        return {1: self.q1_deadline, 2: self.q2_deadline, 3: self.q3_deadline, 4: self.q4_deadline}

    def reporting_quarter(self, on):
        """The quarter being reported on `on`: the first whose deadline is that day or later
        (the fourth after the last deadline)."""
        for quarter, deadline in self.quarter_deadlines().items():
            if on <= deadline:
                return quarter
        return 4

    @classmethod
    def defaults_for_year(cls, year):
        """Seed 000's calendar: 3月20日 to 12月25日, plan by 3月20日, reports by each quarter's
        last month's 20th."""
        return {
            "year": year,
            "start_date": datetime.date(year, 3, 20),
            "end_date": datetime.date(year, 12, 25),
            "plan_deadline": datetime.date(year, 3, 20),
            "q1_deadline": datetime.date(year, 3, 20),
            "q2_deadline": datetime.date(year, 6, 20),
            "q3_deadline": datetime.date(year, 9, 20),
            "q4_deadline": datetime.date(year, 12, 20),
        }


class DayOverride(models.Model):
    """An official working-day fact the calendar package does not know (e.g. next year's
    holidays published by the State Council in November)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(
        _("working day"), help_text=_("Ticked: a working day (e.g. a make-up Saturday).")
    )
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self):
        return f"{self.date} {_('working day') if self.is_workday else _('day off')}"


# The shared mechanisms' records (see module docstring).
from .audit import AuditEvent  # noqa: E402,F401
from .lateness import LateFiling  # noqa: E402,F401
from .notices import PublicNotice  # noqa: E402,F401
from .notifications import Notification  # noqa: E402,F401
from .scoring import ScoreEntry  # noqa: E402,F401
from .throttle import ThrottleHit  # noqa: E402,F401
from .uploads import Attachment  # noqa: E402,F401
from .workflow import StateChange  # noqa: E402,F401
