"""The center's case page and every action the clerk and the leader take on a case.

Center users only: the clerk acts, a leader approves or sends back a conclusion, an admin reads.
The complainant's identity is not on the case page: it has its own page, and each reading of it
is audited. Every action form posts the case's version; a stale one answers 409 and changes
nothing, bad input answers 400 with the message next to the field.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from efficiency_center.audit import AuditEvent, audit
from efficiency_center.permissions import role_required
from efficiency_center.review import ReviewError, StaleVersionError

from ..forms import center as forms
from ..models import Complainant, TypicalCase
from ..selectors import case as selectors
from ..services import aftercare, conclusion, handling, overdue_notices, reply_review
from ..workflow import ComplaintError

CENTER = ("clerk", "leader", "admin")
CLERK = ("clerk",)
LEADER = ("leader",)


@dataclass(frozen=True)
class Act:
    form: type
    service: object
    roles: tuple
    title: str
    done: str
    danger: bool = False
    versioned: bool = True


ACTS = {
    "accept": Act(
        forms.CommentForm,
        handling.accept,
        CLERK,
        gettext_lazy("Accept"),
        gettext_lazy("The case was accepted."),
    ),
    "not_accept": Act(
        forms.NotAcceptForm,
        handling.not_accept,
        CLERK,
        gettext_lazy("Do not accept the complaint"),
        gettext_lazy("The case was not accepted."),
        danger=True,
    ),
    "merge": Act(
        forms.MergeForm,
        handling.merge,
        CLERK,
        gettext_lazy("Merge into an earlier case"),
        gettext_lazy("The case was merged."),
        danger=True,
    ),
    "forward": Act(
        forms.ForwardForm,
        handling.forward,
        CLERK,
        gettext_lazy("Forward to a unit"),
        gettext_lazy("The case was forwarded; the unit was told."),
    ),
    "investigate": Act(
        forms.InvestigateForm,
        handling.investigate,
        CLERK,
        gettext_lazy("Investigate directly"),
        gettext_lazy("The center investigates the case itself."),
    ),
    "accept_reply": Act(
        forms.ReplyCheckForm,
        reply_review.accept_reply,
        CLERK,
        gettext_lazy("Accept the unit's reply"),
        gettext_lazy("The reply was accepted."),
    ),
    "return_reply": Act(
        forms.ReturnReplyForm,
        reply_review.return_reply,
        CLERK,
        gettext_lazy("Return the reply to the unit"),
        gettext_lazy("The reply was returned to the unit."),
        danger=True,
    ),
    "propose": Act(
        forms.ProposeForm,
        conclusion.propose,
        CLERK,
        gettext_lazy("Conclusion"),
        gettext_lazy("The conclusion was recorded."),
    ),
    "approve_conclusion": Act(
        forms.CommentForm,
        conclusion.approve_conclusion,
        LEADER,
        gettext_lazy("Approve the conclusion"),
        gettext_lazy("The conclusion was approved."),
    ),
    "send_back_conclusion": Act(
        forms.SendBackForm,
        conclusion.send_back_conclusion,
        LEADER,
        gettext_lazy("Send the conclusion back"),
        gettext_lazy("The conclusion was sent back to the clerk."),
        danger=True,
    ),
    "accountability": Act(
        forms.AccountabilityForm,
        conclusion.record_accountability,
        CLERK,
        gettext_lazy("Record an accountability measure"),
        gettext_lazy("The measure was recorded."),
    ),
    "answer": Act(
        forms.AnswerForm,
        aftercare.answer,
        CLERK,
        gettext_lazy("Answer to the complainant"),
        gettext_lazy("The answer was recorded."),
    ),
    "follow_up": Act(
        forms.FollowUpForm,
        aftercare.follow_up,
        CLERK,
        gettext_lazy("Follow-up call"),
        gettext_lazy("The follow-up was recorded."),
    ),
    "close": Act(
        forms.CommentForm,
        aftercare.close,
        CLERK,
        gettext_lazy("Close"),
        gettext_lazy("The case was closed."),
    ),
    "note": Act(
        forms.NoteForm,
        handling.add_note,
        ("clerk", "leader"),
        gettext_lazy("Add a note"),
        gettext_lazy("The note was added."),
        versioned=False,
    ),
}


def _add_errors(form, exc):
    """Put a refusal next to the field it is about, or above the form."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc)
    else:
        form.add_error(None, str(exc))


