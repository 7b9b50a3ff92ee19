"""The unit's forms (reply, sign-off actions, return as not ours) and the extension forms.

Forms check the input and hand cleaned_data over; the services check the rules. Every form that
acts on a case or a reply carries the version the page showed (optimistic lock)."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from efficiency_center.uploads import EvidenceFileField

from ..models import DESCRIPTION_MAX_CHARS
from ..services.replies import UNIT_ACTIONS


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


class ReplyActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in UNIT_ACTIONS])
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(required=False, max_length=2000)


class DeclineForm(forms.Form):
    reason = forms.CharField(
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


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you refuse."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refuse" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Say why the extension is refused."))
        return cleaned
