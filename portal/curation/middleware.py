"""The admin in the editor's language: Vietnamese unless they chose English.

The admin lives outside i18n_patterns, where LocaleMiddleware always picks LANGUAGE_CODE ("vi").
An editor who switches to English (the language switch of the site or of the admin header, which
sets Django's language cookie) gets the admin in English; the browser's Accept-Language alone
does not change it, so an office with English-language browsers still works in Vietnamese.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils import translation

from portal.core.vntext import CONTROL_CHARACTERS


class AdminLanguageMiddleware:
    """Must come after LocaleMiddleware, which it overrides for admin paths only."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        if request.path.startswith(self.admin_prefix):
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if chosen in self.languages:
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
        return self.get_response(request)


class AdminQueryMiddleware:
    """Refuses, with a 400, an admin query string holding control characters.

    The admin's search box, filters and autocomplete put `?q=`, `?term=` and lookups straight into
    queries, and PostgreSQL refuses a NUL byte in one (a 500). No editor types one: a clear 400.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        if request.path.startswith(self.admin_prefix) and self.has_control_characters(request.GET):
            message = translation.gettext("Địa chỉ có ký tự điều khiển (ví dụ NUL); hãy bỏ chúng và thử lại.")
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def has_control_characters(query):
        return any(
            CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(value) for value in values)
            for key, values in query.lists()
        )
