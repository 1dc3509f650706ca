"""API plumbing named in settings (pagination, error shape); imports no viewset, so that
DRF's settings can load it."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, negotiation, pagination
from rest_framework.views import exception_handler

from cities.input_rules import is_ascii_integer, printable


class FormatFirstNegotiation(negotiation.DefaultContentNegotiation):
    """An explicit `?format=` wins over the Accept header: GIS tools (GDAL sends
    `Accept: text/plain, application/json`) and browsers ask for a file by its URL."""

    def select_renderer(self, request, renderers, format_suffix=None):
        fmt = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if fmt:
            for renderer in renderers:
                if renderer.format == fmt:
                    return renderer, renderer.media_type
        return super().select_renderer(request, renderers, format_suffix)


class PageNumberPagination(pagination.PageNumberPagination):
    """50 results a page by default, up to 500 with `page_size`; a bad page is a 400."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        for name in ("page", "page_size"):
            value = request.query_params.get(name)
            if value is not None and (not is_ascii_integer(value) or int(value) < 1):
                raise exceptions.ValidationError({name: [_("Give a whole number from 1.")]})
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound as error:
            raise exceptions.ValidationError({"page": [str(error.detail)]}) from error


    def get_paginated_response_schema(self, schema):
        # GeoJSON and CSV exports are not paginated (see cities.api.base.export_schema).
        # drf-spectacular hands over the list schema: {"type": "array", "items": ...}.
        item = schema.get("items", {})
        if item.get("x-unpaginated"):
            return {key: value for key, value in item.items() if key != "x-unpaginated"}
        return super().get_paginated_response_schema(schema)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters


def api_exception_handler(exc, context):
    """Every error has one shape: {"status": 400, "detail": "...", "errors": {field: [...]}}."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        body = {"status": response.status_code, "detail": str(data["detail"]), "errors": {}}
    elif isinstance(data, dict):
        errors = {key: [str(m) for m in (value if isinstance(value, list) else [value])]
                  for key, value in data.items()}
        body = {"status": response.status_code, "detail": str(_("Invalid parameters.")),
                "errors": errors}
    else:
        body = {"status": response.status_code, "detail": str(_("Invalid parameters.")),
                "errors": {"non_field_errors": [str(m) for m in data]}}
    # Messages may quote what was sent, lone surrogates included: escape them, so that
    # reporting an error never raises one.
    response.data = printable(body)
    return response
