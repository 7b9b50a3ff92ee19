"""The unit's forms (reply, return as not ours) and the extension request. The reply's sign-offs
and the leader's decisions are workflow buttons (efficiency_center.forms.StepForm).

Forms check the input and hand cleaned_data over; the services and the tables decide. Every
form that acts on a case or a reply carries the version the page showed (optimistic lock)."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from efficiency_center.uploads import EvidenceFileField

from ..models import DESCRIPTION_MAX_CHARS


class ReplyForm(forms.Form):
    facts = forms.CharField(
        label=_("Facts found"),
        max_length=DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the unit found when it looked into the matter."),
    )
    actions_taken = forms.CharField(
        label=_("What was done"),
        max_length=DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the unit did, or will do by when, about it."),
    )
    evidence = EvidenceFileField(label=_("Evidence file"), required=False)
    # The reply's version the page showed; empty while there is no reply yet.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DeclineForm(forms.Form):
    comment = forms.CharField(
        label=_("Why the case is not your unit's"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say which unit it belongs to, if you know."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ExtensionRequestForm(forms.Form):
    workdays = forms.IntegerField(label=_("Extra working days"), min_value=1)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, longest, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["workdays"]
        field.max_value = longest
        field.validators.append(MaxValueValidator(longest))
        field.widget.attrs.update({"min": 1, "max": longest})
        field.help_text = _("1 to %(max)s working days; a case is extended once only.") % {
            "max": longest
        }
