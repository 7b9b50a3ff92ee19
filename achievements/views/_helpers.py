"""Small things the achievement views share."""

from django.utils import timezone

from efficiency_center.shortcuts import campaign_from, error_text  # noqa: F401

from ..models import quarter_of


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
