"""The clerk's finding and rating of one of the eight checks (八查八看) of a unit's year: the
center's page (leaders read it and its history; clerks write it, mark it final, reopen it)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from efficiency_center.forms import StepForm
from efficiency_center.permissions import has_role, role_required
from efficiency_center.shortcuts import campaign_from, cleaned, form_status, refusals_onto
from efficiency_center.workflow import buttons, history, workflow_for

from .. import selectors, services
from ..checks import LOOKS_AT, Check
from ..forms import CheckFindingForm
from ..models import CheckFinding, finding_url
from ._helpers import CENTER


def _check(check):
    if check not in Check.values:
        raise Http404
    return Check(check)


@role_required(*CENTER)
def check_finding(request, code, check):
    check = _check(check)
    unit = selectors.unit_for_user(request.user, code)
    campaign = campaign_from(request)
    finding = selectors.finding_for(campaign, unit, check)
    is_clerk = has_role(request.user, "clerk")
    if request.method == "POST" and not is_clerk:
        raise PermissionDenied
    form = None
    if request.method == "POST" or (is_clerk and (finding is None or not finding.is_final)):
        initial = {"text": finding.text, "rating": finding.rating} if finding else {}
        initial["version"] = finding.version if finding else None
        form = CheckFindingForm(request.POST or None, initial=initial)
    if form is not None and form.is_bound and form.is_valid():
        with refusals_onto(form):
            data = form.cleaned_data
            services.check_finding_save(
                campaign=campaign,
                department=unit,
                check=check,
                user=request.user,
                text=data["text"],
                rating=data["rating"],
                expected_version=data["version"],
            )
            messages.success(request, _("The finding was saved."))
            return redirect(finding_url(unit, campaign, check))
        finding = selectors.finding_for(campaign, unit, check)  # as it is now
    sections = selectors.unit_sections(campaign, unit, center=True)
    return render(
        request,
        "assessment/check_finding.html",
        {
            "unit": unit,
            "campaign": campaign,
            "check": check,
            "looks_at": LOOKS_AT[check],
            "facts": selectors.check_row(
                campaign=campaign, unit=unit, sections=sections, check=check
            ),
            "finding": finding,
            "form": form,
            "buttons": buttons(finding, request.user) if finding else [],
            "act_url": reverse("assessment:check_finding_act", args=[unit.code, check.value])
            + f"?year={campaign.year}",
            "history": history(finding) if finding else [],
        },
        status=form_status(form),
    )


@role_required("clerk")
@require_POST
def check_finding_act(request, code, check):
    """A clerk marks the finding final or reopens it (includes/step_buttons.html)."""
    check = _check(check)
    unit = selectors.unit_for_user(request.user, code)
    campaign = campaign_from(request)
    finding = selectors.finding_for(campaign, unit, check)
    if finding is None:
        raise Http404
    data = cleaned(StepForm(request.POST), record=finding)
    services.check_finding_step(
        finding=finding,
        user=request.user,
        action=data["action"],
        expected_version=data["version"],
        comment=data["comment"],
    )
    messages.success(
        request,
        _("Done: %(action)s.") % {"action": workflow_for(CheckFinding).label(data["action"])},
    )
    return redirect(finding.get_absolute_url())
