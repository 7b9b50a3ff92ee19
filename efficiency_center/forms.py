from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """A browser date picker; it takes ISO dates only, whatever the locale's format."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


def with_blank(choices, label):
    """`choices` after a first, empty choice labelled `label` (a filter's "all")."""
    return [("", label), *choices]


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Please try again."),
        "inactive": _("This account has been disabled."),
    }

    username = forms.CharField(
        label=_("Username"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class StepForm(forms.Form):
    """A workflow button's post (includes/step_buttons.html): which action, on which version
    of the record, with what comment. The record's table decides whether the action is
    allowed."""

    action = forms.CharField(max_length=24)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
