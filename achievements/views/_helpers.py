"""Small things the achievement views share."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from efficiency_center.models import Campaign

from ..models import quarter_of


def error_text(exc):
    """The user-facing text of a refused service call."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def campaign_from(request, *, required=True):
    """The campaign asked for by ?year=, else the running one; 404 if there is none."""
    year = request.GET.get("year", "")
    campaign = None
    if year.isdigit():
        campaign = Campaign.objects.filter(year=int(year)).first()
    campaign = campaign or Campaign.objects.running()
    if campaign is None and required:
        raise Http404
    return campaign


def current_quarter(campaign, today=None):
    today = today or timezone.localdate()
    if today.year < campaign.year:
        return 1
    return quarter_of(today) if today.year == campaign.year else 4


def quarter_from(request, campaign, key="quarter"):
    value = request.GET.get(key) or request.POST.get(key) or ""
    if value.isdigit() and 1 <= int(value) <= 4:
        return int(value)
    return current_quarter(campaign)


def client_ip(request):
    return request.META.get("REMOTE_ADDR") or None
