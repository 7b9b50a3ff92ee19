"""Forms validate input and hand cleaned data to the services (which check the domain rules
again). Every edit form carries the document's `version`: a stale save is refused."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from efficiency_center.forms import DateInput
from efficiency_center.uploads import EvidenceFileField

from .models import MAX_ITEMS, VALUE_DIGITS, CampaignPlan, MilestoneStatus, Rating
from .selectors import INDICATOR_THEME
from .services.plans import PLAN_FILE_KINDS, PLAN_MAX_BYTES
from .services.progress import EVIDENCE_KINDS, EVIDENCE_MAX_BYTES, MAX_EVIDENCE_FILES

NUMBER_MESSAGE = _("Enter a number, e.g. 15 or 98.5.")


def number_field(label, **kwargs):
    return forms.DecimalField(
        label=label,
        max_digits=VALUE_DIGITS["max_digits"],
        decimal_places=VALUE_DIGITS["decimal_places"],
        error_messages={"invalid": NUMBER_MESSAGE},
        **kwargs,
    )


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, require_version=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = require_version


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleEvidenceField(EvidenceFileField):
    """Several evidence files, each checked by content like a single EvidenceFileField."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        files = [f for f in files if f]
        if len(files) > MAX_EVIDENCE_FILES:
            raise ValidationError(
                _("Attach at most %(max)s files at a time."),
                code="too_many_files",
                params={"max": MAX_EVIDENCE_FILES},
            )
        return [super(MultipleEvidenceField, self).clean(f, initial) for f in files]


def evidence_field():
    return MultipleEvidenceField(
        label=_("Evidence files"),
        required=False,
        kinds=EVIDENCE_KINDS,
        max_bytes=EVIDENCE_MAX_BYTES,
    )


# --- plan -----------------------------------------------------------------------------------


class PlanForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    doc_number = forms.CharField(
        label=CampaignPlan._meta.get_field("doc_number").verbose_name,
        max_length=60,
        help_text=CampaignPlan._meta.get_field("doc_number").help_text,
    )
    text = forms.CharField(
        label=_("Plan text"), widget=forms.Textarea(attrs={"rows": 12}), required=False
    )
    file = EvidenceFileField(
        label=_("Plan document (PDF or Word)"),
        required=False,
        kinds=PLAN_FILE_KINDS,
        max_bytes=PLAN_MAX_BYTES,
    )

    def __init__(self, *args, has_file=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_file = has_file

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file") and not self.has_file:
            if "file" not in self.errors:
                raise ValidationError(
                    _("Give the plan as text, or upload it as a PDF or Word file, or both."),
                    code="no_content",
                )
        return data


# --- project filing -------------------------------------------------------------------------


class FilingForm(VersionedForm):
    name = forms.CharField(label=_("Project name"), max_length=200)
    theme = forms.ChoiceField(label=_("Theme"))
    leader = forms.CharField(label=_("Responsible leader"), max_length=50)
    contact_person = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30)
    problem = forms.CharField(
        label=_("The problem it addresses"), widget=forms.Textarea(attrs={"rows": 3})
    )
    measures = forms.CharField(label=_("Measures"), widget=forms.Textarea(attrs={"rows": 4}))
    expected_results = forms.CharField(
        label=_("Expected results"), widget=forms.Textarea(attrs={"rows": 3})
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    end_date = forms.DateField(label=_("End date"), widget=DateInput())
    change_note = forms.CharField(
        label=_("What changes and why"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, campaign, indicator=None, is_revision=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator, self.is_revision = indicator, is_revision
        choices = [("", "---------")] + [(t, t) for t in campaign.themes or []]
        if indicator is not None:
            choices.append(
                (
                    INDICATOR_THEME,
                    _("City-to-county indicator: %(text)s") % {"text": indicator.text},
                )
            )
        self.fields["theme"].choices = choices
        if is_revision:
            self.fields["change_note"].required = True
        else:
            del self.fields["change_note"]

    @classmethod
    def initial_from(cls, filing):
        initial = {
            name: getattr(filing, name)
            for name in (
                "name",
                "leader",
                "contact_person",
                "contact_phone",
                "problem",
                "measures",
                "expected_results",
                "start_date",
                "end_date",
                "change_note",
                "version",
            )
        }
        initial["theme"] = INDICATOR_THEME if filing.indicator_id else filing.theme
        return initial

    def clean_measures(self):
        measures = self.cleaned_data["measures"].strip()
        if not measures:
            raise ValidationError(_("Describe the measures."), code="required")
        return measures

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date",
                ValidationError(
                    _("The project cannot end before it starts."), code="ends_before_start"
                ),
            )
        return data

    def service_data(self):
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        theme = data.pop("theme")
        data["indicator"] = self.indicator if theme == INDICATOR_THEME else None
        data["theme"] = "" if theme == INDICATOR_THEME else theme
        return data


class TableRowForm(forms.Form):
    """A form shown as one table row (inputs without their own labels)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not field.widget.is_hidden:
                css = (
                    "form-check-input"
                    if isinstance(field.widget, forms.CheckboxInput)
                    else (
                        "form-select form-select-sm"
                        if isinstance(field.widget, forms.Select)
                        else "form-control form-control-sm"
                    )
                )
                field.widget.attrs.setdefault("class", css)


class ItemForm(TableRowForm):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TargetForm(ItemForm):
    what = forms.CharField(label=_("Target"), max_length=200)
    unit = forms.CharField(label=_("Unit of measure"), max_length=30)
    baseline = number_field(_("Baseline"))
    target_value = number_field(_("Target value"))


class MilestoneForm(ItemForm):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if not self.campaign.start_date <= due <= self.campaign.end_date:
            raise ValidationError(
                _("The date must fall within the campaign (%(start)s to %(end)s)."),
                code="outside_campaign",
                params={"start": self.campaign.start_date, "end": self.campaign.end_date},
            )
        return due


def _item_formset(form):
    return forms.formset_factory(
        form,
        extra=0,
        min_num=1,
        max_num=MAX_ITEMS,
        absolute_max=MAX_ITEMS,
        validate_min=True,
        validate_max=True,
        can_delete=True,
    )


TargetFormSet = _item_formset(TargetForm)
MilestoneFormSet = _item_formset(MilestoneForm)


def formset_rows(formset):
    """The kept rows of an item formset, as the services take them."""
    return [
        {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
        for form in formset.forms
        # A blank extra row has no cleaned data; a row marked for deletion is dropped.
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def plain(value):
    """A stored Decimal as people typed it: 20.0000 → "20" (the field keeps 4 places)."""
    return format(value.normalize(), "f") if isinstance(value, Decimal) else value


def item_initial(items, fields):
    return [
        {"id": item.pk, **{name: plain(getattr(item, name)) for name in fields}} for item in items
    ]


# --- progress and completion ----------------------------------------------------------------


class ProgressForm(VersionedForm):
    work_done = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(
        label=_("Problems"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    next_steps = forms.CharField(label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 3}))
    files = evidence_field()


class MilestoneEntryForm(TableRowForm):
    milestone_id = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=MilestoneStatus.choices)
    percent = forms.IntegerField(
        label=_("Percent done"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("Percent done must be from 0 to 100."),
            "max_value": _("Percent done must be from 0 to 100."),
            "invalid": _("Percent done must be a whole number from 0 to 100."),
        },
    )

    def clean(self):
        data = super().clean()
        status, percent = data.get("status"), data.get("percent")
        if status and percent is not None and (status == MilestoneStatus.DONE) != (percent == 100):
            raise ValidationError(
                _("A milestone is done exactly when it is 100 percent done."), code="done_percent"
            )
        return data


class TargetEntryForm(TableRowForm):
    target_id = forms.IntegerField(widget=forms.HiddenInput)
    value = number_field(_("Current value"))


def _entry_formset(form):
    return forms.formset_factory(
        form, extra=0, max_num=MAX_ITEMS, absolute_max=MAX_ITEMS, validate_max=True
    )


MilestoneEntryFormSet = _entry_formset(MilestoneEntryForm)
TargetEntryFormSet = _entry_formset(TargetEntryForm)


class CompletionForm(VersionedForm):
    summary = forms.CharField(
        label=_("Completion summary"), widget=forms.Textarea(attrs={"rows": 10})
    )
    files = evidence_field()


# --- review ---------------------------------------------------------------------------------


class RatingForm(forms.Form):
    """What the clerk adds to the approval of a completion summary (the "approve" button's
    fields, includes/step_buttons.html): the project's rating and the center's comment."""

    rating = forms.ChoiceField(
        label=_("Rating"),
        choices=[("", "---------"), *Rating.choices],
        error_messages={
            "required": _("Choose the project's rating."),
            "invalid_choice": _("Choose the project's rating."),
        },
    )
    comment = forms.CharField(
        label=_("The center's comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
