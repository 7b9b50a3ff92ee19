"""The complainant's forms (public filing, query code, add information, rating, re-examination)
and the clerk's registration form. They validate and hand cleaned_data to services/intake.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from efficiency_center.forms import DateInput
from efficiency_center.models import Department
from efficiency_center.uploads import EvidenceFileField

from ..models import DESCRIPTION_MAX_CHARS, Channel, Kind, Satisfaction
from ..services import complainant, intake
from ..validators import validate_description, validate_occurred_on, validate_phone

UNKNOWN_UNIT = "unknown"
HONEYPOT = "website"
ADD_INFORMATION_FILES = 3


def _add_evidence_fields(form, count):
    """`count` file slots, each with its own "this file identifies me" tick."""
    for n in range(1, count + 1):
        # The allowed types are said once, under the first slot.
        extra = {} if n == 1 else {"help_text": ""}
        form.fields[f"evidence_{n}"] = EvidenceFileField(
            label=_("Evidence file %(n)s") % {"n": n}, required=False, **extra
        )
        form.fields[f"evidence_{n}_sealed"] = forms.BooleanField(
            label=_("This file shows who I am (only the center will see it)"), required=False
        )


def _evidence(form, count):
    return [
        (form.cleaned_data.get(f"evidence_{n}"), form.cleaned_data.get(f"evidence_{n}_sealed"))
        for n in range(1, count + 1)
        if form.cleaned_data.get(f"evidence_{n}")
    ]


class ComplaintForm(forms.Form):
    """What a complaint says; the public form. The unit may be "not known" (stored as None)."""

    evidence_slots = intake.MAX_EVIDENCE_FILES

    department = forms.ChoiceField(
        label=_("Unit complained of"),
        help_text=_(
            "Choose “Not known” if you do not know which unit it is: the center will find it."
        ),
    )
    kind = forms.ChoiceField(label=_("What kind of problem"), choices=[("", "———"), *Kind.choices])
    description = forms.CharField(
        label=_("What happened"),
        max_length=DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Who, what, and what you expected. At most 5,000 characters."),
        error_messages={"required": _("Please describe what happened.")},
    )
    occurred_on = forms.DateField(label=_("When it happened"), required=False, widget=DateInput)
    place = forms.CharField(label=_("Where it happened"), max_length=200, required=False)
    identity = forms.ChoiceField(
        label=_("Real name or anonymous"),
        choices=[
            ("real", _("Real name (encouraged: the center can call you back)")),
            ("anonymous", _("Anonymous")),
        ],
        initial="real",
        widget=forms.RadioSelect,
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=50,
        required=False,
        help_text=_("Seen by the center only, never by the unit complained of."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        help_text=_("Mobile or landline with area code. Seen by the center only."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {
            str(d.pk): d
            for d in Department.objects.filter(is_active=True).order_by("code").only("name")
        }
        self.fields["department"].choices = [
            ("", "———"),
            (UNKNOWN_UNIT, _("Not known (不清楚)")),
            *[(pk, d.name) for pk, d in self.units.items()],
        ]
        self.fields["description"].widget.attrs["maxlength"] = DESCRIPTION_MAX_CHARS
        _add_evidence_fields(self, self.evidence_slots)

    def clean_department(self):
        value = self.cleaned_data["department"]
        return None if value == UNKNOWN_UNIT else self.units[value]

    def clean_description(self):
        return validate_description(self.cleaned_data["description"])

    def clean_occurred_on(self):
        return validate_occurred_on(self.cleaned_data.get("occurred_on"))

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        return validate_phone(phone) if phone else ""

    def clean(self):
        cleaned = super().clean()
        cleaned["is_anonymous"] = cleaned.get("identity") == "anonymous"
        if cleaned["is_anonymous"]:
            # Not asked, not stored: whatever the browser sent is dropped.
            cleaned["name"] = cleaned["phone"] = ""
            self.errors.pop("phone", None)
            self.errors.pop("name", None)
        else:
            if not cleaned.get("name", "").strip() and "name" not in self.errors:
                self.add_error("name", _("Please give your name, or file anonymously."))
            if not cleaned.get("phone") and "phone" not in self.errors:
                self._phone_missing()
        return cleaned

    def _phone_missing(self):
        self.add_error(
            "phone", _("Please give a phone number so that the center can call you back.")
        )

    def data_for_service(self):
        names = ("department", "kind", "description", "occurred_on", "place", "is_anonymous")
        return {name: self.cleaned_data.get(name) for name in (*names, "name", "phone")}

    def evidence(self):
        return _evidence(self, self.evidence_slots)


class PublicComplaintForm(ComplaintForm):
    """The public form, with a honeypot: a field hidden from people that bots fill in."""

    website = forms.CharField(label=_("Leave this empty"), required=False)

    def is_bot(self):
        return bool((self.data.get(HONEYPOT) or "").strip())


class RegisterComplaintForm(ComplaintForm):
    """The clerk's registration of a complaint that came by another channel."""

    channel = forms.ChoiceField(
        label=_("Came in by"),
        choices=[("", "———"), *[c for c in Channel.choices if c[0] != Channel.WEB]],
    )
    address = forms.CharField(
        label=_("Complainant's address"),
        max_length=200,
        required=False,
        help_text=_("Optional. Seen by the center only."),
    )

    field_order = ["channel"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["identity"].choices = [
            ("real", _("Real name")),
            ("anonymous", _("Anonymous")),
        ]
        self.fields["phone"].help_text = _(
            "Mobile or landline with area code; may be left empty if an address is given."
        )
        self.fields["evidence_1_sealed"].label = _("This file identifies the complainant")
        for n in range(2, self.evidence_slots + 1):
            self.fields[f"evidence_{n}_sealed"].label = _("This file identifies the complainant")
        self.order_fields(["channel", *[f for f in self.fields if f != "channel"]])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_anonymous"):
            cleaned["address"] = ""
        return cleaned

    def _phone_missing(self):
        if not self.cleaned_data.get("address", "").strip():
            self.add_error("phone", _("Please give a phone number or an address."))

    def data_for_service(self):
        return {
            **super().data_for_service(),
            "channel": self.cleaned_data["channel"],
            "address": self.cleaned_data.get("address", ""),
        }


class QueryForm(forms.Form):
    code = forms.CharField(
        label=_("Query code"),
        max_length=30,
        help_text=_("The 12-character code you were given when you filed, e.g. K7QX-M3PA-9TZ2."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": _("Please enter your query code.")},
    )


class AddInformationForm(forms.Form):
    evidence_slots = 3

    text = forms.CharField(
        label=_("What you want to add"),
        max_length=complainant.NOTE_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _add_evidence_fields(self, self.evidence_slots)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("text", "").strip() and not self.evidence():
            raise ValidationError(_("Please write something or choose a file."))
        return cleaned

    def evidence(self):
        return _evidence(self, self.evidence_slots)


class RatingForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with the handling of your complaint?"),
        choices=Satisfaction.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a level.")},
    )
    note = forms.CharField(
        label=_("Anything you want to say (optional)"),
        max_length=complainant.REASON_MAX_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReexaminationForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you ask for a re-examination"),
        max_length=complainant.REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please say why you ask for a re-examination.")},
    )
