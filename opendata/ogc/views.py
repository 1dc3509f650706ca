"""OGC API – Features endpoints: landing page, conformance, API definition, collections
and their items, in JSON and GeoJSON (pygeoapi is the reference for behaviour)."""

import orjson
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from cities.api.base import licence_members
from opendata.ogc.collections import COLLECTIONS, InvalidParameter, iso
from opendata.ogc.openapi import openapi_document

JSON = "application/json"
GEOJSON = "application/geo+json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
DEFAULT_LIMIT = 10
MAX_LIMIT = 1000
# The query parameters of each resource; any other is refused (400), as OGC recommends.
ITEMS_PARAMETERS = {"f", "limit", "offset", "bbox", "datetime"}


class OGCError(Exception):
    def __init__(self, status: int, code: str, description: str):
        super().__init__(description)
        self.status, self.code, self.description = status, code, description


def answer(data, media_type: str = JSON, status: int = 200) -> HttpResponse:
    response = HttpResponse(orjson.dumps(data, option=orjson.OPT_UTC_Z),
                            content_type=media_type, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


class OGCView(View):
    """Common ground: the `f` parameter, unknown parameters, errors as OGC exceptions."""

    allowed_parameters = {"f"}
    formats = {"json": JSON}

    def dispatch(self, request, *args, **kwargs):
        try:
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                raise OGCError(405, "MethodNotAllowed", _("Only GET is supported."))
            self.media_type = self.negotiate(request)
            return super().dispatch(request, *args, **kwargs)
        except InvalidParameter as error:
            return self.error(400, "InvalidParameterValue", f"{error.name}: {error.message}")
        except OGCError as error:
            return self.error(error.status, error.code, error.description)

    def error(self, status: int, code: str, description: str) -> HttpResponse:
        return answer({"code": code, "description": description}, JSON, status)

    def negotiate(self, request) -> str:
        unknown = sorted(set(request.GET) - self.allowed_parameters)
        if unknown:
            raise OGCError(400, "InvalidParameterValue",
                           _("Unknown parameter: %(names)s.") % {"names": ", ".join(unknown)})
        for name, values in request.GET.lists():
            if len(values) > 1 and name not in getattr(self, "repeatable", ()):
                raise OGCError(400, "InvalidParameterValue",
                               _("%(name)s is given more than once.") % {"name": name})
            if any("\x00" in value for value in values):
                raise OGCError(400, "InvalidParameterValue", _("Null characters are not "
                                                               "allowed."))
        fmt = request.GET.get("f")
        if fmt is None:
            return next(iter(self.formats.values()))
        if fmt not in self.formats:
            raise OGCError(400, "InvalidParameterValue", _(
                "f must be one of: %(formats)s.") % {"formats": ", ".join(self.formats)})
        return self.formats[fmt]

    def url(self, name: str, query: str = "", **kwargs) -> str:
        path = reverse(f"ogc:{name}", kwargs=kwargs)
        return self.request.build_absolute_uri(path) + (f"?{query}" if query else "")


def link(href: str, rel: str, media_type: str, title) -> dict:
    return {"href": href, "rel": rel, "type": media_type, "title": str(title)}


class LandingPageView(OGCView):
    def get(self, request):
        return answer({
            "title": _("innovations locales: open data (OGC API – Features)"),
            "description": _("Actors of local innovation, cities and innovations of the AIMF "
                             "network, for GIS tools (QGIS, ArcGIS, GDAL)."),
            "links": [
                link(self.url("landing", "f=json"), "self", JSON, _("This document")),
                link(self.url("openapi", "f=json"), "service-desc", OPENAPI,
                     _("The API definition (OpenAPI 3.0)")),
                link(request.build_absolute_uri(reverse("api_docs")), "service-doc",
                     "text/html", _("The API documentation")),
                link(self.url("conformance", "f=json"), "conformance", JSON,
                     _("Conformance classes")),
                link(self.url("collections", "f=json"), "data", JSON, _("Collections")),
                link(request.build_absolute_uri(reverse("opendata:page")), "license",
                     "text/html", _("Licence and attribution")),
            ],
        }, self.media_type)


class ConformanceView(OGCView):
    def get(self, request):
        return answer({"conformsTo": CONFORMANCE}, self.media_type)


class OpenAPIView(OGCView):
    formats = {"json": OPENAPI}

    def get(self, request):
        return answer(openapi_document(self.url("landing").rstrip("/")), self.media_type)


def collection_of(collection_id: str):
    collection = COLLECTIONS.get(collection_id)
    if collection is None:
        raise OGCError(404, "NotFound", _("No such collection."))
    return collection


class CollectionMixin:
    def describe(self, collection) -> dict:
        items = self.url("items", collection_id=collection.id)
        return {
            "id": collection.id,
            "title": str(collection.title),
            "description": str(collection.description),
            "itemType": "feature",
            "crs": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"],
            "extent": collection.extent(),
            "links": [
                link(self.url("collection", "f=json", collection_id=collection.id), "self",
                     JSON, collection.title),
                link(f"{items}?f=json", "items", GEOJSON, _("Items as GeoJSON")),
                link(self.request.build_absolute_uri(reverse("opendata:page")), "license",
                     "text/html", _("Licence and attribution")),
            ],
        }


class CollectionsView(CollectionMixin, OGCView):
    def get(self, request):
        return answer({
            "links": [link(self.url("collections", "f=json"), "self", JSON,
                           _("Collections"))],
            "collections": [self.describe(collection) for collection in COLLECTIONS.values()],
        }, self.media_type)


class CollectionView(CollectionMixin, OGCView):
    def get(self, request, collection_id):
        return answer(self.describe(collection_of(collection_id)), self.media_type)


def whole_number(params, name: str, default: int, minimum: int) -> int:
    value = params.get(name)
    if value is None or value == "":
        return default
    if not (value.isascii() and value.isdigit()) or int(value) < minimum:
        raise InvalidParameter(name, _("Give a whole number from %(min)s.") % {"min": minimum})
    return int(value)


class ItemsView(OGCView):
    formats = {"json": GEOJSON, "geojson": GEOJSON}
    repeatable = {"kind", "theme"}

    def negotiate(self, request):
        collection = collection_of(self.kwargs["collection_id"])
        self.allowed_parameters = ITEMS_PARAMETERS | set(collection.properties)
        return super().negotiate(request)

    def get(self, request, collection_id):
        collection = collection_of(collection_id)
        params = request.GET
        # Beyond the maximum, the maximum (OGC: not an error).
        limit = min(whole_number(params, "limit", DEFAULT_LIMIT, 1), MAX_LIMIT)
        offset = whole_number(params, "offset", 0, 0)
        queryset = collection.filtered(params)
        matched = queryset.count()
        features = collection.features(queryset[offset:offset + limit], request)
        for feature in features:
            feature["id"] = feature["properties"]["id"]
        base = self.url("items", collection_id=collection.id)
        kept = params.copy()
        kept.pop("offset", None)
        kept["f"] = params.get("f", "json")

        def page(at: int) -> str:
            query = kept.copy()
            query["limit"] = str(limit)
            query["offset"] = str(at)
            return f"{base}?{query.urlencode()}"

        links = [link(page(offset), "self", GEOJSON, _("This page")),
                 link(self.url("collection", "f=json", collection_id=collection.id),
                      "collection", JSON, collection.title)]
        if offset + len(features) < matched:
            links.append(link(page(offset + limit), "next", GEOJSON, _("Next page")))
        if offset > 0:
            links.append(link(page(max(offset - limit, 0)), "prev", GEOJSON,
                              _("Previous page")))
        return answer({
            "type": "FeatureCollection",
            "features": features,
            "numberMatched": matched,
            "numberReturned": len(features),
            "timeStamp": iso(timezone.now().replace(microsecond=0)),
            "links": links,
            **licence_members(),
        }, self.media_type)


class ItemView(OGCView):
    formats = {"json": GEOJSON, "geojson": GEOJSON}

    def get(self, request, collection_id, feature_id):
        collection = collection_of(collection_id)
        rows = collection.rows()
        if not (feature_id.isascii() and feature_id.isdigit()) or int(feature_id) >= 2**63:
            raise OGCError(404, "NotFound", _("No such feature."))
        features = collection.features(rows.filter(pk=int(feature_id)), request)
        if not features:
            raise OGCError(404, "NotFound", _("No such feature."))
        feature = features[0]
        feature["id"] = feature["properties"]["id"]
        feature["links"] = [
            link(self.url("item", "f=json", collection_id=collection.id,
                          feature_id=feature["id"]), "self", GEOJSON, _("This feature")),
            link(self.url("collection", "f=json", collection_id=collection.id),
                 "collection", JSON, collection.title),
        ]
        return answer(feature, self.media_type)
