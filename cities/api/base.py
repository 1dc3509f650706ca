"""The API's shared plumbing: the base viewset (lookups), GeoJSON and CSV exports."""

import csv
import datetime
import io
import re

import orjson
from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, renderers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from cities.input_rules import is_ascii_integer, printable


class GeoJSONRenderer(renderers.BaseRenderer):
    """RFC 7946 FeatureCollection; views hand it a ready dict (see `feature_collection`)."""

    media_type = "application/geo+json"
    format = "geojson"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # OPT_UTC_Z writes datetimes as DRF does ("...Z"), so both paths agree.
        try:
            return orjson.dumps(data, option=orjson.OPT_UTC_Z)
        except orjson.JSONEncodeError:  # text that is not UTF-8 (a lone surrogate)
            return orjson.dumps(printable(data), option=orjson.OPT_UTC_Z)


# A spreadsheet runs a cell starting with one of these as a formula (CSV injection)...
FORMULA_STARTS = "=+-@\t\r"
# ... harmlessly when it is a signed number or a phone number ("+237 600 00 00 00").
SIGNED_NUMBER = re.compile(r"[+-][0-9 .,()/+-]*")


def spreadsheet_safe(value):
    """A text cell that a spreadsheet would run as a formula, quoted with a leading `'`
    (shown as text); every other value unchanged. Used by every CSV we write."""
    if (isinstance(value, str) and value and value[0] in FORMULA_STARTS
            and not SIGNED_NUMBER.fullmatch(value)):
        return "'" + value
    return value


def csv_cell(value):
    if isinstance(value, str):  # the test on the first character keeps this cheap
        return spreadsheet_safe(value) if value and value[0] in FORMULA_STARTS else value
    if isinstance(value, list):
        return spreadsheet_safe("|".join(map(str, value)))
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z")
    return value


class CSVRenderer(renderers.BaseRenderer):
    """A list of flat dicts as CSV with a header row (UTF-8, Excel-friendly BOM)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Errors never reach this renderer: PublicReadOnlyViewSet answers them in JSON.
        rows = data if isinstance(data, list) else [data]
        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow({key: csv_cell(value) for key, value in row.items()})
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def feature(geometry_lon, geometry_lat, properties: dict) -> dict:
    return {"type": "Feature",
            "geometry": {"type": "Point", "coordinates": [geometry_lon, geometry_lat]},
            "properties": properties}


class PublicReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Open to everyone for reading (opting out of the restrictive default), looked up by
    numeric id or by slug."""

    permission_classes = [AllowAny]
    lookup_value_regex = r"[^/]+"
    slug_field = "slug"

    def initial(self, request, *args, **kwargs):
        # The site's pages take their language from the URL (/en/); the API, which has no
        # language prefix, from the Accept-Language header (French by default).
        language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        # PostgreSQL refuses NUL characters in text; SQLite takes them. Refuse them here.
        for name, values in request.query_params.lists():
            if any("\x00" in value for value in values) or "\x00" in name:
                raise exceptions.ValidationError({name: [_("Null characters are not allowed.")]})
        super().initial(request, *args, **kwargs)

    def check_permissions(self, request):
        # DRF checks permissions before throttles; here a refused request (a write without
        # a key, with a read-only key) counts against the per-IP limit or the key's quota
        # like any other.
        self.check_throttles(request)
        super().check_permissions(request)

    def check_throttles(self, request):
        if not getattr(request, "_throttled_once", False):
            request._throttled_once = True
            super().check_throttles(request)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400 and getattr(response, "accepted_renderer", None):
            # Errors are JSON whatever format was asked for (GeoJSON, CSV).
            response.accepted_renderer = renderers.JSONRenderer()
            response.accepted_media_type = "application/json"
        return response

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        if "\x00" in value:
            raise exceptions.NotFound()
        if is_ascii_integer(value):
            if int(value) > 2**63 - 1:
                raise exceptions.NotFound()
            lookup = {"pk": int(value)}
        else:
            lookup = {self.slug_field: value}
        obj = get_object_or_404(self.get_queryset(), **lookup)
        self.check_object_permissions(self.request, obj)
        return obj


def attribution_text() -> str:
    """One line crediting the platform and its sources, as CC BY asks (plain ASCII-safe
    text: it also travels in an HTTP header)."""
    licence = settings.DATA_LICENCE["name"]
    sources = "; ".join(f"{source['name']}, {source['licence']}"
                        for source in settings.DATA_ATTRIBUTIONS)
    return f"{settings.DATA_PUBLISHER}, {licence}. Contains data from {sources}."


def licence_members() -> dict:
    """The licence, attribution and sources of the data: top-level members of every
    GeoJSON export (RFC 7946 allows foreign members) and the export_data README."""
    return {
        "licence": dict(settings.DATA_LICENCE),
        "attribution": attribution_text(),
        "source": [dict(source) for source in settings.DATA_ATTRIBUTIONS],
    }


def licence_headers(response, filename: str) -> None:
    """What every export answer carries: a file name for browsers, and the licence for
    code (RFC 8288 `Link rel="license"`, `X-License`, `X-Attribution`)."""
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = f'<{settings.DATA_LICENCE["url"]}>; rel="license"'
    response["X-License"] = settings.DATA_LICENCE["name"]
    # Header values must be Latin-1: drop anything else rather than fail.
    response["X-Attribution"] = attribution_text().encode("latin-1", "ignore").decode("latin-1")


