"""The clerk's desk filters: a bad value drops that filter only, with a message next to it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from efficiency_center.forms import DateInput, with_blank
from efficiency_center.models import Department

from ..models import Channel, Finding, Kind

SEARCH_MAX_CHARS = 100


class DeskFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Department.objects.filter(is_active=True).order_by("code"),
        required=False,
        empty_label=_("All units"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=with_blank(Kind.choices, _("All kinds"))
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=with_blank(Channel.choices, _("All channels")),
    )
    finding = forms.ChoiceField(
        label=_("Conclusion"),
        required=False,
        choices=with_blank(Finding.choices, _("Any conclusion")),
    )
    filed_from = forms.DateField(label=_("Filed from"), required=False, widget=DateInput)
    filed_to = forms.DateField(label=_("Filed to"), required=False, widget=DateInput)
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=SEARCH_MAX_CHARS,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Case number or description")}
        ),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("filed_from"), cleaned.get("filed_to")
        if start and end and start > end:
            self.add_error("filed_to", _("The end date is before the start date."))
            cleaned.pop("filed_to", None)
        return cleaned

    def filters(self):
        """The valid filters (a bad value drops only its own filter)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
