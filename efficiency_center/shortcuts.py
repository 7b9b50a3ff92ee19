"""What the views of every app share: the campaign a request asks for, and a refused service
call shown to the user."""

from django.core.exceptions import ValidationError
from django.http import Http404

from .models import Campaign


def campaign_from(request, *, required=True):
    """The campaign of ?year= (in the query or the posted form), else the running one.

    A year without a campaign is 404 rather than another year's page; with no campaign at all,
    404 if `required`, else None."""
    year = request.POST.get("year") or request.GET.get("year") or ""
    if year:
        campaign = Campaign.objects.filter(year=int(year)).first() if year.isdigit() else None
        if campaign is None:
            raise Http404
        return campaign
    campaign = Campaign.objects.running()
    if campaign is None and required:
        raise Http404
    return campaign


def error_messages(exc):
    """The user-facing texts of a refused service call."""
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc)]


def error_text(exc):
    return " ".join(error_messages(exc))


def show_error(form, exc):
    """A service's refusal on the form: field errors beside their field, the rest on top."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error_messages(exc))
