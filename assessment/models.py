"""The assessment's own records: the clerk's 八查八看 findings. The ledger itself is the core's
(efficiency_center.scoring)."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from efficiency_center.fields import campaign_key, unit_key, user_key

from .checks import Check, Rating

FINDING_MAX_CHARS = 2000


class CheckFinding(models.Model):
    """The clerk's finding and rating for one of the eight checks (八查八看) of one unit in one
    campaign. Written and changed by the center's clerks (assessment/workflows.py): a draft is
    the center's alone; once the clerk marks it final, the unit reads it on its page. Every
    change is a step of its history (old → new values)."""

    class FindingState(models.TextChoices):
        DRAFT = "draft", _("Draft (the center only)")
        FINAL = "final", _("Final (shown to the unit)")

    campaign = campaign_key("check_findings")
    department = unit_key("check_findings")
    item = models.CharField(_("check"), max_length=12, choices=Check.choices)
    text = models.TextField(_("finding"), validators=[MaxLengthValidator(FINDING_MAX_CHARS)])
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=FindingState.choices, default=FindingState.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    written_by = user_key(_("written by"))
    written_at = models.DateTimeField(_("written at"), default=timezone.now)
    updated_by = user_key(_("last changed by"))
    updated_at = models.DateTimeField(_("last changed at"), default=timezone.now)
    finalized_at = models.DateTimeField(_("marked final at"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "department", "item"]
        verbose_name = _("finding of the eight checks")
        verbose_name_plural = _("findings of the eight checks")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "department", "item"], name="assessment_one_finding_per_check"
            ),
            models.CheckConstraint(
                condition=models.Q(item__in=Check.values), name="assessment_finding_known_check"
            ),
        ]

    def __str__(self):
        return _("%(unit)s, %(year)s, the eight checks: %(check)s") % {
            "unit": self.department.short_name,
            "year": self.campaign.year,
            "check": self.get_item_display(),
        }

    def get_absolute_url(self):
        return finding_url(self.department, self.campaign, self.item)

    @property
    def is_final(self):
        return self.state == self.FindingState.FINAL


def finding_url(department, campaign, check):
    return (
        reverse("assessment:check_finding", args=[department.code, check])
        + f"?year={campaign.year}"
    )
