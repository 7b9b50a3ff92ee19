from django import forms
from django.utils.translation import gettext_lazy as _

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
