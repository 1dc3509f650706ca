"""OpenAPI post-processing: document the one error shape on every operation."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error of the API has this shape.",
    "properties": {
        "status": {"type": "integer", "example": 400},
        "detail": {"type": "string", "example": "Invalid parameters."},
        "errors": {
            "type": "object",
            "description": "Messages by parameter or field name; empty when none applies.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "example": {"bbox": ["bbox must be four numbers: minlon,minlat,maxlon,maxlat."]},
        },
    },
    "required": ["status", "detail", "errors"],
}
ERRORS = {
    "400": "Invalid parameters: each offending parameter is named in `errors`.",
    "404": "No such object (or not published).",
    "429": "Too many requests: slow down (see the Retry-After header).",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular POSTPROCESSING_HOOKS entry."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(code, {
                    "description": description,
                    "content": {"application/json": {"schema": reference}},
                })
    return result
