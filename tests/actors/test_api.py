"""API v1 actors: visibility, consent, filters, formats, errors, conditional GET, queries."""

import csv
import io

import orjson
import pytest
from django.utils import timezone
from geojson_pydantic import Feature, FeatureCollection
from rest_framework.renderers import JSONRenderer

from actors.api.serializers import ActorSerializer
from actors.models import Actor
from tests.factories import (
    ActorFactory,
    ActorKindFactory,
    CityFactory,
    CountryFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/actors/"


def test_list_shows_published_actors_only_with_public_fields(client):
    shown = ActorFactory(name="Visible", email="a@example.org", email_is_public=True,
                         phone="+237 1", phone_is_public=False, themes=[ThemeFactory()])
    for status in ["draft", "pending", "rejected", "archived"]:
        ActorFactory(status=status)
    data = client.get(URL).json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["id"] == shown.pk and row["kind"] == "fablab" and row["themes"] == ["social"]
    assert row["country"] == "CM" and row["city"] == shown.city.slug
    assert row["email"] == "a@example.org" and row["phone"] == ""  # consent per field
    assert row["verified"] is False and row["location_precision"] == "city"


def test_detail_by_id_or_slug_and_hidden_when_unpublished(client):
    actor = ActorFactory(slug="my-human-kit")
    assert client.get(f"{URL}{actor.pk}/").json()["slug"] == "my-human-kit"
    assert client.get(f"{URL}my-human-kit/").json()["id"] == actor.pk
    pending = ActorFactory(status=Actor.Status.PENDING)
    assert client.get(f"{URL}{pending.pk}/").status_code == 404
    assert client.get(f"{URL}{2**64}/").status_code == 404


def test_filters(client):
    incubator = ActorKindFactory(slug="incubator", name_fr="Incubateur", name_en="Incubator")
    dakar = CityFactory(name="Dakar", slug="dakar", latitude=14.69, longitude=-17.44)
    a = ActorFactory(name="A coopérative", kind=incubator, city=dakar, latitude=14.69,
                     longitude=-17.44, verified_at=timezone.now())
    b = ActorFactory(name="B", city=dakar, latitude=14.75, longitude=-17.40)
    c = ActorFactory(name="C")  # Yaoundé area

    def ids(**params):
        response = client.get(URL, params)
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids(kind=["incubator", "fablab"]) == [a.pk, b.pk, c.pk]
    assert ids(kind="incubator") == [a.pk]
    assert ids(q="cooperative") == [a.pk]
    assert ids(verified="true") == [a.pk]
    assert ids(city="dakar") == [a.pk, b.pk]
    assert ids(country="cm") == [a.pk, b.pk, c.pk]
    CountryFactory(code="BE", region="western_europe", is_global_south=False)
    assert ids(country="be") == []  # a known country without actors: an empty list
    assert ids(bbox="-18,14,-17,15") == [a.pk, b.pk]
    assert ids(near="14.70,-17.43", radius_km="20") == [a.pk, b.pk]  # nearest first
    assert ids(near="14.76,-17.39", radius_km="20") == [b.pk, a.pk]
    assert ids(near="14.69,-17.44", radius_km="1") == [a.pk]
    assert ids(updated_since="2000-01-01T00:00:00Z") == [a.pk, b.pk, c.pk]
    assert ids(updated_since="2999-01-01T00:00:00Z") == []
    assert ids(ordering="-name") == [c.pk, b.pk, a.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "0,91,1,92"}, "bbox"),
        ({"near": "91,0"}, "near"),
        ({"near": "abc"}, "near"),
        ({"near": "10,10", "radius_km": "abc"}, "radius_km"),
        ({"near": "10,10", "radius_km": "-3"}, "radius_km"),
        ({"kind": "unicorn"}, "kind"),
        ({"page": "0"}, "page"),
        ({"page": "x"}, "page"),
        ({"page": "999"}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"ordering": "password"}, "ordering"),
        ({"q": "a\x00b"}, "q"),
    ],
)
def test_bad_parameters_give_400_with_the_field_named(client, params, field):
    ActorFactory()
    response = client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["detail"]
    assert list(body["errors"]) == [field]


