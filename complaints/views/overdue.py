"""The supervision notice (督办通报) of a very overdue case: the clerk drafts it on its own page,
a leader issues or refuses it from the leader's queue."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from efficiency_center.permissions import role_required
from efficiency_center.review import StaleVersionError
from efficiency_center.shortcuts import error_text, show_error

from ..forms.center import PublishForm
from ..forms.unit import ExtensionDecisionForm
from ..models import OverdueNotice
from ..selectors import case as selectors
from ..services import overdue_notices
from ..workflow import ComplaintError


@role_required("clerk")
def overdue_notice_draft(request, pk):
    complaint = selectors.case_for_center(pk)
    if not overdue_notices.may_draft(complaint):
        messages.warning(request, _("This case cannot have one now."))
        return redirect(complaint)
    status = 200
    if request.method == "POST":
        form = PublishForm(request.POST, complaint=complaint)
        if form.is_valid():
            data = form.cleaned_data
            try:
                overdue_notices.overdue_notice_draft(
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
                show_error(form, exc)
            else:
                messages.success(request, _("The notice was sent to the leaders for a decision."))
                return redirect(complaint)
        status = 400
    else:
        title, body = overdue_notices.draft_text(complaint)
        form = PublishForm(complaint=complaint, initial={"title": title, "body": body})
    return render(
        request,
        "complaints/overdue_notice_form.html",
        {"complaint": complaint, "form": form},
        status=status,
    )


@role_required("leader")
@require_POST
def overdue_notice_decide(request, pk):
    draft = get_object_or_404(OverdueNotice, pk=pk)
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the notice is refused."))
        return redirect("complaints:leader_queue")
    issue = form.cleaned_data["decision"] == "approve"
    try:
        overdue_notices.overdue_notice_decide(
            draft=draft, user=request.user, issue=issue, comment=form.cleaned_data["comment"]
        )
    except (ComplaintError, ValidationError) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("The notice was issued.") if issue else _("The notice was refused.")
        )
    return redirect("complaints:leader_queue")


urlpatterns = [
    path("overdue-notices/new/<int:pk>/", overdue_notice_draft, name="overdue_notice"),
    path("overdue-notices/<int:pk>/decide/", overdue_notice_decide, name="overdue_notice_decide"),
]
