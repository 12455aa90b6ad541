"""/api/v1/: the API's index, so the root of the API is no dead end.

It lists every endpoint the router serves (list and detail URL, what it serves in Vietnamese and
English), the OpenAPI schema and the human documentation. It reads no data: no query.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from .schema import API_DESCRIPTION


def in_each_language(text):
    """{"vi": ..., "en": ...}: the index answers in both languages at once (one cacheable body)."""
    result = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            result[language] = str(text)
    return result


class ApiIndexView(APIView):
    schema = None  # the schema documents the endpoints; the index only points at them
    router = None  # set in urls.py: the router whose endpoints are listed

    @classmethod
    def accepted_parameters(cls):
        """The query parameters this page reads (the page cache keys on these alone)."""
        return {"format"}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.query_params.get("format", "json") != "json":
            raise ValidationError({"format": [gettext("API chỉ trả JSON (format=json).")]})

    def get(self, request):
        absolute = request.build_absolute_uri
        endpoints = {}
        for prefix, viewset, basename in self.router.registry:
            list_url = absolute(reverse(f"api:{basename}-list"))
            endpoints[prefix] = {
                "url": list_url,
                "detail": list_url + "{slug}/",
                "description": in_each_language(viewset.endpoint_description),
            }
        return Response(
            {
                "name": settings.SPECTACULAR_SETTINGS["TITLE"],
                "version": settings.SPECTACULAR_SETTINGS["VERSION"],
                "description": in_each_language(API_DESCRIPTION),
                "schema": absolute(reverse("api:schema")),
                "documentation": {
                    language: absolute(translation.override(language)(reverse)("api-docs"))
                    for language, _name in settings.LANGUAGES
                },
                "data": absolute(reverse("data-json")),
                "endpoints": endpoints,
            }
        )
