"""What every page's template gets: the same page in the other language (switch, hreflang)."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info


def languages(request):
    """The current page in every language (same path, same filters), for the switch and hreflang."""
    query = request.GET.urlencode()
    alternates = []
    for code, _name in settings.LANGUAGES:
        path = translate_url(request.path, code)
        alternates.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],  # each language in its own words
                "url": f"{path}?{query}" if query else path,
                "absolute": request.build_absolute_uri(path),
            }
        )
    return {"alternates": alternates, "canonical_url": request.build_absolute_uri(request.path)}
