"""Service achievements (服务实绩, "101%服务"), their public display (公示) and objections.

How verification maps onto the shared review workflow (efficiency_center/review.py); the table
is achievements/workflows.py:

    draft → (signed →) submitted → returned …   the shared path, unchanged
    submitted --approve-->  approved             = verified (核实)
    submitted --not_accept--> submitted + not_accepted_at set: final, out of every queue
    approved --mark_typical--> is_typical        = typical (典型实绩); --forward--> forwarded_at
    approved --publish--> published              = in a 公示 batch (public, evidence readable)
    published --withdraw--> approved             = an objection was upheld: no longer typical

"Not accepted" is not a state of the shared machine: it is a timestamp beside `state`, set by a
step that leaves the state as it is; the record stays at the center (never editable).
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from efficiency_center.fields import campaign_key, unit_key, user_key
from efficiency_center.review import Reviewable, State
from efficiency_center.vocabulary import FocusArea, Quarter

MAX_PER_QUARTER = 20
OBJECTION_MAX_CHARS = 2000
DEFAULT_CATEGORIES = ["101%服务", "百户企业大走访", "百名科长联百企", "百个站所进万家", "其他"]
VERIFIED_STATES = (State.APPROVED, State.PUBLISHED)
FIGURE_FIELDS = (
    "cases_handled",
    "workdays_saved",
    "enterprises_served",
    "people_served",
    "money_saved",
)


# The shared review states in this app's words (the history, the admin): an approved
# achievement is verified (核实), a published one is on public display (公示).
STATES = [
    (
        value,
        {State.APPROVED: _("Verified"), State.PUBLISHED: _("In public display")}.get(value, label),
    )
    for value, label in State.choices
]


class Category(models.Model):
    """One entry of a campaign's list of achievement categories (admins edit it)."""

    campaign = models.ForeignKey(
        "efficiency_center.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="achievement_categories",
    )
    name = models.CharField(_("name"), max_length=50)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["campaign", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="achievement_category_unique")
        ]
        verbose_name = _("achievement category")
        verbose_name_plural = _("achievement categories")

    def __str__(self):
        return self.name


