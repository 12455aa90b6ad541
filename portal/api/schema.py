"""OpenAPI post-processing: document the error answers every endpoint gives, and `sort=`.

Lists answer 400 (a dict naming each bad parameter); details answer 404 for an unknown slug.
Declared once here rather than on every view, so no endpoint can be left undocumented.
"""

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
