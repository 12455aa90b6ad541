"""The OpenAPI schema: built once per process, and its post-processing.

The post-processing documents the error answers every endpoint gives, and `sort=`: lists answer
400 (a dict naming each bad parameter); details answer 404 for an unknown slug. Declared once here
rather than on every view, so no endpoint can be left undocumented.
"""

import threading
from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.response import Response

API_DESCRIPTION = _(
    "API JSON chỉ đọc của cổng chuyển đổi số cấp tỉnh: tỉnh, địa phương, báo cáo nguồn, chủ đề, "
    "chỉ tiêu, số liệu, bài học và sáng kiến. Mỗi bài học, sáng kiến và số liệu kèm báo cáo nguồn "
    "và đoạn trích nguyên văn mà nó dựa vào."
)

# drf-spectacular keeps state while it builds a schema, and two threads building at once break
# each other (500s right after a worker starts): one builds, under this lock, the others wait.
_building = threading.Lock()


@lru_cache(maxsize=len(settings.LANGUAGES))
def _build_schema(language):
    # The schema depends only on code and language, not on data or the request; its labels and
    # descriptions are translated, so each language has its own (built in that language).
    with translation.override(language):
        return SchemaGenerator().get_schema(request=None, public=True)


def api_schema():
    """The API's OpenAPI schema in the active language: one per language and process, built on
    the first request for it (a few megabytes a worker need not carry if it never serves one)."""
    with _building:
        return _build_schema(translation.get_language() or settings.LANGUAGE_CODE)


class SchemaView(SpectacularJSONAPIView):
    """/api/v1/openapi.json: the process's one schema, never rebuilt per request."""

    def _get_schema_response(self, request):
        filename = self._get_filename(request, None)
        return Response(data=api_schema(), headers={"Content-Disposition": f'inline; filename="{filename}"'})


PARAMETER_ERRORS = {
    "type": "object",
    "description": _("Từng tham số sai, kèm thông báo lỗi."),
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
NOT_FOUND = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}


def add_error_responses(result, generator, request, public):
    result.setdefault("info", {})["description"] = gettext(API_DESCRIPTION)
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["ParameterErrors"] = {**PARAMETER_ERRORS, "description": str(PARAMETER_ERRORS["description"])}
    components["NotFound"] = NOT_FOUND
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                enum = parameter.get("schema", {}).get("items", {}).get("enum")
                if parameter["name"] == "sort" and enum is not None and "" not in enum:
                    enum.insert(0, "")  # an empty sort (a form's default choice) means the default order
            responses = operation.setdefault("responses", {})
            responses["400"] = {
                "description": gettext("Một tham số truy vấn không hợp lệ."),
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ParameterErrors"}}},
            }
            if "{slug}" in path:
                responses["404"] = {
                    "description": gettext("Không có bản ghi nào có slug này."),
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NotFound"}}},
                }
    return result
