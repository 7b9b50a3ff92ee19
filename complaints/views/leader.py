"""Extensions of a case's deadline and the leader's queue.

The unit's head asks while the unit has the case, a clerk while the center holds it
(`complaints:extension_request`); a leader decides (`complaints:extension_decide`) from the
leader's queue, which also lists the conclusions waiting for a leader's approval (approved on the
center's case page).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from efficiency_center.permissions import role_required
from efficiency_center.review import StaleVersionError

from ..forms.unit import ExtensionDecisionForm, ExtensionRequestForm
from ..selectors import unit as selectors
from ..services import extensions
from ..workflow import ComplaintError
from .unit import error_text


@login_required
def extension_request(request, pk):
    user = request.user
    # 404 first: another unit's user learns nothing about the case.
    complaint = selectors.case_for_unit(user, pk)
    if user.role not in ("head", "clerk"):
        raise PermissionDenied
    today = timezone.localdate()
    case_extensions = list(complaint.extensions.only("decision"))
    refusal = extensions.refusal(user, complaint, case_extensions, today)
    if extensions.requester_side(user, complaint) is None:
        if user.is_unit_user and user.department_id != complaint.department_id:
            # A supervising head reads the sub-unit's case; the sub-unit's head asks.
            raise PermissionDenied
    longest = complaint.campaign.complaint_extension_max_workdays
    status = 200
    if request.method == "POST":
        form = ExtensionRequestForm(request.POST, longest=longest)
        if form.is_valid():
            data = form.cleaned_data
            try:
                extensions.extension_request(
                    complaint=complaint,
                    user=user,
                    workdays=data["workdays"],
                    reason=data["reason"],
                    expected_version=data["version"],
                    today=today,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 400
            except (ComplaintError, StaleVersionError) as exc:
                form.add_error(None, error_text(exc))
                status = 409 if isinstance(exc, StaleVersionError) else 400
            else:
                messages.success(
                    request, _("Your request was sent to the center's leaders for a decision.")
                )
                return redirect(complaint.url_for(user))
        else:
            status = 400
    else:
        form = ExtensionRequestForm(longest=longest, initial={"version": complaint.version})
    return render(
        request,
        "complaints/extension_request.html",
        {
            "complaint": complaint,
            "form": form,
            "refusal": refusal,
            "due": complaint.governing_due,
            "longest": longest,
            "back_url": complaint.url_for(user),
        },
        status=status,
    )


@role_required("leader")
def leader_queue(request):
    return render(request, "complaints/leader_queue.html", selectors.leader_queue())


@role_required("leader")
def extension_decide(request, pk):
    extension = selectors.extension_for_leader(pk)
    status = 200
    if request.method == "POST":
        form = ExtensionDecisionForm(request.POST)
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                extensions.extension_decide(
                    extension=extension,
                    user=request.user,
                    approve=approve,
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 400
            except (ComplaintError, StaleVersionError) as exc:
                form.add_error(None, error_text(exc))
                status = 400
            else:
                done = _("The extension was approved.") if approve else None
                messages.success(request, done or _("The extension was refused."))
                return redirect("complaints:leader_queue")
        else:
            status = 400
    else:
        form = ExtensionDecisionForm()
    return render(
        request,
        "complaints/extension_decide.html",
        {"extension": extension, "complaint": extension.complaint, "form": form},
        status=status,
    )


urlpatterns = [
    path("leader/", leader_queue, name="leader_queue"),
    path("extensions/ask/<int:pk>/", extension_request, name="extension_request"),
    path("extensions/<int:pk>/decide/", extension_decide, name="extension_decide"),
]
