"""Public pledges (公开承诺), their quarterly fulfilment (践诺) and pledges not kept (有诺不践).

A published pledge is never edited: a correction is a new Pledge row (revision + 1) that points
at the one it corrects through `supersedes` and goes through review again. The public sees, per
department and campaign, the newest published revision; older ones stay readable as history.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from efficiency_center.decisions import Decision, LeaderDecision, decision_field
from efficiency_center.fields import campaign_key, notice_key, unit_key, user_key
from efficiency_center.review import Reviewable, Revisable, State
from efficiency_center.vocabulary import FocusArea, Quarter

from . import reference

MAX_ITEMS = 30
MAX_ITEM_LENGTH = 500
MAX_REPORT_TEXT_LENGTH = 2000


class Channel(models.TextChoices):
    TV_STUDIO = "tv_studio", _("TV pledge in the county broadcaster's studio")
    RADIO = "radio", _("Radio")
    TV = "tv", _("Television")
    NEWSPAPER = "newspaper", _("Newspaper")
    WEB = "web", _("Website")
    BULLETIN_BOARD = "bulletin_board", _("Public bulletin board")
    PLEDGE_LETTER = "pledge_letter", _("Signed pledge letter")
    RESPONSIBILITY_LETTER = "responsibility_letter", _("Letter of responsibility")


QUARTER_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


class Pledge(Revisable, Reviewable):
    campaign = campaign_key("pledges")
    department = unit_key("pledges")
    channel = models.CharField(
        _("publication channel"), max_length=24, choices=Channel.choices, blank=True
    )
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    created_by = user_key(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["campaign", "department", "revision"]
        verbose_name = _("public pledge")
        verbose_name_plural = _("public pledges")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "department", "revision"], name="pledges_unique_revision"
            ),
            # One pledge in the making per unit and campaign: a double click on "start" or on
            # "correct" cannot open two.
            models.UniqueConstraint(
                fields=["campaign", "department"],
                condition=~Q(state=State.PUBLISHED),
                name="pledges_one_open_per_department",
            ),
        ]
        indexes = [models.Index(fields=["state", "published_at"])]

    def __str__(self):
        # Department only (no campaign): lists that show pledges load the department alone.
        return _("%(department)s: public pledge, revision %(revision)s") % {
            "department": self.department.name,
            "revision": self.revision,
        }

    def get_absolute_url(self):
        return reverse("pledges:detail", args=[self.pk])

    def get_public_url(self):
        return reverse("pledges:public_detail", args=[self.pk])

    @property
    def opening(self):
        return reference.opening_for(self.department)

    @property
    def closing(self):
        return reference.CLOSING


class PledgeItem(models.Model):
    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("text"), max_length=MAX_ITEM_LENGTH)
    focus_area = models.CharField(_("focus area"), max_length=12, choices=FocusArea.choices)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("pledge item")
        verbose_name_plural = _("pledge items")

    def __str__(self):
        return f"{self.position}. {self.text[:40]}"


class FulfilmentReport(Reviewable):
    """One unit's report, for one quarter, on how each item of its published pledge was kept."""

    pledge = models.ForeignKey(
        Pledge,
        verbose_name=_("pledge"),
        on_delete=models.PROTECT,
        related_name="fulfilment_reports",
    )
    # Copied from the pledge so that the shared workflow, scopes and sign-off queue (which all
    # filter on `department`) work on reports too, and one report per quarter can be enforced.
    campaign = campaign_key("fulfilment_reports")
    department = unit_key("fulfilment_reports")
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=Quarter.choices, validators=QUARTER_VALIDATORS
    )
    created_by = user_key(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["campaign", "department", "quarter"]
        verbose_name = _("fulfilment report")
        verbose_name_plural = _("fulfilment reports")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "department", "quarter"], name="pledges_one_report_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="pledges_report_quarter_1_4"
            ),
        ]

    def __str__(self):
        return _("%(department)s: fulfilment report Q%(quarter)s") % {
            "department": self.department.name,
            "quarter": self.quarter,
        }

    def get_absolute_url(self):
        return reverse("pledges:fulfilment_detail", args=[self.pk])


class FulfilmentEntry(models.Model):
    report = models.ForeignKey(
        FulfilmentReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="entries"
    )
    item = models.ForeignKey(
        PledgeItem,
        verbose_name=_("pledge item"),
        on_delete=models.PROTECT,
        related_name="fulfilment_entries",
    )
    text = models.TextField(_("what was done"), max_length=MAX_REPORT_TEXT_LENGTH, blank=True)

    class Meta:
        # Entries are created in item order and items of a published pledge never move.
        ordering = ["id"]
        verbose_name = _("fulfilment entry")
        verbose_name_plural = _("fulfilment entries")
        constraints = [
            models.UniqueConstraint(fields=["report", "item"], name="pledges_one_entry_per_item")
        ]

    def __str__(self):
        return f"{self.report} · {self.item.position}"

    # An entry owns evidence attachments; permissions.can_view_record asks these of the owner.
    # Evidence is never public, even when the report's text is.
    @property
    def department_id(self):
        return self.report.department_id

    @property
    def department(self):
        return self.report.department

    is_public = False


class BrokenPledge(LeaderDecision):
    """An item not kept in a quarter (有诺不践): recorded by a clerk, confirmed or dismissed by
    a leader (decisions.py)."""

    class Outcome(models.TextChoices):
        PENDING = Decision.PENDING, _("Awaiting a leader's decision")
        APPROVED = Decision.APPROVED, _("Confirmed")
        REFUSED = Decision.REFUSED, _("Dismissed")

    decision = decision_field(Outcome.choices)
    item = models.ForeignKey(
        PledgeItem,
        verbose_name=_("pledge item"),
        on_delete=models.PROTECT,
        related_name="broken_records",
    )
    # Copied from the item's pledge for scopes and per-unit lists.
    campaign = campaign_key("broken_pledges")
    department = unit_key("broken_pledges")
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=Quarter.choices, validators=QUARTER_VALIDATORS
    )
    description = models.TextField(_("what happened"), max_length=MAX_REPORT_TEXT_LENGTH)
    recorded_by = user_key(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    # The other ends of the trace: the notice and the ledger entry point back here as `cause`.
    notice = notice_key("broken_pledge")
    score_entry = models.OneToOneField(
        "efficiency_center.ScoreEntry",
        verbose_name=_("score entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="broken_pledge",
    )

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("pledge not kept")
        verbose_name_plural = _("pledges not kept")
        constraints = [
            # An item is found not kept at most once per quarter (a dismissed record does not
            # count): the deduction cannot be taken twice for the same failure.
            models.UniqueConstraint(
                fields=["item", "quarter"],
                condition=~Q(decision=Decision.REFUSED),
                name="pledges_one_breach_per_item_quarter",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="pledges_breach_quarter_1_4"
            ),
        ]

    def __str__(self):
        return _("%(department)s: item %(position)s not kept in Q%(quarter)s") % {
            "department": self.department.name,
            "position": self.item.position,
            "quarter": self.quarter,
        }

    def get_absolute_url(self):
        return reverse("pledges:breach_detail", args=[self.pk])

    # Evidence of a breach stays with the center and the unit, even once confirmed.
    is_public = False
