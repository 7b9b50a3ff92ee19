import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation

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
