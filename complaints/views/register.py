"""The clerk registers a complaint that came by another channel (hotline, letter, visit, …)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from efficiency_center.permissions import role_required

from ..forms.intake import RegisterComplaintForm
from ..services import intake
from ..workflow import ComplaintError


@role_required("clerk")
def register(request):
    posted = request.method == "POST"
    form = RegisterComplaintForm(request.POST, request.FILES) if posted else RegisterComplaintForm()
    status = 200
    if posted:
        status = 400
        if form.is_valid():
            try:
                complaint, code = intake.complaint_register(
                    user=request.user, data=form.data_for_service(), evidence=form.evidence()
                )
            except ComplaintError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
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
        status=status,
    )


urlpatterns = [
    path("register/", register, name="register"),
]
