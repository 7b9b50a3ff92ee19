"""Public pages: the approved ten best measures and ten real deeds of each year."""

from django.shortcuts import render

from .. import selectors
from ..models import ListKind
from ._helpers import list_kind


def public_index(request):
    campaigns = list(selectors.published_campaigns())
    return render(
        request,
        "selection/public_index.html",
        {"campaigns": campaigns, "kinds": ListKind.choices},
    )


def public_list(request, year, kind):
    kind = list_kind(kind)
    campaign = selectors.campaign_by_year(year)
    return render(
        request,
        "selection/public_list.html",
        {
            "campaign": campaign,
            "kind": kind,
            "other_kind": ListKind.REAL_DEED
            if kind == ListKind.BEST_MEASURE
            else ListKind.BEST_MEASURE,
            "awards": list(selectors.awards(campaign, kind)),
        },
    )
