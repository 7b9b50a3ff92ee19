"""Forms check the user's input and hand cleaned data to the services, which check the domain
rules again (a form is only one way in)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from efficiency_center.forms import DateInput, with_blank
from efficiency_center.models import Department
from efficiency_center.uploads import EvidenceFileField
from efficiency_center.vocabulary import FocusArea, Quarter

from .models import MAX_ITEM_LENGTH, MAX_ITEMS, MAX_REPORT_TEXT_LENGTH, Channel
from .services import ItemData

MAX_FILES_PER_UPLOAD = 10


class PublicFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of unit"),
        required=False,
        choices=with_blank(Department.Kind.choices, _("All kinds")),
    )
    focus = forms.ChoiceField(
        label=_("Focus area"),
        required=False,
        choices=with_blank(FocusArea.choices, _("All focus areas")),
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=50,
        widget=forms.TextInput(
            attrs={"placeholder": _("Unit name or pledge text"), "type": "search"}
        ),
    )

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(c.year, c.year) for c in campaigns]


class VersionForm(forms.Form):
    """The version the user saw; a save against an older one is refused (optimistic lock)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class PledgeItemForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    position = forms.IntegerField(
        label=_("No."),
        min_value=1,
        max_value=999,
        widget=forms.NumberInput(
            attrs={"data-role": "position", "class": "form-control form-control-sm position-input"}
        ),
    )
    text = forms.CharField(
        label=_("Pledge"),
        max_length=MAX_ITEM_LENGTH,
        widget=forms.Textarea(
            attrs={"rows": 3, "maxlength": MAX_ITEM_LENGTH, "class": "form-control"}
        ),
    )
    focus_area = forms.ChoiceField(
        label=_("Focus area"),
        choices=FocusArea.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class BaseItemFormSet(forms.BaseFormSet):
    """Every item shown must be filled (an added but empty item is an error, not skipped); one
    to MAX_ITEMS items survive; the order is the positions' order."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None:
            kwargs["empty_permitted"] = False
        return kwargs

    def kept_forms(self):
        return [f for f in self.forms if not (self.can_delete and self._should_delete_form(f))]

    def clean(self):
        if any(self.errors):
            return
        kept = self.kept_forms()
        if not kept:
            raise ValidationError(_("A pledge needs at least one item."), code="no_items")
        if len(kept) > MAX_ITEMS:
            raise ValidationError(
                _("A pledge has at most %(max)s items; this one has %(count)s."),
                code="too_many_items",
                params={"max": MAX_ITEMS, "count": len(kept)},
            )

    def items(self):
        """The kept items as ItemData, ordered by position (ties keep the page's order)."""
        numbered = enumerate(self.kept_forms())
        kept = sorted(numbered, key=lambda pair: (pair[1].cleaned_data["position"], pair[0]))
        return [
            ItemData(
                id=form.cleaned_data.get("id"),
                text=form.cleaned_data["text"],
                focus_area=form.cleaned_data["focus_area"],
            )
            for _index, form in kept
        ]


ItemFormSet = forms.formset_factory(
    PledgeItemForm,
    formset=BaseItemFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_ITEMS,
    absolute_max=MAX_ITEMS * 3,
)


def item_initial(items):
    return [
        {"id": i.pk, "position": i.position, "text": i.text, "focus_area": i.focus_area}
        for i in items
    ]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleEvidenceField(EvidenceFileField):
    """Several evidence files at once, each checked by content like EvidenceFileField."""

    def __init__(self, *args, max_files=MAX_FILES_PER_UPLOAD, **kwargs):
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > self.max_files:
            raise ValidationError(
                _("At most %(max)s files at a time."),
                code="too_many_files",
                params={"max": self.max_files},
            )
        return [super(MultipleEvidenceField, self).clean(f, initial) for f in files]


class FulfilmentEntryForm(forms.Form):
    """What was done for one item this quarter; drafts may leave it empty, submission may not."""

    text = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=MAX_REPORT_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = MultipleEvidenceField(label=_("Add evidence"), required=False)
    remove = forms.TypedMultipleChoiceField(
        label=_("Remove evidence"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, prefix=f"entry-{entry.pk}", **kwargs)
        self.entry = entry
        if not self.is_bound:
            self.initial["text"] = entry.text
        self.fields["remove"].choices = [(a.pk, a.original_name) for a in entry.evidence]


class StartReportForm(forms.Form):
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=Quarter.choices)


class PublishForm(forms.Form):
    """The clerk's approval of a pledge: how and when it was (or will be) pledged publicly."""

    channel = forms.ChoiceField(label=_("Publication channel"), choices=Channel.choices)
    publication_date = forms.DateField(label=_("Publication date"), widget=DateInput())

    def __init__(self, *args, pledge, **kwargs):
        super().__init__(*args, **kwargs)
        # Seed 000: key departments pledge on TV in the studio; sub-units by other channels.
        if not pledge.department.is_sub_unit:
            self.initial.setdefault("channel", Channel.TV_STUDIO)
        self.initial.setdefault("publication_date", timezone.localdate())


class BreachForm(forms.Form):
    item = forms.TypedChoiceField(label=_("Pledge item"), coerce=int)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=Quarter.choices)
    description = forms.CharField(
        label=_("What happened"),
        max_length=MAX_REPORT_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    evidence = MultipleEvidenceField(label=_("Evidence"), required=True)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        self.fields["item"].choices = [
            (item.pk, f"{item.position}. {item.text[:60]}") for item in items
        ]

    def clean_item(self):
        return self.items[self.cleaned_data["item"]]
