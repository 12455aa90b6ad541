"""What every page's template gets: the same page in the other language (switch, hreflang)."""

from django.conf import settings
from django.core.exceptions import DisallowedHost, TooManyFieldsSent
from django.urls import translate_url
from django.utils.translation import get_language_info


def languages(request):
    """The current page in every language (same path, same filters), for the switch and hreflang.

    It also runs for the error page of a bad request (a host Django refuses, more query
    parameters than it accepts): then the links keep only what is safe to read, so that the 400
    page itself cannot fail.
    """
    try:
        query = request.GET.urlencode()
    except TooManyFieldsSent:
        query = ""
    try:
        absolute = request.build_absolute_uri
        absolute("/")
    except DisallowedHost:
        absolute = None
    # "//evil.example/" or "/\\evil.example/" as a path would make every link below point off-site.
    own_path = "/" + request.path.lstrip("/\\")
    alternates = []
    for code, _name in settings.LANGUAGES:
        path = translate_url(own_path, code)
        alternates.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],  # each language in its own words
                "url": f"{path}?{query}" if query else path,
                "absolute": absolute(path) if absolute else path,
            }
        )
    return {"alternates": alternates, "canonical_url": absolute(own_path) if absolute else own_path}
