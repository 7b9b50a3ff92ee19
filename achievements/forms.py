"""Forms validate input and hand cleaned_data to the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from efficiency_center.forms import DateInput
from efficiency_center.models import Department
from efficiency_center.uploads import EvidenceFileField
from efficiency_center.vocabulary import Quarter

from .models import FIGURE_FIELDS, OBJECTION_MAX_CHARS, Achievement, Category, Objection
from .rules import check_content
from .services.reports import CONTENT_FIELDS
from .workflows import ANSWER_ACTIONS


class AchievementForm(forms.ModelForm):
    """One achievement's content. Without `quarter`, the quarter is asked for (a new report);
    `by_name` lets an import give the category by its name."""

    evidence = EvidenceFileField(label=_("Evidence file"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Achievement
        fields = CONTENT_FIELDS
        widgets = {
            "period_start": DateInput,
            "period_end": DateInput,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, campaign, quarter=None, by_name=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign, self.quarter = campaign, quarter
        if quarter is None:
            self.fields = {
                "quarter": forms.TypedChoiceField(
                    label=_("Quarter"), choices=Quarter.choices, coerce=int
                ),
                **self.fields,
            }
        category = self.fields["category"]
        category.queryset = Category.objects.filter(campaign=campaign, is_active=True)
        if by_name:
            category.to_field_name = "name"
        self.fields["description"].max_length = 5000
        self.fields["description"].widget.attrs["maxlength"] = 5000
        for name in FIGURE_FIELDS:
            self.fields[name].required = False
            self.fields[name].widget.attrs["min"] = 0

    def clean(self):
        cleaned = super().clean()
        for name in FIGURE_FIELDS:
            if name in cleaned and cleaned[name] is None:
                cleaned[name] = 0
        quarter = self.quarter or cleaned.get("quarter")
        if quarter and not any(name in self.errors for name in FIGURE_FIELDS):
            try:
                check_content(campaign=self.campaign, quarter=quarter, data=cleaned)
            except ValidationError as exc:
                for field, errors in exc.error_dict.items():
                    for error in errors:
                        if field == "__all__" or field not in self.errors:
                            self.add_error(None if field == "__all__" else field, error)
        return cleaned


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TypicalForm(forms.Form):
    """What the "mark typical" button takes beside the step (workflow.buttons)."""

    forward = forms.BooleanField(
        label=_("Also forward it to the city's ten real deeds contest"),
        required=False,
        initial=True,
    )


class PublicityOpenForm(forms.Form):
    achievements = forms.ModelMultipleChoiceField(
        label=_("Typical achievements to display"),
        queryset=Achievement.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    starts = forms.DateField(label=_("Display starts"), widget=DateInput)

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["achievements"].queryset = eligible
        self.fields["starts"].initial = timezone.localdate()

    def clean_starts(self):
        starts = self.cleaned_data["starts"]
        if starts < timezone.localdate():
            raise ValidationError(_("The display cannot start in the past."), code="past")
        return starts


class ObjectionForm(forms.Form):
    text = forms.CharField(
        label=_("Your objection"),
        max_length=OBJECTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("At most 2,000 characters."),
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=50,
        required=False,
        help_text=_("Seen by the center only, never published."),
    )
    contact = forms.CharField(
        label=_("Phone or email (optional)"),
        max_length=100,
        required=False,
        help_text=_("Seen by the center only, so that it can ask you more."),
    )


class ObjectionAnswerForm(VersionForm):
    """The clerk's answer; `actions` are the answers the objection's table allows now."""

    outcome = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    answer = forms.CharField(
        label=_("Answer"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "A dismissed objection is published with this answer, without the objector's name."
        ),
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [
            (value, label)
            for value, label in Objection.Outcome.choices
            if ANSWER_ACTIONS.get(value) in actions
        ]


class ImportForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Unit"), queryset=Department.objects.filter(is_active=True).order_by("code")
    )
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=Quarter.choices, coerce=int)
    file = forms.FileField(label=_("Workbook (.xlsx)"))
