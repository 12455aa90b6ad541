"""A human page documenting the API, generated from the same OpenAPI schema clients fetch."""

from django.utils.translation import gettext
from django.views.generic import TemplateView

from .schema import api_schema


def describe_type(schema):
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        item = schema.get("items", {})
        values = item.get("enum")
        if values:
            return gettext("%(type)s, lặp lại được") % {"type": "[" + " | ".join(v for v in values if v) + "]"}
        return gettext("%(type)s, lặp lại được") % {"type": item.get("type", "string")}
    return schema.get("type", "string")


def operations():
    schema = api_schema()
    result = []
    for path, methods in schema["paths"].items():
        operation = methods.get("get")
        if not operation:
            continue
        result.append(
            {
                "path": path,
                "id": operation["operationId"],
                "description": operation.get("description", "").strip(),
                "parameters": [
                    {
                        "name": parameter["name"],
                        "in": parameter["in"],
                        "type": describe_type(parameter.get("schema", {})),
                        "description": parameter.get("description", "").split("\n")[0],
                    }
                    for parameter in operation.get("parameters", [])
                ],
                "statuses": sorted(operation.get("responses", {})),
            }
        )
    return result


class ApiDocsView(TemplateView):
    template_name = "api/api_docs.html"

    def get_context_data(self, **kwargs):
        info = api_schema()["info"]
        return super().get_context_data(info=info, operations=operations(), **kwargs)
