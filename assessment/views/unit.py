"""The per-unit view (八查八看) and the county overview."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from efficiency_center.permissions import is_center, role_required
from efficiency_center.shortcuts import campaign_from

from .. import selectors
from ._helpers import CENTER, UNIT_PAGE_ROLES


@role_required(*UNIT_PAGE_ROLES)
def unit_index(request):
    """The unit picker: ?unit=CODE opens that unit's page; a unit user without a choice goes
    to their own unit's page."""
    campaign = campaign_from(request)
    code = request.GET.get("unit", "")
    if not code and not is_center(request.user):
        if not request.user.is_unit_user:  # a staff or head account without a unit
            raise Http404
        code = request.user.department.code
    if code:
        return redirect(reverse("assessment:unit", args=[code]) + f"?year={campaign.year}")
    return render(
        request,
        "assessment/unit_index.html",
        {
            "campaign": campaign,
            "campaigns": selectors.campaigns(),
            "units": selectors.visible_units(request.user),
        },
    )


@role_required(*UNIT_PAGE_ROLES)
def unit(request, code):
    unit = selectors.unit_for_user(request.user, code)
    campaign = campaign_from(request)
    return render(
        request,
        "assessment/unit.html",
        {
            "unit": unit,
            "campaign": campaign,
            "campaigns": selectors.campaigns(),
            "units": selectors.visible_units(request.user),
            "is_center": is_center(request.user),
            **selectors.unit_year(campaign=campaign, unit=unit, user=request.user),
        },
    )


@role_required(*CENTER)
def overview(request):
    campaign = campaign_from(request)
    return render(
        request,
        "assessment/overview.html",
        {
            "campaign": campaign,
            "campaigns": selectors.campaigns(),
            **selectors.county_overview(campaign),
        },
    )
