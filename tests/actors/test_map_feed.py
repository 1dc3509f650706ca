"""The map feed: compact points, clusters, conditional GET, gzip, errors, query counts."""

import gzip
import json
import re

import pytest
from django.urls import reverse

from actors.models import Actor
from actors.selectors import COORDINATE_SCALE, BBox
from tests.factories import ActorFactory, ActorKindFactory, CityFactory

pytestmark = pytest.mark.django_db
FEED = "/map/feed/"


def cumulative(deltas):
    total, values = 0, []
    for delta in deltas:
        total += delta
        values.append(total)
    return values


def decode(payload):
    """The feed's columns of deltas back to (id, lat, lon, kind) rows, sorted by id."""
    rows = zip(cumulative(payload["id"]), cumulative(payload["lat"]),
               cumulative(payload["lon"]), payload["kind"], strict=True)
    return sorted((pk, lat / COORDINATE_SCALE, lon / COORDINATE_SCALE, kind)
                  for pk, lat, lon, kind in rows)


def get_json(client, params=None, **headers):
    response = client.get(FEED, params or {}, **headers)
    body = response.content
    if response.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return response, json.loads(body)


def test_feed_carries_every_published_actor_and_nothing_else(client):
    shown = [ActorFactory(latitude=3.86667 + i / 1000, longitude=11.51667 - i / 1000)
             for i in range(5)]
    ActorFactory(status=Actor.Status.PENDING)
    ActorFactory(status=Actor.Status.ARCHIVED)
    response, payload = get_json(client)
    assert response.status_code == 200
    assert payload["mode"] == "points" and payload["complete"] is True
    assert payload["total"] == payload["count"] == 5
    expected = [(a.pk, round(a.latitude, 5), round(a.longitude, 5), a.kind_id) for a in shown]
    assert [(pk, round(lat, 5), round(lon, 5), k) for pk, lat, lon, k in decode(payload)] == (
        expected
    )


def test_feed_applies_the_same_filters_as_the_directory(client):
    incubator = ActorKindFactory(slug="incubator", name_fr="Incubateur", name_en="Incubator")
    wanted = ActorFactory(name="Coopérative X", kind=incubator)
    ActorFactory(name="Other")
    _, payload = get_json(client, {"kind": "incubator", "q": "cooperative"})
    assert [row[0] for row in decode(payload)] == [wanted.pk]


