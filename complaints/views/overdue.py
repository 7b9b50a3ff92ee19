"""The supervision notice (督办通报) of a very overdue case: the clerk drafts it on its own page
(the case's table, "overdue_notice"), a leader issues or refuses it from the leader's queue (the
notice's table)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from efficiency_center.forms import StepForm
from efficiency_center.permissions import role_required
from efficiency_center.shortcuts import cleaned, form_status, refusals_onto
from efficiency_center.workflow import allowed_actions, workflow_for

from ..forms.center import PublishForm
from ..models import OverdueNotice
from ..selectors import case as selectors
from ..services import overdue_notices


@role_required("clerk")
def overdue_notice_draft(request, pk):
    complaint = selectors.case_for_center(pk)
    if "overdue_notice" not in allowed_actions(complaint, request.user):
        messages.warning(request, _("This case cannot have one now."))
        return redirect(complaint)
    if request.method == "POST":
        form = PublishForm(request.POST, complaint=complaint)
        if form.is_valid():
            with refusals_onto(form):
                overdue_notices.overdue_notice_draft(
                    complaint=complaint,
                    user=request.user,
                    expected_version=form.cleaned_data["version"],
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
                messages.success(request, _("The notice was sent to the leaders for a decision."))
                return redirect(complaint)
    else:
        title, body = overdue_notices.draft_text(complaint)
        form = PublishForm(complaint=complaint, initial={"title": title, "body": body})
    return render(
        request,
        "complaints/overdue_notice_form.html",
        {"complaint": complaint, "form": form},
        status=form_status(form),
    )


@role_required("leader")
@require_POST
def overdue_notice_decide(request, pk):
    notice = get_object_or_404(OverdueNotice.objects.select_related("complaint"), pk=pk)
    data = cleaned(StepForm(request.POST), record=notice)
    overdue_notices.overdue_notice_decide(
        notice=notice,
        user=request.user,
        action=data["action"],
        expected_version=data["version"],
        comment=data["comment"],
    )
    label = workflow_for(OverdueNotice).label(data["action"])
    messages.success(request, _("Done: %(action)s.") % {"action": label})
    return redirect("complaints:leader_queue")


urlpatterns = [
    path("overdue-notices/new/<int:pk>/", overdue_notice_draft, name="overdue_notice"),
    path("overdue-notices/<int:pk>/decide/", overdue_notice_decide, name="overdue_notice_decide"),
]
