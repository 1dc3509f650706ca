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
    "401": "The API key sent is invalid, revoked or expired (or a write came without a key).",
    "404": "No such object (or not published).",
    "414": "The query string is too long (8,192 characters by default).",
    "429": "Too many requests (per IP without a key; the key's daily quota with one): "
           "see the Retry-After header.",
}
WRITE_ERRORS = {
    "403": "The key may not do this: it lacks the write scope, or the organisation is not "
           "yours (or is archived).",
    "413": "The body is too large (1 MiB of JSON by default).",
}
HEADERS = {
    "X-RateLimit-Limit": "With an API key: the key's daily quota.",
    "X-RateLimit-Remaining": "With an API key: requests left today (UTC).",
    "X-RateLimit-Reset": "With an API key: when the count restarts (Unix time, midnight UTC).",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular POSTPROCESSING_HOOKS entry."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    headers = {name: {"description": text, "schema": {"type": "integer"}}
               for name, text in HEADERS.items()}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            responses = operation.setdefault("responses", {})
            security = operation.get("security")
            open_read = method in ("get", "head") and operation.get("operationId") != "key_retrieve"
            if open_read and security and {} not in security:
                # Reading never needs a key, even where writing on the same path does.
                security.append({})
            errors = ERRORS if method in ("get", "head") else {**ERRORS, **WRITE_ERRORS}
            for code, description in errors.items():
                responses.setdefault(code, {
                    "description": description,
                    "content": {"application/json": {"schema": reference}},
                })
            for response in responses.values():
                response.setdefault("headers", {}).update(headers)
            responses["429"]["headers"]["Retry-After"] = {
                "description": "Seconds to wait before trying again.",
                "schema": {"type": "integer"},
            }
    return result