def test_page_size_defaults_to_50_and_stops_at_500(client):
    ActorFactory.create_batch(51)
    assert len(client.get(URL).json()["results"]) == 50
    assert len(client.get(URL, {"page_size": "1000"}).json()["results"]) == 51


def test_geojson_by_format_and_by_accept_header_is_valid_rfc7946(client):
    actor = ActorFactory(themes=[ThemeFactory()], verified_at=timezone.now())
    ActorFactory(status=Actor.Status.PENDING)
    by_format = client.get(URL, {"format": "geojson"})
    assert by_format.headers["Content-Type"] == "application/geo+json"
    collection = FeatureCollection.model_validate_json(by_format.content)
    assert len(collection.features) == 1
    by_accept = client.get(URL, headers={"Accept": "application/geo+json"})
    assert orjson.loads(by_accept.content) == orjson.loads(by_format.content)
    feature = collection.features[0]
    assert feature.geometry.coordinates[0] == actor.longitude
    single = Feature.model_validate_json(client.get(f"{URL}{actor.pk}/?format=geojson").content)
    assert single.properties["slug"] == actor.slug


def test_fast_paths_match_the_serializer(client):
    """The values_list() paths (JSON pages, GeoJSON) must say exactly what the
    ModelSerializer says, as the detail endpoint serves it."""
    ActorFactory(themes=[ThemeFactory(), ThemeFactory(slug="digital", name_fr="Numérique")],
                 verified_at=timezone.now(), email="x@example.org", email_is_public=True,
                 social_links=["https://example.org/a"], languages=["fr", "wo"],
                 founded_year=2014, is_women_led=True)
    ActorFactory(email="hidden@example.org", phone="+221 33 000 00 00")
    queryset = Actor.objects.published().order_by("name", "pk")
    expected = orjson.loads(JSONRenderer().render(ActorSerializer(queryset, many=True).data))
    assert [client.get(f"{URL}{a['id']}/").json() for a in expected] == expected
    assert client.get(URL).json()["results"] == expected
    geojson = orjson.loads(client.get(URL, {"format": "geojson"}).content)
    for feature, row in zip(geojson["features"], expected, strict=True):
        assert [row.pop("longitude"), row.pop("latitude")] == feature["geometry"]["coordinates"]
        assert feature["properties"] == row


def test_repeated_reads_are_served_from_the_cache_until_any_actor_changes(
    client, django_assert_num_queries
):
    actor = ActorFactory(name="Avant", themes=[ThemeFactory()])
    first = client.get(URL)
    with django_assert_num_queries(1):  # the data version only
        again = client.get(URL)
    assert again.content == first.content and again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    english = client.get(URL, headers={"Accept-Language": "en"})
    assert english.headers["ETag"] != first.headers["ETag"]
    actor.name = "Après"
    actor.save()
    assert client.get(URL).json()["results"][0]["name"] == "Après"


def test_csv_export(client):
    ActorFactory(name="Coopérative ; « A »", themes=[ThemeFactory()])
    response = client.get(URL, {"format": "csv"})
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["name"] == "Coopérative ; « A »" and rows[0]["themes"] == "social"


