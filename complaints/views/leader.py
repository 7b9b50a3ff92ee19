"""Extensions of a case's deadline and the leader's queue.

The unit's head asks while the unit has the case, a clerk while the center holds it
(`complaints:extension_request`, the case's table decides); a leader decides
(`complaints:extension_decide`, the extension's table) from the leader's queue, which also lists
the conclusions waiting for a leader's approval (approved on the center's case page) and the
supervision notices to issue.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from efficiency_center.forms import StepForm
from efficiency_center.permissions import role_required
from efficiency_center.shortcuts import cleaned, form_status, refusals_onto
from efficiency_center.workflow import buttons, history, workflow_for

from ..forms.unit import ExtensionRequestForm
from ..models import Extension
from ..selectors import unit as selectors
from ..services import extensions


@login_required
def extension_request(request, pk):
    user = request.user
    # 404 first: another unit's user learns nothing about the case.
    complaint = selectors.case_for_unit(user, pk)
    refusal = extensions.extension_refusal(complaint, user)
    if refusal is not None and refusal.status == 403:
        raise refusal
    longest = complaint.campaign.complaint_extension_max_workdays
    if request.method == "POST":
        form = ExtensionRequestForm(request.POST, longest=longest)
        if form.is_valid():
            data = form.cleaned_data
            with refusals_onto(form):
                extensions.extension_request(
                    complaint=complaint,
                    user=user,
                    workdays=data["workdays"],
                    reason=data["reason"],
                    expected_version=data["version"],
                )
                messages.success(
                    request, _("Your request was sent to the center's leaders for a decision.")
                )
                return redirect(complaint.url_for(user))
    else:
        form = ExtensionRequestForm(longest=longest, initial={"version": complaint.version})
    return render(
        request,
        "complaints/extension_request.html",
        {
            "complaint": complaint,
            "form": form,
            "refusal": refusal.message if refusal is not None and request.method != "POST" else "",
            "due": complaint.governing_due,
            "longest": longest,
            "back_url": complaint.url_for(user),
        },
        status=form_status(form),
    )


@role_required("leader")
def leader_queue(request):
    context = selectors.leader_queue()
    for notice in context["overdue_notices"]:
        notice.buttons = buttons(notice, request.user)
    return render(request, "complaints/leader_queue.html", context)


@role_required("leader")
def extension_decide(request, pk):
    """The request with the leader's buttons (approve, refuse with a reason): a refusal comes
    back here with its message (DomainErrorMiddleware)."""
    extension = selectors.extension_for_leader(pk)
    if request.method == "POST":
        data = cleaned(StepForm(request.POST), record=extension)
        extensions.extension_decide(
            extension=extension,
            user=request.user,
            action=data["action"],
            expected_version=data["version"],
            comment=data["comment"],
        )
        label = workflow_for(Extension).label(data["action"])
        messages.success(request, _("Done: %(action)s.") % {"action": label})
        return redirect("complaints:leader_queue")
    return render(
        request,
        "complaints/extension_decide.html",
        {
            "extension": extension,
            "complaint": extension.complaint,
            "buttons": buttons(extension, request.user),
            "history": history(extension),
        },
    )


urlpatterns = [
    path("leader/", leader_queue, name="leader_queue"),
    path("extensions/ask/<int:pk>/", extension_request, name="extension_request"),
    path("extensions/<int:pk>/decide/", extension_decide, name="extension_decide"),
]
