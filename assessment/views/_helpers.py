"""Small things the assessment views share."""

from django.core.exceptions import ValidationError
from django.http import Http404

from efficiency_center.models import Campaign

CENTER = ("clerk", "leader")
UNIT_PAGE_ROLES = ("clerk", "leader", "staff", "head")


def campaign_from(request):
    """The campaign asked for by ?year= (GET or POST), else the running one; 404 if none."""
    year = request.POST.get("year") or request.GET.get("year") or ""
    campaign = None
    if year.isdigit():
        campaign = Campaign.objects.filter(year=int(year)).first()
        if campaign is None:
            raise Http404
    campaign = campaign or Campaign.objects.running()
    if campaign is None:
        raise Http404
    return campaign


def error_text(exc):
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)
