"""What the views of every app share: the campaign a request asks for, and a service's refusal
put on the form that was submitted."""

from django.core.exceptions import ValidationError
from django.http import Http404

from .errors import DomainError, Invalid, as_domain_error
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


class refusals_onto:
    """Put a service's refusal on `form` instead of raising it: each message next to its
    field (or above the form), and the refusal's status kept for the response.

        if form.is_valid():
            with refusals_onto(form):
                services.pledge_save_draft(...)
                return redirect(pledge)
        return render(request, template, context, status=form_status(form))
    """

    def __init__(self, form):
        self.form = form

    def __enter__(self):
        return self.form

    def __exit__(self, exc_type, exc, traceback):
        if exc is None or not isinstance(exc, DomainError | ValidationError):
            return False
        add_refusal(self.form, exc)
        return True


def add_refusal(form, exc):
    error = as_domain_error(exc)
    for field, texts in error.errors.items():
        form.add_error(field if field in form.fields else None, texts)
    form.refusal_status = error.status


def form_status(*forms):
    """The status a page answers with after its forms were handled: a refusal's (409 for a
    stale version), 400 for bad input, else 200."""
    forms = [form for form in forms if form is not None]
    statuses = [getattr(form, "refusal_status", None) for form in forms]
    if any(statuses):
        return max(s for s in statuses if s)
    if any(form.is_bound and not form.is_valid() for form in forms):
        return 400
    return 200


def cleaned(form, *, record=None):
    """The cleaned data of a form posted by a button (no page of its own to show errors on):
    invalid input is refused like a service refusal, and the middleware says why on `record`'s
    page."""
    from django.utils.translation import gettext as _

    if not form.is_valid():
        texts = [str(e) for errors in form.errors.values() for e in errors]
        error = Invalid(" ".join(texts) or _("The request was incomplete; nothing was changed."))
        error.record = record
        raise error
    return form.cleaned_data
