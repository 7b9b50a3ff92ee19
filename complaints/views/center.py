"""The center's case page and every action the clerk and the leader take on a case.

Center users only: the case's table (workflows.py) says which actions each of them may take now,
and the page offers exactly those, each with its form (or a link to its own page). Every form
posts the case's version; a stale one answers 409 and changes nothing, bad input 400, with the
message next to the field or above the form. The complainant's identity is not on the case
page: it has its own page, and each reading of it is audited.
"""

from dataclasses import dataclass, replace

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from efficiency_center.audit import AuditEvent, audit
from efficiency_center.errors import Forbidden
from efficiency_center.permissions import role_required
from efficiency_center.shortcuts import form_status, refusals_onto
from efficiency_center.workflow import allowed_actions, buttons, workflow_for

from ..forms import center as forms
from ..models import Complainant
from ..selectors import case as selectors
from ..services import aftercare, conclusion, handling, reply_review

CENTER = ("clerk", "leader", "admin")


@dataclass(frozen=True)
class Act:
    """An action the case page takes with a form of its own: the form, the service, and what
    the clerk is told once it is done."""

    form: type
    service: object
    done: str
    versioned: bool = True
    with_reply: bool = False


ACTS = {
    "open": Act(
        forms.CaseActionForm,
        handling.complaint_open,
        gettext_lazy("The case was marked as received."),
    ),
    "accept": Act(
        forms.CommentForm, handling.complaint_accept, gettext_lazy("The case was accepted.")
    ),
    "not_accept": Act(
        forms.NotAcceptForm,
        handling.complaint_not_accept,
        gettext_lazy("The case was not accepted."),
    ),
    "merge": Act(forms.MergeForm, handling.complaint_merge, gettext_lazy("The case was merged.")),
    "forward": Act(
        forms.ForwardForm,
        handling.complaint_forward,
        gettext_lazy("The case was forwarded; the unit was told."),
    ),
    "investigate": Act(
        forms.InvestigateForm,
        handling.complaint_investigate,
        gettext_lazy("The center investigates the case itself."),
    ),
    "accept_reply": Act(
        forms.ReplyCheckForm,
        reply_review.reply_accept,
        gettext_lazy("The reply was accepted."),
        with_reply=True,
    ),
    "return_reply": Act(
        forms.ReturnReplyForm,
        reply_review.reply_return,
        gettext_lazy("The reply was returned to the unit."),
        with_reply=True,
    ),
    "propose": Act(
        forms.ProposeForm,
        conclusion.conclusion_propose,
        gettext_lazy("The conclusion was recorded."),
    ),
    "approve_conclusion": Act(
        forms.CommentForm,
        conclusion.conclusion_approve,
        gettext_lazy("The conclusion was approved."),
    ),
    "send_back_conclusion": Act(
        forms.SendBackForm,
        conclusion.conclusion_send_back,
        gettext_lazy("The conclusion was sent back to the clerk."),
    ),
    "accountability": Act(
        forms.AccountabilityForm,
        conclusion.accountability_record,
        gettext_lazy("The measure was recorded."),
    ),
    "answer": Act(
        forms.AnswerForm, aftercare.complaint_answer, gettext_lazy("The answer was recorded.")
    ),
    "follow_up": Act(
        forms.FollowUpForm,
        aftercare.follow_up_record,
        gettext_lazy("The follow-up was recorded."),
    ),
    "close": Act(
        forms.CommentForm, aftercare.complaint_close, gettext_lazy("The case was closed.")
    ),
    "note": Act(
        forms.NoteForm, handling.note_add, gettext_lazy("The note was added."), versioned=False
    ),
}

# The actions the page offers as a link to a page of their own.
LINKS = {
    "notice": "complaints:case_notice",
    "typical_case": "complaints:case_typical",
    "overdue_notice": "complaints:overdue_notice",
    "request_extension": "complaints:extension_request",
}


def _action_form(name, complaint, page, bound):
    act = ACTS[name]
    extra = {"reply": page["submitted_reply"]} if act.with_reply else {}
    return bound.get(name) or act.form(prefix=name, complaint=complaint, **extra)