class ExportMixin:
    """GeoJSON and CSV of every matching row, unpaginated; JSON stays paginated.

    `?format=geojson` or `Accept: application/geo+json` give an RFC 7946 FeatureCollection
    (a Feature on a detail URL); `?format=csv` gives CSV where the view offers it. Both
    state the data's licence: GeoJSON in top-level members (`licence`, `attribution`,
    `source`), CSV in a last `attribution` column (seen in a spreadsheet, harmless to
    parsers); both in `Link`/`X-License`/`X-Attribution` headers, with a file name.
    """

    def export_rows(self, queryset) -> list[dict]:
        return self.get_serializer(queryset, many=True).data

    def export_features(self, queryset) -> list[dict]:
        return [as_feature(row) for row in self.export_rows(queryset)]

    def list(self, request, *args, **kwargs):
        fmt = request.accepted_renderer.format
        if fmt not in ("geojson", "csv"):
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        if fmt == "csv":
            rows = self.export_rows(queryset)
            attribution = attribution_text()
            for row in rows:
                row["attribution"] = attribution
            return Response(rows)
        return Response({"type": "FeatureCollection", **licence_members(),
                         "features": self.export_features(queryset)})

    # The first word of an export's file name ("acteurs-SN-fablab-2026-11-28.geojson").
    export_name = _("export")
    # The filters naming an export, in this order, when they are used.
    export_name_filters = ("country", "kind", "theme", "city")

    def export_filename(self, request, fmt: str) -> str:
        """What the file holds: the collection, the filters used (validated: country code,
        kind/theme/city slugs), today's date."""
        if self.action != "list":  # a detail: its path ("actors-12.geojson")
            name = "-".join(part for part in request.path.split("/")[3:] if part)
            return f"{name or 'export'}.{fmt}"
        parts = [slugify(str(self.export_name))]
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            filterset = filterset_class(request.query_params,
                                        queryset=self.get_queryset().none(), request=request)
            if filterset.is_valid():
                data = filterset.form.cleaned_data
                for name in self.export_name_filters:
                    values = export_name_part(data.get(name))
                    parts.extend(value.upper() if name == "country" else value
                                 for value in values)
        parts.append(timezone.localdate().isoformat())
        return "-".join(part for part in parts if part) + f".{fmt}"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        renderer = getattr(request, "accepted_renderer", None)
        if (request.method == "GET" and response.status_code == 200 and renderer is not None
                and renderer.format in ("csv", "geojson")):
            licence_headers(response, self.export_filename(request, renderer.format))
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if request.accepted_renderer.format == "geojson":
            response.data = as_feature(dict(response.data))
        return response


def export_name_part(value) -> list[str]:
    """A filter's value as it appears in a file name: a country's ISO code in capitals, an
    object's slug, each value of a multiple choice."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)) or hasattr(value, "model"):
        return [part for item in value for part in export_name_part(item)]
    code = getattr(value, "code", None)
    if code:
        return [str(code).upper()]
    return [slugify(getattr(value, "slug", None) or str(value))]


def as_feature(row: dict) -> dict:
    longitude, latitude = row.pop("longitude"), row.pop("latitude")
    return feature(longitude, latitude, row)


def feature_collection(rows) -> dict:
    """Rows made for this answer become its features (they are changed in place)."""
    return {"type": "FeatureCollection", "features": [as_feature(row) for row in rows]}


GEOJSON_FEATURE = {
    "type": "object",
    "description": "An RFC 7946 Feature: a Point and the object's fields as properties.",
    "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "geometry": {
            "type": "object",
            "required": ["type", "coordinates"],
            "properties": {
                "type": {"type": "string", "enum": ["Point"]},
                "coordinates": {"type": "array", "items": {"type": "number"},
                                "minItems": 2, "maxItems": 2},
            },
        },
        "properties": {"type": "object"},
    },
}
GEOJSON_COLLECTION = {
    "type": "object",
    "description": "An RFC 7946 FeatureCollection of every matching row (not paginated).",
    "x-unpaginated": True,
    "required": ["type", "features", "licence", "attribution", "source"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "licence": {"type": "object", "description": "The data's licence: name and url.",
                    "properties": {"name": {"type": "string"}, "url": {"type": "string"}}},
        "attribution": {"type": "string", "description": "Credit to give when reusing."},
        "source": {"type": "array", "description": "Third-party sources and licences.",
                   "items": {"type": "object"}},
        "features": {"type": "array", "items": GEOJSON_FEATURE},
    },
}
CSV_SCHEMA = {"type": "string", "description": "CSV with a header row, every matching row; "
              "the last column, attribution, credits the data (CC BY).",
              "x-unpaginated": True}


def export_schema(serializer, *, csv_format: bool):
    """extend_schema_view arguments documenting JSON, GeoJSON (and CSV) answers."""
    list_responses = {(200, "application/json"): serializer(many=True),
                      (200, "application/geo+json"): GEOJSON_COLLECTION}
    detail_responses = {(200, "application/json"): serializer,
                        (200, "application/geo+json"): GEOJSON_FEATURE}
    if csv_format:
        list_responses[(200, "text/csv")] = CSV_SCHEMA
        detail_responses[(200, "text/csv")] = CSV_SCHEMA
    return {"list": extend_schema(responses=list_responses),
            "retrieve": extend_schema(responses=detail_responses)}

