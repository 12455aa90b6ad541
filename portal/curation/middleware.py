"""The admin in the editor's language: Vietnamese unless they chose English.

The admin lives outside i18n_patterns, where LocaleMiddleware always picks LANGUAGE_CODE ("vi").
An editor who switches to English (the language switch of the site or of the admin header, which
sets Django's language cookie) gets the admin in English; the browser's Accept-Language alone
does not change it, so an office with English-language browsers still works in Vietnamese.
"""

from django.conf import settings
from django.utils import translation


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
