"""OGC API – Features under /ogc/: what QGIS, ArcGIS and GDAL's OAPIF driver expect."""

import pytest
from django.utils import timezone
from openapi_spec_validator import validate

from actors.models import Actor
from tests.factories import (
    ActorFactory,
    ActorKindFactory,
    CityFactory,
    CountryFactory,
    ThemeFactory,
)
from tests.gdal import needs_ogrinfo, ogrinfo
from tests.innovations.factories import InnovationFactory

OGC = "/ogc"


@pytest.fixture
def data(db):
    senegal, france = CountryFactory(code="SN"), CountryFactory(code="FR")
    dakar = CityFactory(name="Dakar", slug="dakar", country=senegal, latitude=14.69,
                        longitude=-17.44, is_aimf_member=True)
    paris = CityFactory(name="Paris", slug="paris", country=france, latitude=48.85,
                        longitude=2.35)
    fablab, incubator = ActorKindFactory(slug="fablab"), ActorKindFactory(slug="incubator")
    digital = ThemeFactory(slug="digital")
    actors = [ActorFactory(city=dakar, kind=fablab, themes=[digital]) for _ in range(13)]
    actors += [ActorFactory(city=paris, kind=incubator) for _ in range(4)]
    ActorFactory(city=dakar, kind=fablab, status=Actor.Status.PENDING)
    ActorFactory(city=paris, kind=fablab, status=Actor.Status.ARCHIVED)
    InnovationFactory(city=dakar, themes=[digital], actors=actors[:1])
    InnovationFactory(city=paris, actors=actors[-1:])
    InnovationFactory(city=paris, status="pending", actors=actors[-1:])
    return {"actors": actors, "dakar": dakar}


def links(body, rel):
    return [link for link in body["links"] if link["rel"] == rel]


def test_landing_page_links_and_media_types(client, data):
    response = client.get(f"{OGC}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    for rel, media_type in [("self", "application/json"),
                            ("service-desc", "application/vnd.oai.openapi+json;version=3.0"),
                            ("conformance", "application/json"), ("data", "application/json")]:
        [link] = links(body, rel)
        assert link["type"] == media_type
        assert link["href"].startswith("http://testserver/ogc/")
    assert client.get(f"{OGC}/", {"f": "json"}).status_code == 200


