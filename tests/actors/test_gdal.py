"""GIS tools read the API's exports: an explicit ?format= wins whatever the Accept header
(GDAL sends `Accept: text/plain, application/json`)."""

import pytest

from tests.factories import ActorFactory, ActorKindFactory, CityFactory, CountryFactory
from tests.gdal import needs_ogrinfo, ogrinfo

API = "/api/v1/actors/"


@pytest.fixture
def actors(db):
    senegal = CountryFactory(code="SN")
    dakar = CityFactory(name="Dakar", slug="dakar", country=senegal)
    fablab = ActorKindFactory(slug="fablab")
    published = [ActorFactory(city=dakar, kind=fablab) for _ in range(3)]
    ActorFactory(city=dakar, kind=fablab, status="pending")
    return published


@pytest.mark.parametrize("accept", ["text/plain, application/json", "application/json",
                                    "text/html", "*/*"])
@pytest.mark.parametrize(("fmt", "media_type"), [("geojson", "application/geo+json"),
                                                  ("csv", "text/csv; charset=utf-8")])
def test_explicit_format_wins_over_the_accept_header(client, actors, accept, fmt, media_type):
    response = client.get(API, {"format": fmt}, HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == media_type


def test_without_format_the_accept_header_still_decides(client, actors):
    assert client.get(API, HTTP_ACCEPT="application/geo+json")["Content-Type"] == (
        "application/geo+json")
    assert client.get(API, HTTP_ACCEPT="text/html").status_code == 406


def test_an_unknown_format_is_not_found(client, actors):
    assert client.get(API, {"format": "kml"}).status_code == 404


@needs_ogrinfo
@pytest.mark.parametrize("source", ["GeoJSON:{url}?format=geojson",
                                    "CSV:/vsicurl/{url}?format=csv"])
def test_ogrinfo_reads_the_exports(live_server, client, actors, source):
    count = client.get(API).json()["count"]
    assert count == 3
    layers = ogrinfo(source.format(url=live_server.url + API))
    assert list(layers.values()) == [count]


@needs_ogrinfo
def test_ogrinfo_reads_filtered_exports(live_server, client, actors):
    ActorFactory()  # elsewhere
    layers = ogrinfo(f"GeoJSON:{live_server.url}{API}?format=geojson&country=SN")
    assert list(layers.values()) == [client.get(API, {"country": "SN"}).json()["count"]]
