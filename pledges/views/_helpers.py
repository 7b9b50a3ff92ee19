"""Small things the pledge views share."""

from django.core.exceptions import ValidationError

from efficiency_center.models import Campaign


def error_text(exc):
    """The user-facing text of a refused service call."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def campaign_from(request):
    """The campaign asked for by ?year=, else the running one."""
    year = request.GET.get("year", "")
    if year.isdigit():
        campaign = Campaign.objects.filter(year=int(year)).first()
        if campaign is not None:
            return campaign
    return Campaign.objects.running()


def is_own_unit(user, doc):
    return user.is_unit_user and user.department_id == doc.department_id
