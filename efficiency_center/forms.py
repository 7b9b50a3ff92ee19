from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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
