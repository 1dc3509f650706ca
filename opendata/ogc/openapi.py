"""The OpenAPI 3.0 definition of the OGC endpoints (the `oas30` conformance class)."""

from opendata.ogc.collections import COLLECTIONS


def _json(description: str, schema: dict | None = None, media_type: str = "application/json"):
    return {"description": description,
            "content": {media_type: {"schema": schema or {"type": "object"}}}}


EXCEPTION = _json("An OGC exception: code and description.", {
    "type": "object", "required": ["code"],
    "properties": {"code": {"type": "string"}, "description": {"type": "string"}}})


def _parameter(name: str, description: str, schema: dict, *, where: str = "query",
               required: bool = False, explode: bool = False) -> dict:
    parameter = {"name": name, "in": where, "description": description, "required": required,
                 "schema": schema}
    if where == "query":
        parameter.update(style="form", explode=explode)
    return parameter


def openapi_document(base: str) -> dict:
    f = _parameter("f", "The format of the answer (JSON).",
                   {"type": "string", "enum": ["json"]})
    collection_id = _parameter("collectionId", "A collection.",
                               {"type": "string", "enum": list(COLLECTIONS)}, where="path",
                               required=True)
    errors = {"400": EXCEPTION, "404": EXCEPTION}
    item_parameters = [
        collection_id,
        _parameter("f", "The format of the answer (GeoJSON).",
                   {"type": "string", "enum": ["json", "geojson"]}),
        _parameter("limit", "Features per page (10 by default; above 1000, 1000).",
                   {"type": "integer", "minimum": 1, "default": 10}),
        _parameter("offset", "Features to skip (the next link gives it).",
                   {"type": "integer", "minimum": 0, "default": 0}),
        _parameter("bbox", "minlon,minlat,maxlon,maxlat in WGS 84 degrees (CRS84).",
                   {"type": "array", "minItems": 4, "maxItems": 4,
                    "items": {"type": "number"}}),
        _parameter("datetime", "On the update time: an instant or an interval start/end "
                               "(either may be ..).", {"type": "string"}),
        _parameter("kind", "Actors: the kind's slug (repeat for several).",
                   {"type": "string"}, explode=True),
        _parameter("theme", "Actors and innovations: a theme's slug (repeat for several).",
                   {"type": "string"}, explode=True),
        _parameter("country", "ISO 3166 code of the country.", {"type": "string"}),
        _parameter("city", "Actors and innovations: the city's slug.", {"type": "string"}),
    ]
    geojson = "application/geo+json"
    return {
        "openapi": "3.0.3",
        "info": {"title": "innovations locales: OGC API – Features", "version": "1.0.0",
                 "description": "Published open data (CC BY 4.0) for GIS tools.",
                 "license": {"name": "CC BY 4.0",
                             "url": "https://creativecommons.org/licenses/by/4.0/"}},
        "servers": [{"url": base}],
        "paths": {
            "/": {"get": {"summary": "Landing page", "operationId": "getLandingPage",
                          "parameters": [f], "responses": {
                              "200": _json("Links to the API's resources."), **errors}}},
            "/conformance": {"get": {
                "summary": "Conformance classes", "operationId": "getConformance",
                "parameters": [f], "responses": {
                    "200": _json("The conformance classes implemented."), **errors}}},
            "/api": {"get": {
                "summary": "This document", "operationId": "getAPI", "parameters": [f],
                "responses": {"200": _json("OpenAPI 3.0.", media_type=(
                    "application/vnd.oai.openapi+json;version=3.0")), **errors}}},
            "/collections": {"get": {
                "summary": "The collections", "operationId": "getCollections",
                "parameters": [f], "responses": {
                    "200": _json("The collections and their extents."), **errors}}},
            "/collections/{collectionId}": {"get": {
                "summary": "A collection", "operationId": "describeCollection",
                "parameters": [collection_id, f], "responses": {
                    "200": _json("The collection."), **errors}}},
            "/collections/{collectionId}/items": {"get": {
                "summary": "The collection's features", "operationId": "getFeatures",
                "parameters": item_parameters, "responses": {
                    "200": _json("A page of features, with numberMatched, numberReturned "
                                 "and next/prev links.", media_type=geojson), **errors}}},
            "/collections/{collectionId}/items/{featureId}": {"get": {
                "summary": "A feature", "operationId": "getFeature",
                "parameters": [collection_id,
                               _parameter("featureId", "The feature's id.",
                                          {"type": "string"}, where="path", required=True),
                               item_parameters[1]],
                "responses": {"200": _json("The feature.", media_type=geojson), **errors}}},
        },
    }
