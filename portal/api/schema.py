"""The OpenAPI schema: built once per process, and its post-processing.

The post-processing documents the error answers every endpoint gives, and `sort=`: lists answer
400 (a dict naming each bad parameter); details answer 404 for an unknown slug. Declared once here
rather than on every view, so no endpoint can be left undocumented.
"""

import threading
from functools import lru_cache

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.response import Response

# drf-spectacular keeps state while it builds a schema, and two threads building at once break
# each other (500s right after a worker starts): one builds, under this lock, the others wait.
_building = threading.Lock()


@lru_cache(maxsize=1)
def _build_schema():
    # The schema depends only on code, not on data or the request.
    return SchemaGenerator().get_schema(request=None, public=True)


def api_schema():
    """The API's OpenAPI schema (one per process; gunicorn builds it before a worker serves)."""
    with _building:
        return _build_schema()


class SchemaView(SpectacularJSONAPIView):
    """/api/v1/openapi.json: the process's one schema, never rebuilt per request."""

    def _get_schema_response(self, request):
        filename = self._get_filename(request, None)
        return Response(data=api_schema(), headers={"Content-Disposition": f'inline; filename="{filename}"'})


PARAMETER_ERRORS = {
    "type": "object",
    "description": "Each invalid query parameter with its messages.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
NOT_FOUND = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}


def add_error_responses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["ParameterErrors"] = PARAMETER_ERRORS
    components["NotFound"] = NOT_FOUND
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                enum = parameter.get("schema", {}).get("items", {}).get("enum")
                if parameter["name"] == "sort" and enum is not None and "" not in enum:
                    enum.insert(0, "")  # an empty sort (a form's default choice) means the default order
            responses = operation.setdefault("responses", {})
            responses["400"] = {
                "description": "A query parameter is invalid.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ParameterErrors"}}},
            }
            if "{slug}" in path:
                responses["404"] = {
                    "description": "No record with this slug.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NotFound"}}},
                }
    return result
