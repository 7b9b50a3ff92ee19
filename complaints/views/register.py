"""The clerk registers a complaint that came by another channel (hotline, letter, visit, …)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from efficiency_center.permissions import role_required
from efficiency_center.shortcuts import form_status, refusals_onto

from ..forms.intake import RegisterComplaintForm
from ..services import intake


@role_required("clerk")
def register(request):
    posted = request.method == "POST"
    form = RegisterComplaintForm(request.POST, request.FILES) if posted else RegisterComplaintForm()
    if posted and form.is_valid():
        with refusals_onto(form):
            complaint, code = intake.complaint_register(
                user=request.user, data=form.data_for_service(), evidence=form.evidence()
            )
            # Shown once, on the next page: the clerk tells it to the complainant.
            messages.success(
                request,
                _(
                    "Case %(number)s is registered. Tell the complainant the query code "
                    "%(code)s: it is shown only now and cannot be shown again."
                )
                % {"number": complaint.number, "code": code},
            )
            return redirect(complaint)
    return render(
        request,
        "complaints/register.html",
        {"form": form, "max_files": intake.MAX_EVIDENCE_FILES},
        status=form_status(form),
    )


urlpatterns = [
    path("register/", register, name="register"),
]