class PublicityBatch(models.Model):
    """A set of typical achievements shown to the public for objections (公示)."""

    class BatchState(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    campaign = campaign_key("publicity_batches")
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=Quarter.choices)
    starts = models.DateField(_("public display starts"))
    ends = models.DateField(_("public display ends"))
    state = models.CharField(
        _("state"), max_length=8, choices=BatchState.choices, default=BatchState.OPEN
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    opened_by = user_key(_("opened by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-starts", "-id"]
        indexes = [models.Index(fields=["state", "ends"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gte=F("starts")), name="batch_ends_after")
        ]
        verbose_name = _("public display batch")
        verbose_name_plural = _("public display batches")

    def __str__(self):
        return f"{self.campaign.year} Q{self.quarter} {self.starts}–{self.ends}"

    def get_absolute_url(self):
        return reverse("achievements:public_list") + f"#batch-{self.pk}"

    def accepts_objections(self, today):
        return self.state == self.BatchState.OPEN and self.starts <= today <= self.ends

    def pending_objections(self):
        return Objection.objects.filter(achievement__batch=self, outcome=Objection.Outcome.PENDING)


class Achievement(Reviewable):
    state = models.CharField(
        _("state"), max_length=12, choices=STATES, default=State.DRAFT, db_index=True
    )
    campaign = campaign_key("achievements")
    department = unit_key("achievements", verbose_name=_("unit"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=Quarter.choices)
    title = models.CharField(_("title"), max_length=200)
    focus_area = models.CharField(_("focus area"), max_length=12, choices=FocusArea.choices)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    is_101 = models.BooleanField(
        # xgettext:no-python-format
        _("101% service"),
        default=False,
        help_text=_("Service beyond the unit's duty."),
    )
    description = models.TextField(_("what was done"))
    cases_handled = models.PositiveIntegerField(_("cases handled"), default=0)
    workdays_saved = models.PositiveIntegerField(_("working days saved"), default=0)
    enterprises_served = models.PositiveIntegerField(_("enterprises served"), default=0)
    people_served = models.PositiveIntegerField(_("people served"), default=0)
    money_saved = models.DecimalField(
        _("money saved (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    beneficiaries = models.CharField(_("beneficiaries"), max_length=300, blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))

    # The first sign-off by the unit's own head is the filing; after the deadline it is late.
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True, editable=False)
    is_late = models.BooleanField(_("filed late"), default=False, editable=False)
    not_accepted_at = models.DateTimeField(
        _("not accepted at"), null=True, blank=True, editable=False
    )
    not_accepted_reason = models.TextField(_("reason not accepted"), blank=True)
    is_typical = models.BooleanField(_("typical"), default=False, editable=False)
    typical_at = models.DateTimeField(_("marked typical at"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded to the city at"), null=True, blank=True)
    batch = models.ForeignKey(
        PublicityBatch,
        verbose_name=_("public display batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="achievements",
    )
    imported = models.BooleanField(_("imported by the center"), default=False, editable=False)
    created_by = user_key(_("reported by"))
    created_at = models.DateTimeField(_("reported at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["campaign", "quarter", "state"]),
            models.Index(fields=["department", "campaign", "quarter"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="achievement_period_order"
            ),
            models.CheckConstraint(
                condition=Q(money_saved__gte=0), name="achievement_money_not_negative"
            ),
        ]
        verbose_name = _("service achievement")
        verbose_name_plural = _("service achievements")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("achievements:detail", args=[self.pk])

    def get_public_url(self):
        return reverse("achievements:public_detail", args=[self.pk])

    @property
    def is_editable(self):
        return super().is_editable and self.not_accepted_at is None

    @property
    def is_verified(self):
        return self.state in VERIFIED_STATES

    @property
    def status(self):
        """One word for lists and badges, combining the shared state and the verification."""
        return status_of(self.state, self.not_accepted_at, self.is_typical)

    def get_status_display(self):
        return STATUS_LABELS[self.status]

    def accepts_objections(self, today):
        """On `today`, anyone may object: a typical achievement in an open public display."""
        return (
            self.batch_id is not None
            and self.state == State.PUBLISHED
            and self.is_typical
            and self.batch.accepts_objections(today)
        )

    def has_upheld_objection(self):
        return self.objections.filter(outcome=Objection.Outcome.UPHELD).exists()


def status_of(state, not_accepted_at, is_typical):
    if not_accepted_at:
        return "not_accepted"
    if state == State.PUBLISHED:
        return "publicity"
    if state == State.APPROVED:
        return "typical" if is_typical else "verified"
    return state


STATUS_LABELS = {
    **dict(STATES),
    "verified": _("Verified"),
    "typical": _("Typical"),
    "publicity": _("In public display"),
    "not_accepted": _("Not accepted"),
}


class Objection(models.Model):
    """An objection (异议) raised by anyone during a 公示. Name, contact and address are for the
    center only; a dismissed objection is shown publicly with its answer and nothing else."""

    class Outcome(models.TextChoices):
        PENDING = "", _("Awaiting an answer")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    achievement = models.ForeignKey(
        Achievement,
        verbose_name=_("achievement"),
        on_delete=models.CASCADE,
        related_name="objections",
    )
    text = models.CharField(_("objection"), max_length=OBJECTION_MAX_CHARS)
    name = models.CharField(_("name"), max_length=50, blank=True)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("raised at"), default=timezone.now, editable=False)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, blank=True, default=""
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = user_key(_("answered by"), optional=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["ip_address", "created_at"]),
            models.Index(fields=["outcome"]),
        ]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self):
        return self.text[:40]

    @property
    def is_pending(self):
        return self.outcome == self.Outcome.PENDING
