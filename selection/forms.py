"""Forms validate input and hand cleaned_data to the services."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from efficiency_center.vocabulary import Quarter
from practice_projects.selectors import INDICATOR_THEME

from .models import COMMENT_MAX_CHARS, REASON_MAX_CHARS, SCORE_MAX, ListKind
from .rules import in_conflict


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CandidateFilterForm(forms.Form):
    """Search and filter a list's candidates (GET)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[("", _("All quarters")), *Quarter.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, kind, departments, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = departments
        self.fields["unit"].empty_label = _("All units")
        theme_choices = [("", _("All themes")), *themes]
        if kind == ListKind.BEST_MEASURE:
            theme_choices.append((INDICATOR_THEME, _("City-to-county assessment indicator")))
            del self.fields["quarter"]
        else:
            self.fields["theme"].label = _("Category")
            theme_choices[0] = ("", _("All categories"))
        self.fields["theme"].choices = theme_choices


class AddEntryForm(forms.Form):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for the pick"),
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EntryReasonForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason for the pick"),
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PanelMembersForm(VersionForm):
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Reviewers"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Users with the reviewer role. A reviewer who belongs to a unit does not score "
            "that unit's candidates."
        ),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = choices
        self.fields["reviewers"].label_from_instance = lambda u: (
            f"{u} · {u.department.short_name}" if u.department_id else str(u)
        )


class PanelStateForm(VersionForm):
    action = forms.ChoiceField(choices=[("open", "open"), ("close", "close")])


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("send_back", _("Send back"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (for sending back)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "send_back" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why the ranking is sent back."))
        return cleaned


class ScoresForm(forms.Form):
    """One whole-number score (0–100) and a comment per shortlisted candidate the reviewer may
    score. A value posted for a candidate of the reviewer's own unit is refused beside it."""

    def __init__(self, *args, entries, reviewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries, self.reviewer = entries, reviewer
        for entry in entries:
            conflict = in_conflict(
                reviewer.department_id, entry.department_id, entry.department.supervisor_id
            )
            mine = getattr(entry, "my_score", None)
            self.fields[f"score_{entry.pk}"] = forms.IntegerField(
                label=_("Score"),
                min_value=0,
                max_value=SCORE_MAX,
                required=False,
                initial=mine.value if mine else None,
                error_messages={
                    "invalid": _("Give a whole number from 0 to 100."),
                    "min_value": _("Give a whole number from 0 to 100."),
                    "max_value": _("Give a whole number from 0 to 100."),
                },
                widget=forms.NumberInput(
                    attrs={"min": 0, "max": SCORE_MAX, "step": 1, "class": "form-control"}
                ),
            )
            self.fields[f"comment_{entry.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=COMMENT_MAX_CHARS,
                initial=mine.comment if mine else "",
                widget=forms.Textarea(attrs={"rows": 1, "class": "form-control"}),
            )
            entry.conflict = conflict
            entry.score_field = f"score_{entry.pk}"
            entry.comment_field = f"comment_{entry.pk}"

    def clean(self):
        cleaned = super().clean()
        for entry in self.entries:
            if entry.conflict and cleaned.get(entry.score_field) is not None:
                self.add_error(
                    entry.score_field,
                    _("You belong to this candidate's unit: you cannot score it."),
                )
        return cleaned

    def scores(self):
        """{entry id: (value or None, comment)} of every candidate the reviewer may score,
        and of any own-unit candidate that was given a value (the service refuses it)."""
        result = {}
        for entry in self.entries:
            value = self.cleaned_data.get(entry.score_field)
            if entry.conflict and value is None:
                continue
            result[entry.pk] = (value, self.cleaned_data.get(entry.comment_field, ""))
        return result

    def rows(self):
        """(entry, score bound field, comment bound field) for the template."""
        return [(e, self[e.score_field], self[e.comment_field]) for e in self.entries]
