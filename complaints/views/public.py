"""The complainant's pages, no login: file a complaint, enter the query code, follow the case,
add information, rate the handling, ask for re-examination.

The query code never travels in a URL: the filing passes it to the thanks page through the
session (popped when shown), and a right code puts the case's id in the session, which the
tracking pages read.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from efficiency_center import throttle
from efficiency_center.shortcuts import form_status, refusals_onto

from .. import query_codes
from ..forms.intake import (
    AddInformationForm,
    PublicComplaintForm,
    QueryForm,
    RatingForm,
    ReexaminationForm,
)
from ..selectors import public as selectors
from ..services import complainant, intake

NEW_CODE_KEY = "complaints:new_code"
TRACK_KEY = "complaints:track"


@never_cache
def file(request):
    posted = request.method == "POST"
    form = PublicComplaintForm(request.POST, request.FILES) if posted else PublicComplaintForm()
    if posted:
        if form.is_bot():
            # Same answer as a real filing, nothing stored: the bot learns nothing.
            request.session[NEW_CODE_KEY] = query_codes.new_query_code()
            return redirect("complaints:filed")
        if form.is_valid():
            with refusals_onto(form):
                _complaint, code = intake.complaint_file(
                    data=form.data_for_service(),
                    evidence=form.evidence(),
                    address=throttle.client_address(request),
                )
                request.session[NEW_CODE_KEY] = code
                return redirect("complaints:filed")
    return render(
        request,
        "complaints/public_file.html",
        {"form": form, "max_files": intake.MAX_EVIDENCE_FILES},
        status=form_status(form),
    )


@never_cache
def filed(request):
    code = request.session.pop(NEW_CODE_KEY, None)
    return render(request, "complaints/public_filed.html", {"code": code})


@never_cache
def query(request):
    posted = request.method == "POST"
    form = QueryForm(request.POST) if posted else QueryForm()
    if posted and form.is_valid():
        with refusals_onto(form):
            complaint = intake.complaint_for_code(
                code=form.cleaned_data["code"], address=throttle.client_address(request)
            )
            request.session.cycle_key()
            request.session[TRACK_KEY] = complaint.pk
            if not request.user.is_authenticated:
                request.session.set_expiry(0)  # forgotten when the browser closes
            return redirect("complaints:track")
    return render(request, "complaints/public_query.html", {"form": form}, status=form_status(form))


def _tracked(request):
    pk = request.session.get(TRACK_KEY)
    return selectors.tracked_case(pk) if pk else None


def _track_page(request, complaint, forms=None, status=200):
    context = selectors.track_page(complaint)
    forms = forms or {}
    context["add_form"] = forms.get("add") or (AddInformationForm() if context["can_add"] else None)
    context["rating_form"] = forms.get("rate") or (RatingForm() if context["can_rate"] else None)
    context["reexam_form"] = forms.get("reexamine") or (
        ReexaminationForm() if context["can_reexamine"] else None
    )
    return render(request, "complaints/public_track.html", context, status=status)


@never_cache
def track(request):
    complaint = _tracked(request)
    if complaint is None:
        messages.info(request, _("Please enter your query code to follow your complaint."))
        return redirect("complaints:query")
    return _track_page(request, complaint)


def _complainant_action(request, key, form, act, done):
    """Run `act(complaint, form)` for the case in the session; back to the track page, where a
    refusal shows by the form it is about (or on top, when the form is no longer offered)."""
    complaint = _tracked(request)
    if complaint is None:
        return redirect("complaints:query")
    if form.is_valid():
        with refusals_onto(form):
            act(complaint, form)
            messages.success(request, done)
            return redirect("complaints:track")
    return _track_page(request, complaint, forms={key: form}, status=form_status(form))


@require_POST
def add_information(request):
    form = AddInformationForm(request.POST, request.FILES)
    return _complainant_action(
        request,
        "add",
        form,
        lambda c, f: complainant.information_add(
            complaint=c, text=f.cleaned_data.get("text", ""), evidence=f.evidence()
        ),
        _("Thank you. The center has received what you added."),
    )


@require_POST
def rate(request):
    form = RatingForm(request.POST)
    return _complainant_action(
        request,
        "rate",
        form,
        lambda c, f: complainant.satisfaction_rate(complaint=c, **f.cleaned_data),
        _("Thank you for your rating."),
    )


@require_POST
def reexamine(request):
    form = ReexaminationForm(request.POST)
    return _complainant_action(
        request,
        "reexamine",
        form,
        lambda c, f: complainant.reexamination_request(
            complaint=c, reason=f.cleaned_data["reason"]
        ),
        _("Your request for re-examination was received; the case is being handled again."),
    )


@require_POST
def track_end(request):
    """Forget the case in this browser (a shared computer)."""
    request.session.pop(TRACK_KEY, None)
    messages.info(request, _("This browser no longer shows your case."))
    return redirect("complaints:query")


urlpatterns = [
    path("file/", file, name="file"),
    path("file/thanks/", filed, name="filed"),
    path("query/", query, name="query"),
    path("track/", track, name="track"),
    path("track/add/", add_information, name="add_information"),
    path("track/rate/", rate, name="rate"),
    path("track/reexamine/", reexamine, name="reexamine"),
    path("track/end/", track_end, name="track_end"),
]
