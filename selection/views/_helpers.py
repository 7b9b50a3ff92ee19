"""What the selection views share."""

from django.core.exceptions import ValidationError
from django.http import Http404

from efficiency_center.models import Campaign

from ..models import ListKind


def campaign_from(request):
    """The campaign asked for by ?year=, else the running one; 404 if there is none."""
    year = request.GET.get("year", "")
    campaign = None
    if year.isdigit():
        campaign = Campaign.objects.filter(year=int(year)).first()
        if campaign is None:
            raise Http404
    campaign = campaign or Campaign.objects.running()
    if campaign is None:
        raise Http404
    return campaign


def list_kind(kind):
    if kind not in ListKind.values:
        raise Http404
    return ListKind(kind)


def error_messages(exc):
    """The user-facing texts of a refused service call."""
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc)]


def show_error(form, exc):
    """A service's error on the form: field errors beside their field, the rest on top."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error_messages(exc))