def test_conditional_get(client):
    actor = ActorFactory()
    first = client.get(URL)
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    assert client.get(URL, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(URL, {"kind": "fablab"}, headers={"If-None-Match": etag}).status_code == 200
    actor.name = "Changed"
    actor.save()
    assert client.get(URL, headers={"If-None-Match": etag}).status_code == 200


def test_read_api_is_open_to_any_origin(client):
    response = client.get(URL, headers={"Origin": "https://partner.example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_english_names_with_accept_language(client):
    ActorFactory()
    detail = client.get("/api/v1/countries/cm/", headers={"Accept-Language": "en"}).json()
    assert detail["name"] == "Cameroon"
    assert client.get("/api/v1/countries/cm/").json()["name"] == "Cameroun"


@pytest.mark.parametrize("size", [5, 60])
def test_query_counts_do_not_depend_on_page_size(client, django_assert_num_queries, size):
    for _ in range(size):
        ActorFactory(themes=[ThemeFactory()])
    # version for the ETag, count, page, themes
    with django_assert_num_queries(4):
        client.get(URL, {"page_size": "100"})
    # version for the ETag, rows, themes
    with django_assert_num_queries(3):
        client.get(URL, {"format": "geojson"})


def test_reading_is_throttled_per_ip_with_the_error_shape(client, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    ActorFactory()
    assert client.get(URL).status_code == 200
    assert client.get(URL).status_code == 200
    throttled = client.get(URL)
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"]
    assert throttled.json()["status"] == 429 and throttled.json()["errors"] == {}
    other_ip = client.get(URL, REMOTE_ADDR="203.0.113.9")
    assert other_ip.status_code == 200


def test_errors_are_json_whatever_format_was_asked(client):
    response = client.get(URL, {"format": "geojson", "bbox": "x"})
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["errors"]["bbox"]
    missing = client.get(f"{URL}no-such-actor/", {"format": "csv"})
    assert missing.status_code == 404 and missing.json()["status"] == 404


def test_empty_parameters_mean_no_filter(client):
    ActorFactory()
    response = client.get(URL, {"kind": "", "city": "", "bbox": "", "near": "", "q": ""})
    assert response.status_code == 200 and response.json()["count"] == 1


def test_verified_true_and_false(client):
    checked = ActorFactory(verified_at=timezone.now())
    other = ActorFactory()
    assert [r["id"] for r in client.get(URL, {"verified": "true"}).json()["results"]] == [
        checked.pk]
    assert [r["id"] for r in client.get(URL, {"verified": "false"}).json()["results"]] == [
        other.pk]


def test_exports_keep_the_nearest_first_order(client):
    far = ActorFactory(name="A far", latitude=3.9, longitude=11.6)
    near = ActorFactory(name="Z near", latitude=3.86667, longitude=11.51667)
    params = {"near": "3.8667,11.5167", "radius_km": "50"}
    rows = client.get(URL, {**params, "format": "geojson"}).json()["features"]
    assert [row["properties"]["id"] for row in rows] == [near.pk, far.pk]
    assert [r["id"] for r in client.get(URL, params).json()["results"]] == [near.pk, far.pk]


EVIL = '=HYPERLINK("http://x";"y")'


def test_csv_export_defuses_spreadsheet_formulas(client):
    ActorFactory(name=EVIL, short_description="@SUM(A1)")
    ActorFactory(name="-2+3 Lab", short_description="\tcmd")
    response = client.get(URL, {"format": "csv"})
    rows = {row["name"]: row
            for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert set(rows) == {"'" + EVIL, "'-2+3 Lab"}
    assert rows["'" + EVIL]["short_description"] == "'@SUM(A1)"
    assert rows["'-2+3 Lab"]["short_description"] == "'\tcmd"
    assert float(rows["'" + EVIL]["latitude"])  # numbers untouched


def test_spreadsheet_safe_cells():
    from cities.api.base import spreadsheet_safe

    assert spreadsheet_safe(EVIL) == "'" + EVIL
    assert [spreadsheet_safe(v) for v in ["+237 600 00 00", "-17.44", "-", "", "Lab =1"]] == [
        "+237 600 00 00", "-17.44", "-", "", "Lab =1"]  # numbers and phones stay usable
    assert [spreadsheet_safe(v) for v in ["+cmd|' /C calc'!A0", "\r=1", "@x"]] == [
        "'+cmd|' /C calc'!A0", "'\r=1", "'@x"]
    assert [spreadsheet_safe(v) for v in [-3, 1.5, None, True]] == [-3, 1.5, None, True]
