"""Public pages: the 公示 with objections, the quarterly competition, a unit's year."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from efficiency_center.models import Campaign, Department
from efficiency_center.shortcuts import campaign_from, form_status, refusals_onto
from efficiency_center.vocabulary import Quarter

from .. import selectors, services
from ..forms import ObjectionForm
from ..models import FIGURE_FIELDS
from ._helpers import client_ip, current_quarter


def public_list(request):
    campaign = campaign_from(request, required=False)
    return render(
        request,
        "achievements/public_list.html",
        {
            "campaign": campaign,
            "batches": selectors.publicity_batches(),
            "today": timezone.localdate(),
            "current_quarter": current_quarter(campaign) if campaign else 1,
        },
    )


def competition_index(request):
    campaign = campaign_from(request)
    return redirect(
        "achievements:competition", year=campaign.year, quarter=current_quarter(campaign)
    )


def competition(request, year, quarter):
    campaign = get_object_or_404(Campaign, year=year)
    if quarter not in Quarter.values:
        raise Http404
    data = selectors.competition(campaign, quarter)
    top = data["ranking"][:15]
    chart = {
        "units": [row["department__short_name"] for row in top],
        "verified": [row["verified"] for row in top],
        "typical": [row["typical"] for row in top],
        "service_101": [row["service_101"] for row in top],
        "categories": [
            {"name": row["category__name"], "value": row["count"]} for row in data["by_category"]
        ],
        "labels": {
            "verified": _("Verified"),
            "typical": _("Typical"),
            "service_101": _("101%% service") % {},  # the same msgid as the templates'
        },
    }
    return render(
        request,
        "achievements/competition.html",
        {
            "campaign": campaign,
            "quarter": quarter,
            "quarters": Quarter.choices,
            "chart": chart,
            "figure_fields": FIGURE_FIELDS,
            **data,
        },
    )


def unit_public(request, year, code):
    campaign = get_object_or_404(Campaign, year=year)
    department = get_object_or_404(Department, code=code, is_active=True)
    achievements = selectors.unit_year(campaign, department)
    return render(
        request,
        "achievements/unit_public.html",
        {"campaign": campaign, "department": department, "achievements": achievements},
    )


def public_detail(request, pk, form=None):
    achievement = selectors.public_achievement(pk)
    accepts = achievement.accepts_objections(timezone.localdate())
    return render(
        request,
        "achievements/public_detail.html",
        {
            "achievement": achievement,
            "objections": selectors.dismissed_objections(achievement),
            "accepts_objections": accepts,
            "form": form or (ObjectionForm() if accepts else None),
        },
        status=form_status(form),
    )


@require_POST
def objection_create(request, pk):
    achievement = selectors.public_achievement(pk)
    if not achievement.accepts_objections(timezone.localdate()):
        raise Http404
    form = ObjectionForm(request.POST)
    if form.is_valid():
        with refusals_onto(form):
            services.objection_raise(
                achievement=achievement, ip_address=client_ip(request), **form.cleaned_data
            )
            return render(
                request, "achievements/objection_thanks.html", {"achievement": achievement}
            )
    return public_detail(request, pk, form=form)