def test_conformance_classes(client, data):
    body = client.get(f"{OGC}/conformance").json()
    assert set(body["conformsTo"]) == {
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30"}


def test_the_api_definition_is_valid_openapi_3(client, data):
    response = client.get(f"{OGC}/api")
    assert response["Content-Type"] == "application/vnd.oai.openapi+json;version=3.0"
    document = response.json()
    validate(document)
    assert "/collections/{collectionId}/items" in document["paths"]


def test_collections_with_extent_and_items_links(client, data):
    body = client.get(f"{OGC}/collections").json()
    assert [c["id"] for c in body["collections"]] == ["actors", "cities", "innovations"]
    actors = body["collections"][0]
    assert actors["itemType"] == "feature"
    [items] = links(actors, "items")
    assert items["type"] == "application/geo+json"
    west, south, east, north = actors["extent"]["spatial"]["bbox"][0]
    assert (west, south, east, north) == (-17.44, 14.69, 2.35, 48.85)
    assert client.get(f"{OGC}/collections/actors").json()["id"] == "actors"
    missing = client.get(f"{OGC}/collections/nothing")
    assert missing.status_code == 404 and missing.json()["code"] == "NotFound"


def test_items_page_with_counts_links_and_published_only(client, data):
    response = client.get(f"{OGC}/collections/actors/items")
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert body["numberMatched"] == 17 and body["numberReturned"] == 10
    assert body["timeStamp"].endswith("Z")
    [next_link] = links(body, "next")
    assert "offset=10" in next_link["href"] and "limit=10" in next_link["href"]
    assert not links(body, "prev")
    second = client.get(next_link["href"]).json()
    assert second["numberReturned"] == 7 and not links(second, "next")
    assert "offset=0" in links(second, "prev")[0]["href"]
    ids = {f["id"] for f in body["features"]} | {f["id"] for f in second["features"]}
    assert ids == {actor.pk for actor in data["actors"]}
    feature = body["features"][0]
    assert feature["geometry"]["type"] == "Point" and feature["properties"]["email"] == ""


@pytest.mark.parametrize(("params", "count"), [
    ({"kind": "fablab"}, 13), ({"kind": ["fablab", "incubator"]}, 17),
    ({"theme": "digital"}, 13), ({"country": "fr"}, 4), ({"country": "SN", "kind": "incubator"}, 0),
    ({"bbox": "-20,10,-10,20"}, 13), ({"bbox": "0,40,10,50"}, 4),
    ({"datetime": "2000-01-01T00:00:00Z/.."}, 17), ({"datetime": "../2000-01-01"}, 0),
    ({"datetime": "2000-01-01/2100-01-01"}, 17), ({"limit": "5000"}, 17),
])
def test_item_filters(client, data, params, count):
    body = client.get(f"{OGC}/collections/actors/items", {"limit": 1000, **params}).json()
    assert body["numberMatched"] == count


def test_datetime_instant_on_the_update_time(client, data):
    actor = data["actors"][0]
    moment = timezone.now().replace(microsecond=0) - timezone.timedelta(days=400)
    Actor.objects.filter(pk=actor.pk).update(updated_at=moment)
    instant = moment.isoformat().replace("+00:00", "Z")
    body = client.get(f"{OGC}/collections/actors/items", {"datetime": instant}).json()
    assert [f["id"] for f in body["features"]] == [actor.pk]
    day = client.get(f"{OGC}/collections/actors/items",
                     {"datetime": moment.date().isoformat()}).json()
    assert day["numberMatched"] == 1


def test_limit_above_the_maximum_is_the_maximum(client, data):
    body = client.get(f"{OGC}/collections/actors/items", {"limit": "5000"}).json()
    assert body["numberReturned"] == 17
    assert "limit=1000" in links(body, "self")[0]["href"]


@pytest.mark.parametrize("params", [
    {"limit": "0"}, {"limit": "x"}, {"offset": "-1"}, {"bbox": "1,2,3"},
    {"bbox": "0,95,10,96"}, {"datetime": "yesterday"}, {"datetime": "../.."},
    {"datetime": "2026-01-02/2026-01-01"}, {"kind": "no-such-kind"}, {"country": "XX"},
    {"f": "html"}, {"unknown": "1"}, {"limit": ["1", "2"]},
])
def test_invalid_parameters_are_a_400_ogc_exception(client, data, params):
    response = client.get(f"{OGC}/collections/actors/items", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "InvalidParameterValue"


def test_one_item_and_unpublished_ones_not_found(client, data):
    actor = data["actors"][0]
    response = client.get(f"{OGC}/collections/actors/items/{actor.pk}")
    assert response["Content-Type"] == "application/geo+json"
    assert response.json()["id"] == actor.pk
    assert links(response.json(), "collection")
    hidden = Actor.objects.exclude(status="published").first()
    for value in (hidden.pk, "abc", 2**64):
        missing = client.get(f"{OGC}/collections/actors/items/{value}")
        assert missing.status_code == 404 and missing.json()["code"] == "NotFound"


def test_cities_and_innovations(client, data):
    cities = client.get(f"{OGC}/collections/cities/items", {"country": "sn"}).json()
    assert [f["properties"]["slug"] for f in cities["features"]] == ["dakar"]
    innovations = client.get(f"{OGC}/collections/innovations/items").json()
    assert innovations["numberMatched"] == 2
    assert {f["properties"]["city"] for f in innovations["features"]} == {"dakar", "paris"}
    in_dakar = client.get(f"{OGC}/collections/innovations/items",
                          {"bbox": "-20,10,-10,20"}).json()
    assert in_dakar["numberMatched"] == 1
    assert in_dakar["features"][0]["geometry"]["coordinates"] == [-17.44, 14.69]


def test_queries_do_not_grow_with_the_page(client, data, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(f"{OGC}/collections/actors/items", {"limit": 1000})


@needs_ogrinfo
def test_gdal_reads_the_layers_with_the_apis_counts(live_server, client, data):
    layers = ogrinfo(f"OAPIF:{live_server.url}/ogc/")
    assert layers == {
        "actors": client.get("/api/v1/actors/").json()["count"],
        "cities": client.get("/api/v1/cities/").json()["count"],
        "innovations": client.get("/api/v1/innovations/").json()["count"],
    }
    assert layers["actors"] == 17
