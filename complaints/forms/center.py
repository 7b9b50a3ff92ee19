"""The case page's action forms. Each carries the case's `version` (hidden) for the optimistic
lock and validates its input field by field; the services and the case's table decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from efficiency_center.forms import DateInput
from efficiency_center.models import Department
from efficiency_center.review import State

from .. import deadlines
from ..models import (
    DESCRIPTION_MAX_CHARS,
    Accountability,
    CaseNote,
    ContactChannel,
    Finding,
    Reply,
    Satisfaction,
    Status,
)
from ..validators import check_reply_due


def _text(label, *, required=True, rows=3, max_length=DESCRIPTION_MAX_CHARS, **kwargs):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


def _units():
    return Department.objects.filter(is_active=True).order_by("code")


class CaseActionForm(forms.Form):
    """Base of every action form: knows its case, carries its version."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, complaint, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("version", complaint.version)
        super().__init__(*args, **kwargs)
        self.complaint = complaint


class CommentForm(CaseActionForm):
    comment = _text(_("Comment (optional)"), required=False, rows=2, max_length=2000)


class NotAcceptForm(CaseActionForm):
    comment = _text(_("Why it is not accepted"))
    redirect_to = forms.CharField(
        label=_("Where to go instead (optional)"),
        required=False,
        max_length=200,
        help_text=_("The complainant reads this on the query page."),
    )


class MergeForm(CaseActionForm):
    target_number = forms.CharField(
        label=_("Number of the earlier case about the same matter"), max_length=20
    )
    comment = _text(_("Comment (optional)"), required=False, rows=2, max_length=2000)


def _retold(complaint):
    """The clerk's starting text for the unit: the complaint and where it happened, to be
    rewritten without anything that identifies the complainant."""
    if not complaint.place:
        return complaint.description
    return f"{complaint.description}\n{_('Where it happened')}：{complaint.place}"


class ForwardForm(CaseActionForm):
    department = forms.ModelChoiceField(label=_("Unit"), queryset=Department.objects.none())
    forwarded_text = _text(
        _("What the unit is told"),
        rows=6,
        help_text=_(
            "The unit reads only this, never the complaint itself: remove anything that could "
            "identify the complainant."
        ),
    )
    reply_due = forms.DateField(
        label=_("Reply due"),
        required=False,
        widget=DateInput,
        help_text=_(
            "The campaign's limit in working days by default; another working day may be chosen."
        ),
    )
    comment = _text(_("Comment (optional)"), required=False, rows=2, max_length=2000)

    def __init__(self, *args, complaint, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("department", complaint.department_id)
        initial.setdefault("forwarded_text", complaint.forwarded_text or _retold(complaint))
        if not args and "data" not in kwargs:
            initial.setdefault(
                "reply_due", deadlines.reply_due(complaint.campaign, timezone.localdate())
            )
        super().__init__(*args, complaint=complaint, **kwargs)
        self.fields["department"].queryset = _units()

    def clean_reply_due(self):
        day = self.cleaned_data.get("reply_due")
        if day:
            check_reply_due(day)
        return day


class InvestigateForm(CaseActionForm):
    department = forms.ModelChoiceField(
        label=_("Unit complained of"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("Not known"),
    )
    comment = _text(_("Comment (optional)"), required=False, rows=2, max_length=2000)

    def __init__(self, *args, complaint, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("department", complaint.department_id)
        super().__init__(*args, complaint=complaint, **kwargs)
        self.fields["department"].queryset = _units()


class ReplyCheckForm(CaseActionForm):
    reply = forms.ModelChoiceField(queryset=Reply.objects.none(), widget=forms.HiddenInput)
    comment = _text(_("Comment (optional)"), required=False, rows=2, max_length=2000)

    def __init__(self, *args, complaint, reply=None, **kwargs):
        if reply is not None:
            kwargs.setdefault("initial", {}).setdefault("reply", reply.pk)
        super().__init__(*args, complaint=complaint, **kwargs)
        self.fields["reply"].queryset = Reply.objects.filter(
            complaint=complaint, state=State.SUBMITTED
        )
        self.fields["reply"].error_messages["invalid_choice"] = _(
            "This reply is no longer waiting to be checked: reload the page."
        )


class ReturnReplyForm(ReplyCheckForm):
    comment = _text(_("What the unit must do"), max_length=2000)


class ProposeForm(CaseActionForm):
    finding = forms.ChoiceField(label=_("Conclusion"), choices=Finding.choices)
    findings = _text(_("Findings"), rows=5)
    department = forms.ModelChoiceField(
        label=_("Unit complained of"), queryset=Department.objects.none(), required=False
    )

    def __init__(self, *args, complaint, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("findings", complaint.findings)
        initial.setdefault("department", complaint.department_id)
        super().__init__(*args, complaint=complaint, **kwargs)
        if complaint.status == Status.DIRECT:
            self.fields["department"].queryset = _units()
            self.fields["department"].help_text = _(
                "Needed to find the case (partly) true: the deduction goes to this unit."
            )
        else:
            del self.fields["department"]
        self.fields["finding"].help_text = _(
            "“Not true” takes effect at once; “found true” and “partly true” go to a leader."
        )


class SendBackForm(CaseActionForm):
    comment = _text(_("Why it is sent back"), max_length=2000)


class AccountabilityForm(CaseActionForm):
    measure = forms.ChoiceField(label=_("Measure"), choices=Accountability.Measure.choices)
    person = forms.CharField(label=_("Against whom (name and post)"), max_length=100)
    note = _text(_("Note (optional)"), required=False, rows=2, max_length=2000)


class PublishForm(CaseActionForm):
    """The public notice's and the typical case's text, drafted by the clerk."""

    title = forms.CharField(label=_("Title"), max_length=200)
    body = _text(_("Text"), rows=10)


class AnswerForm(CaseActionForm):
    channel = forms.ChoiceField(label=_("Answered by"), choices=ContactChannel.choices)
    answered_on = forms.DateField(label=_("Answered on"), widget=DateInput)
    text = _text(_("What the complainant was told"), rows=5)

    def __init__(self, *args, complaint, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("answered_on", timezone.localdate())
        super().__init__(*args, complaint=complaint, **kwargs)

    def clean_answered_on(self):
        day = self.cleaned_data["answered_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The answer cannot be dated in the future."), code="future")
        return day


class FollowUpForm(CaseActionForm):
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction"), choices=Satisfaction.choices, coerce=int
    )
    channel = forms.ChoiceField(label=_("How"), choices=ContactChannel.choices)
    note = _text(_("Note (optional)"), required=False, rows=2, max_length=2000)


class NoteForm(CaseActionForm):
    audience = forms.ChoiceField(
        label=_("Who sees it"),
        choices=[
            (value, label)
            for value, label in CaseNote.Audience.choices
            if value != CaseNote.Audience.COMPLAINANT
        ],
    )
    text = _text(_("Note"), rows=3)
