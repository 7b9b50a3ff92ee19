"""Public pages: the complaint statistics of a campaign year, and the typical cases with their
Atom feed. No login; nothing on them identifies a complainant."""

import datetime

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from efficiency_center.models import Campaign
from efficiency_center.notices import PublishedTextFeed
from efficiency_center.shortcuts import campaign_from

from ..models import Finding, Kind
from ..selectors import stats as selectors

PAGE_SIZE = 20
CHART_UNITS = 15


def _outcome_labels():
    return {
        **{key: str(label) for key, label in Finding.choices},
        "not_accepted": _("Not accepted"),
        "open": _("Being handled"),
    }


def _chart(campaign, data):
    kind_labels = dict(Kind.choices)
    outcome_labels = _outcome_labels()
    top_units = [row for row in data["units"] if row["department_id"] is not None][:CHART_UNITS]
    return {
        "kinds": [
            {"name": str(kind_labels[key]), "value": n} for key, n in data["by_kind"].items()
        ],
        "months": [
            date_format(datetime.date(campaign.year, month, 1), "F") for month in range(1, 13)
        ],
        "month_counts": data["by_month"],
        "outcomes": [
            {"name": outcome_labels[key], "value": n}
            for key, n in data["totals"]["outcomes"].items()
        ],
        "units": [row["name"] for row in top_units],
        "unit_counts": [row["total"] for row in top_units],
        "on_time_units": [row["name"] for row in data["on_time_ranking"]],
        "on_time_rates": [row["on_time_rate"] for row in data["on_time_ranking"]],
        "satisfaction_units": [row["name"] for row in data["satisfaction_ranking"]],
        "satisfaction_means": [row["mean_satisfaction"] for row in data["satisfaction_ranking"]],
        "labels": {
            "cases": _("Cases"),
            "on_time_rate": _("On-time rate (%)"),
            "mean_satisfaction": _("Mean satisfaction (1 to 5)"),
        },
    }


def statistics(request):
    campaign = campaign_from(request, required=False)
    context = {"campaign": campaign, "campaigns": list(Campaign.objects.order_by("-year"))}
    if campaign is not None:
        data = selectors.statistics(campaign)
        months = [
            (date_format(datetime.date(campaign.year, month, 1), "F"), n)
            for month, n in enumerate(data["by_month"], 1)
        ]
        kind_labels = dict(Kind.choices)
        outcome_labels = _outcome_labels()
        context.update(
            data,
            chart=_chart(campaign, data),
            kind_rows=[(kind_labels[key], n) for key, n in data["by_kind"].items()],
            month_rows=months,
            outcome_rows=[
                (outcome_labels[key], n) for key, n in data["totals"]["outcomes"].items()
            ],
            min_ranked=selectors.MIN_RANKED,
        )
    return render(request, "complaints/statistics.html", context)


def typical_cases(request):
    page = Paginator(selectors.public_typical_cases(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "complaints/typical_case_list.html", {"page": page})


def typical_case(request, pk):
    return render(
        request,
        "complaints/typical_case_detail.html",
        {"typical": selectors.public_typical_case(pk)},
    )


class TypicalCaseFeed(PublishedTextFeed):
    """Typical complaint cases as the center publishes them (anonymised)."""

    title = gettext_lazy("Typical complaint cases")
    subtitle = gettext_lazy("Anonymised typical cases of efficiency complaints, as published.")

    def link(self):
        return reverse("complaints:typical_cases")

    def items(self):
        return selectors.public_typical_cases()[:50]


urlpatterns = [
    path("statistics/", statistics, name="statistics"),
    path("typical/", typical_cases, name="typical_cases"),
    path("typical/<int:pk>/", typical_case, name="typical_case"),
    path("typical/feed/", TypicalCaseFeed(), name="typical_feed"),
]
