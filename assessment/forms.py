from django import forms
from django.utils.translation import gettext_lazy as _

from efficiency_center.forms import with_blank

from .checks import Rating
from .models import FINDING_MAX_CHARS
from .services import REASON_MAX_CHARS


class ReverseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in the ledger beside the correcting entry and told to the unit."),
        error_messages={"required": _("Say why the entry is corrected.")},
    )


class CloseForm(forms.Form):
    """The leader's confirmation that the assessment closes (the campaign is the page's year):
    it carries the refusal, if any, above the button."""


class CheckFindingForm(forms.Form):
    """The clerk's finding and rating of one check (八查八看), on the version the page was opened
    on (blank for the first)."""

    text = forms.CharField(
        label=_("Finding"),
        max_length=FINDING_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the center found for this check in the unit's year."),
        error_messages={"required": _("Write the finding.")},
    )
    rating = forms.ChoiceField(
        label=_("Rating"),
        required=False,
        choices=with_blank(Rating.choices, _("Not rated yet")),
        help_text=_("Needed before the finding is marked final."),
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
