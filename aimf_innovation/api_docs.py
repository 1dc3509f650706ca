"""The API reference as a plain page of the site, rendered from the OpenAPI schema.

Swagger UI stays available as an interactive console; this page is the accessible one
(server-rendered, in the page's language, no script)."""

from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


def _operations(schema: dict) -> list[dict]:
    """Every operation of the schema, grouped by its first tag, in path order."""
    groups: dict[str, list[dict]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if not operation:
                continue
            tag = (operation.get("tags") or ["api"])[0]
            groups.setdefault(tag, []).append({
                "id": operation.get("operationId", f"{method}-{path}"),
                "method": method.upper(),
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [
                    {"name": p["name"], "in": p.get("in", ""), "required": p.get("required", False),
                     "description": p.get("description", ""),
                     "type": (p.get("schema") or {}).get("type", "")}
                    for p in operation.get("parameters", [])
                ],
                "responses": sorted(operation.get("responses", {})),
            })
    return [{"tag": tag, "operations": ops} for tag, ops in groups.items()]


class ApiDocsView(TemplateView):
    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return super().get_context_data(
            info=schema.get("info", {}), groups=_operations(schema), **kwargs)