def _action_forms(complaint, actions, page, bound):
    rows = []
    for name in actions:
        act = ACTS.get(name)
        if act is None:
            continue
        form = bound.get(name)
        if form is None:
            extra = {}
            if name in ("accept_reply", "return_reply"):
                extra["reply"] = page["submitted_reply"]
            form = act.form(prefix=name, complaint=complaint, **extra)
        rows.append({"name": name, "title": act.title, "form": form, "danger": act.danger})
    return rows


def _case_page(request, pk, *, status=200, bound=None):
    complaint = selectors.case_for_center(pk)
    if request.user.role == "clerk":
        handling.open_case(complaint=complaint, user=request.user)
    page = selectors.case_page(complaint)
    actions = selectors.available_actions(
        complaint,
        request.user,
        submitted_reply=page["submitted_reply"],
        notice=page["notice"],
        typical_case=page["typical_case"],
    )
    context = {
        "complaint": complaint,
        **page,
        "action_forms": _action_forms(complaint, actions, page, bound or {}),
        "can_issue_notice": "notice" in actions,
        "can_publish_typical": "typical_case" in actions,
        "can_draft_overdue_notice": request.user.role == "clerk"
        and overdue_notices.may_draft(complaint),
    }
    return render(request, "complaints/case.html", context, status=status)


@role_required(*CENTER)
def case(request, pk):
    return _case_page(request, pk)


@role_required("clerk", "leader")
@require_POST
def case_action(request, pk, action):
    act = ACTS.get(action)
    if act is None:
        raise Http404
    if request.user.role not in act.roles:
        raise PermissionDenied
    complaint = selectors.case_for_center(pk)
    form = act.form(request.POST, prefix=action, complaint=complaint)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        if act.versioned:
            data["expected_version"] = version
        try:
            act.service(complaint=complaint, user=request.user, **data)
        except StaleVersionError as exc:
            messages.error(request, str(exc))
            return _case_page(request, pk, status=409)
        except (ComplaintError, ReviewError, ValidationError) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, act.done)
            return redirect(complaint)
    messages.error(request, _("Nothing was changed: see the message by the form."))
    return _case_page(request, pk, status=400, bound={action: form})


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


def _publish_page(request, pk, *, kind):
    """The clerk drafts and issues the public notice, or the anonymised typical case."""
    complaint = selectors.case_for_center(pk)
    if kind == "notice":
        done = conclusion.notice_exists(complaint)
    else:
        done = TypicalCase.objects.filter(complaint=complaint).exists()
    if done or not conclusion.is_found_true(complaint):
        messages.warning(request, _("This case cannot have one now."))
        return redirect(complaint)
    service = (
        conclusion.issue_public_notice if kind == "notice" else conclusion.publish_typical_case
    )
    status = 200
    if request.method == "POST":
        form = forms.PublishForm(request.POST, complaint=complaint)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                service(
                    complaint=complaint,
                    user=request.user,
                    expected_version=data["version"],
                    title=data["title"],
                    body=data["body"],
                )
            except StaleVersionError as exc:
                messages.error(request, str(exc))
                return redirect(complaint)
            except (ComplaintError, ValidationError) as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The public notice was issued.")
                    if kind == "notice"
                    else _("The typical case was published."),
                )
                return redirect(complaint)
        status = 400
    elif kind == "notice":
        measures = complaint.accountabilities.order_by("created_at", "id")
        title, body = conclusion.notice_draft(complaint, measures=list(measures))
        form = forms.PublishForm(complaint=complaint, initial={"title": title, "body": body})
    else:
        form = forms.PublishForm(
            complaint=complaint,
            initial={
                "title": _("Typical case: %(kind)s at %(unit)s")
                % {"kind": complaint.get_kind_display(), "unit": complaint.department.name}
            },
        )
    template = (
        "complaints/notice_form.html" if kind == "notice" else "complaints/typical_case_form.html"
    )
    return render(request, template, {"complaint": complaint, "form": form}, status=status)


@role_required(*CLERK)
def notice_form(request, pk):
    return _publish_page(request, pk, kind="notice")


@role_required(*CLERK)
def typical_case_form(request, pk):
    return _publish_page(request, pk, kind="typical_case")


urlpatterns = [
    path("case/<int:pk>/", case, name="case"),
    path("case/<int:pk>/identity/", identity, name="identity"),
    path("case/<int:pk>/notice/", notice_form, name="case_notice"),
    path("case/<int:pk>/typical/", typical_case_form, name="case_typical"),
    path("case/<int:pk>/<slug:action>/", case_action, name="case_action"),
]