def test_feed_is_gzipped_only_for_clients_that_accept_it(client):
    ActorFactory.create_batch(3)
    zipped = client.get(FEED, headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    plain = client.get(FEED)
    assert "Content-Encoding" not in plain.headers
    assert json.loads(gzip.decompress(zipped.content)) == json.loads(plain.content)


def test_conditional_get_answers_304_until_an_actor_changes(client):
    actor = ActorFactory()
    first = client.get(FEED)
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    # Browsers revalidate every time; a shared cache may keep it HTTP_CACHE_S_MAXAGE seconds.
    assert first.headers["Cache-Control"] == "public, max-age=0, s-maxage=60"
    again = client.get(FEED, headers={"If-None-Match": etag})
    assert again.status_code == 304
    other_filter = client.get(FEED, {"kind": "fablab"}, headers={"If-None-Match": etag})
    assert other_filter.status_code == 200
    actor.name = "Renamed"
    actor.save()
    changed = client.get(FEED, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_cached_feed_follows_moderation(client):
    actor = ActorFactory()
    _, before = get_json(client)
    assert before["count"] == 1
    actor.status = Actor.Status.ARCHIVED
    actor.save()
    _, after = get_json(client)
    assert after["count"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox": "0,91,10,92"}, "bbox"),
        ({"bbox": "0,10,10,5"}, "bbox"),
        ({"bbox": "nan,0,1,1"}, "bbox"),
        ({"zoom": "x"}, "zoom"),
        ({"zoom": "99"}, "zoom"),
        ({"kind": "unicorn"}, "kind"),
        ({"country": "XX"}, "country"),
    ],
)
def test_bad_parameters_get_a_400_naming_the_field(client, params, field):
    ActorFactory()
    response, payload = get_json(client, params)
    assert response.status_code == 400
    assert list(payload["errors"]) == [field]
    assert payload["errors"][field][0]


def test_beyond_the_point_limit_the_feed_sends_clusters_then_viewport_points(client, settings):
    settings.MAP_POINT_LIMIT = 10
    dakar = CityFactory(name="Dakar", latitude=14.69, longitude=-17.44)
    namur = CityFactory(name="Namur", latitude=50.47, longitude=4.87)
    for i in range(12):
        ActorFactory(city=dakar, latitude=14.69 + i / 1000, longitude=-17.44)
    for i in range(4):
        ActorFactory(city=namur, latitude=50.47, longitude=4.87 + i / 1000)
    _, world = get_json(client, {"zoom": "2"})
    assert world["mode"] == "clusters" and world["complete"] is False
    assert world["total"] == 16
    assert sorted(cell[2] for cell in world["cells"]) == [4, 12]
    _, belgium = get_json(client, {"zoom": "8", "bbox": "2,49,7,52"})
    assert belgium["mode"] == "points" and belgium["count"] == 4 and belgium["total"] == 16
    _, senegal = get_json(client, {"zoom": "8", "bbox": "-18,14,-17,15"})
    assert senegal["mode"] == "clusters" and senegal["count"] == 12


def test_bbox_across_the_antimeridian():
    box = BBox.parse("170,-20,-170,0")
    assert (box.west, box.east) == (170, -170)
    fiji = CityFactory(name="Suva", latitude=-18.14, longitude=178.44)
    ActorFactory(city=fiji, latitude=-18.14, longitude=178.44)
    ActorFactory()
    assert box.filter(Actor.objects.all()).count() == 1
    assert BBox.parse("-200,-10,-160,10").west == 160  # Leaflet's wrapped longitudes
    assert BBox.parse("-300,-10,400,10") == BBox(-180, -10, 180, 10)


@pytest.mark.parametrize("count", [5, 60])
def test_feed_query_count_is_constant(client, django_assert_num_queries, count):
    ActorFactory.create_batch(count)
    # the data version, the count, the points
    with django_assert_num_queries(3):
        client.get(FEED)
    with django_assert_num_queries(1):  # cached: only the data version
        client.get(FEED)


def test_popup_details_of_a_published_actor_only(client):
    actor = ActorFactory(name="My Human Kit")
    response = client.get(reverse("actors:map_actor", args=[actor.pk]))
    assert response.json() == {
        "name": "My Human Kit", "kind": "Fablab", "city": actor.city.name,
        "country": "Cameroun", "url": actor.get_absolute_url(), "verified": False,
    }
    assert client.get(f"/en/map/actors/{actor.pk}/").json()["country"] == "Cameroon"
    hidden = ActorFactory(status=Actor.Status.PENDING)
    assert client.get(reverse("actors:map_actor", args=[hidden.pk])).status_code == 404


def test_kind_colours_come_as_a_stylesheet(client):
    ActorKindFactory(slug="a-new-kind", colour="#d9480f")
    response = client.get(reverse("actors:kind_styles"))
    assert response.headers["Content-Type"].startswith("text/css")
    assert ".swatch-a-new-kind" in response.content.decode()
    assert "#d9480f" in response.content.decode()
    etag = response.headers["ETag"]
    assert client.get(reverse("actors:kind_styles"),
                      headers={"If-None-Match": etag}).status_code == 304


def test_feed_round_trips_coordinates_in_every_hemisphere(client):
    places = [(14.69370, -17.44406), (-22.90685, -43.17290), (50.46690, 4.86746),
              (-18.14161, 178.44149), (3.86667, 11.51667), (14.69999, -17.40001)]
    actors = [ActorFactory(city=CityFactory(latitude=lat, longitude=lon), latitude=lat,
                           longitude=lon) for lat, lon in places]
    _, payload = get_json(client)
    assert [(pk, round(lat, 5), round(lon, 5)) for pk, lat, lon, _kind in decode(payload)] == [
        (actor.pk, actor.latitude, actor.longitude) for actor in actors
    ]


def test_a_client_refusing_gzip_gets_plain_json_with_its_own_etag(client):
    ActorFactory()
    refused = client.get(FEED, headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers
    zipped = client.get(FEED, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["ETag"] != refused.headers["ETag"]


def test_points_carry_the_actors_names_for_screen_readers(client):
    actor = ActorFactory(name="My Human Kit")
    _, payload = get_json(client)
    assert payload["name"] == ["My Human Kit"] and cumulative(payload["id"]) == [actor.pk]


FIRST_FEED = re.compile(
    r'<script id="first-feed" type="application/json" data-url="([^"]+)">(.*?)</script>', re.S)


def test_a_small_first_feed_comes_inside_the_page(client, settings):
    settings.LANGUAGE_CODE = "fr"
    ActorFactory.create_batch(3)
    # A hostile name cannot end the script element nor open markup.
    ActorFactory(name="</script><img src=x onerror=alert(1)> & co")
    html = client.get("/").content.decode()
    url, body = FIRST_FEED.search(html).groups()
    assert url == f"{FEED}?zoom=2"  # the URL first-view.js asks for
    assert "</script><img" not in body and "\\u003C/script\\u003E" in body
    # The same data the feed's URL gives, and no preload of it.
    assert json.loads(body) == get_json(client, {"zoom": 2})[1]
    assert 'rel="preload" href="/map/feed/' not in html


def test_a_city_pages_first_feed_is_its_actors(client):
    douala = CityFactory(name="Douala", slug="douala")
    ActorFactory.create_batch(2, city=douala)
    ActorFactory()  # elsewhere
    html = client.get(douala.get_absolute_url()).content.decode()
    url, body = FIRST_FEED.search(html).groups()
    assert url == f"{FEED}?city=douala&amp;zoom=2"  # HTML-escaped in the attribute
    assert json.loads(body)["total"] == 2


def test_a_big_first_feed_is_preloaded_and_a_filtered_page_has_none(client, monkeypatch):
    from actors.templatetags import actor_maps

    ActorFactory.create_batch(3)
    monkeypatch.setattr(actor_maps, "INLINE_FEED_MAX_BYTES", 10)
    html = client.get("/").content.decode()
    assert not FIRST_FEED.search(html)
    assert f'<link rel="preload" href="{FEED}?zoom=2" as="fetch"' in html
    # A page with filters in its URL: first-view.js asks for a feed of its own.
    html = client.get("/?kind=fablab").content.decode()
    assert not FIRST_FEED.search(html) and 'rel="preload" href="/map/feed/' not in html


def test_the_first_feed_costs_the_page_one_query_once_cached(client, django_assert_max_num_queries):
    ActorFactory.create_batch(5)
    client.get("/")
    with django_assert_max_num_queries(1):
        from django.template import Context, Template
        from django.test import RequestFactory

        request = RequestFactory().get("/")
        Template("{% load actor_maps %}{% map_preloads %}").render(Context({"request": request}))
