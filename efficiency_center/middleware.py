import logging

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import as_domain_error

logger = logging.getLogger(__name__)


class ServiceUnavailableMiddleware:
    """A database that cannot be reached answers a Chinese 503 page, never a traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)) or (
            isinstance(exception, DatabaseError) and "connect" in str(exception).lower()
        ):
            logger.error("database unavailable: %s", str(exception).splitlines()[0])
            # Rendered without the request: context processors would query the database again.
            return HttpResponse(loader.render_to_string("503.html"), status=503)
        return None


class ChineseFirstLocaleMiddleware:
    """Simplified Chinese for everyone unless they chose English with the footer's switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a county office PC
    with an English Windows would get English pages nobody asked for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class DomainErrorMiddleware:
    """A service's refusal that no form took (a button, a link) never becomes a server error:
    after a POST the user goes back to the page they came from with the message on top (303);
    a GET answers the refusal's status with the message, 403 and 404 with their own pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        error = as_domain_error(exception)
        if error is None:
            return None
        if error.status in (403, 404):
            from . import views

            handler = views.permission_denied if error.status == 403 else views.page_not_found
            return handler(request, exception)
        if request.method == "POST":
            messages.error(request, error.message)
            return HttpResponseRedirect(back_url(request, error), status=303)
        return render(request, "refused.html", {"message": error.message}, status=error.status)


def back_url(request, error=None):
    """The page the request came from, if it is ours; else the refused record's page, else
    the home page."""
    for candidate in (request.POST.get("next"), request.headers.get("Referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    record = getattr(error, "record", None)
    if record is not None:
        if hasattr(record, "url_for"):
            return record.url_for(request.user)
        if hasattr(record, "get_absolute_url"):
            return record.get_absolute_url()
    return "/"