def _case_page(request, complaint, *, status=200, bound=None):
    bound = bound or {}
    page = selectors.case_page(complaint)
    offered = buttons(complaint, request.user)
    names = {button.name for button in offered}
    for name, form in bound.items():
        if name not in names:  # refused, and no longer offered: say why on top
            errors = [str(e) for errors in form.errors.values() for e in errors]
            messages.error(request, " ".join(errors))
    actions = [
        {
            "button": replace(button, form=_action_form(button.name, complaint, page, bound))
            if button.name in ACTS
            else button,
            "url": reverse(LINKS[button.name], args=[complaint.pk]) if button.name in LINKS else "",
        }
        for button in offered
    ]
    context = {"complaint": complaint, **page, "actions": actions}
    return render(request, "complaints/case.html", context, status=status)


@role_required(*CENTER)
def case(request, pk):
    return _case_page(request, selectors.case_for_center(pk))


@role_required(*CENTER)
@require_POST
def case_action(request, pk, action):
    act = ACTS.get(action)
    if act is None:
        raise Http404
    complaint = selectors.case_for_center(pk)
    refusal = workflow_for(complaint).refusal(complaint, action, request.user)
    if isinstance(refusal, Forbidden):
        raise refusal  # not this user's to take, whatever the form says (the 403 page)
    form = act.form(request.POST, prefix=action, complaint=complaint)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        if act.versioned:
            data["expected_version"] = version
        with refusals_onto(form):
            act.service(complaint=complaint, user=request.user, **data)
            messages.success(request, act.done)
            return redirect(complaint)
    messages.error(request, _("Nothing was changed: see the message by the form."))
    complaint = selectors.case_for_center(pk)
    return _case_page(request, complaint, status=form_status(form), bound={action: form})


@role_required(*CENTER)
@never_cache
def identity(request, pk):
    """Who complained: name, phone, address. Every reading is audited (who, when, which case)."""
    complaint = selectors.case_for_center(pk)
    complainant = Complainant.objects.filter(complaint=complaint).first()
    audit(
        request.user,
        AuditEvent.Action.SEALED_READ,
        f"complaint {complaint.number}",
        detail=(
            f"complainant's name, phone and address of case {complaint.number} (id {complaint.pk})"
        ),
        request=request,
    )
    return render(
        request,
        "complaints/identity.html",
        {"complaint": complaint, "complainant": complainant},
    )


PUBLISH = {
    "notice": (
        conclusion.public_notice_issue,
        "complaints/notice_form.html",
        gettext_lazy("The public notice was issued."),
    ),
    "typical_case": (
        conclusion.typical_case_publish,
        "complaints/typical_case_form.html",
        gettext_lazy("The typical case was published."),
    ),
}


def _publish_initial(complaint, kind):
    if kind == "notice":
        measures = complaint.accountabilities.order_by("created_at", "id")
        title, body = conclusion.notice_text(complaint, measures=list(measures))
        return {"title": title, "body": body}
    return {
        "title": _("Typical case: %(kind)s at %(unit)s")
        % {"kind": complaint.get_kind_display(), "unit": complaint.department.name}
    }


def _publish_page(request, pk, *, kind):
    """The clerk drafts and issues the public notice, or the anonymised typical case."""
    complaint = selectors.case_for_center(pk)
    if kind not in allowed_actions(complaint, request.user):
        messages.warning(request, _("This case cannot have one now."))
        return redirect(complaint)
    service, template, done = PUBLISH[kind]
    if request.method == "POST":
        form = forms.PublishForm(request.POST, complaint=complaint)
        if form.is_valid():
            with refusals_onto(form):
                service(
                    complaint=complaint,
                    user=request.user,
                    expected_version=form.cleaned_data["version"],
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
                messages.success(request, done)
                return redirect(complaint)
    else:
        form = forms.PublishForm(complaint=complaint, initial=_publish_initial(complaint, kind))
    context = {"complaint": complaint, "form": form}
    return render(request, template, context, status=form_status(form))


@role_required("clerk")
def notice_form(request, pk):
    return _publish_page(request, pk, kind="notice")


@role_required("clerk")
def typical_case_form(request, pk):
    return _publish_page(request, pk, kind="typical_case")


urlpatterns = [
    path("case/<int:pk>/", case, name="case"),
    path("case/<int:pk>/identity/", identity, name="identity"),
    path("case/<int:pk>/notice/", notice_form, name="case_notice"),
    path("case/<int:pk>/typical/", typical_case_form, name="case_typical"),
    path("case/<int:pk>/<slug:action>/", case_action, name="case_action"),
]
