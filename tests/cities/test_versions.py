"""Caches that are never stale: the public data version behind the map feed's, the API's and
the statistics' caches and ETags moves with anything the public sees, and only with that."""

import gzip
import json

import pytest

from actors.models import Actor
from actors.services import submit_actor
from cities.versions import data_version
from tests.factories import (
    ActorFactory,
    ActorKindFactory,
    CityFactory,
    CountryFactory,
    SummitFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
FEED = "/map/feed/"
API = "/api/v1/actors/"
STATS = "/statistics/"
COUNTRY_STATS = "/statistics/countries/cm/"


@pytest.fixture
def world():
    country = CountryFactory(code="CM")
    city = CityFactory(name="Yaoundé", slug="yaounde", country=country)
    kind = ActorKindFactory(slug="fablab", name_fr="Fablab", name_en="Fablab")
    theme = ThemeFactory(slug="social")
    actor = ActorFactory(name="Coopérative numérique", city=city, kind=kind, themes=[theme])
    ActorFactory(name="Deuxième acteur", city=city, kind=kind)
    summit = SummitFactory(city=city)
    return {"country": country, "city": city, "kind": kind, "theme": theme, "actor": actor,
            "summit": summit}


def answers(client) -> dict:
    """ETag, Last-Modified and body of the feed, the API and the statistics page."""
    feed = client.get(FEED, headers={"Accept-Encoding": "gzip"})
    api = client.get(API)
    stats = client.get(STATS)
    country_stats = client.get(COUNTRY_STATS)
    assert feed.status_code == api.status_code == stats.status_code == 200
    assert country_stats.status_code == 200
    return {
        "feed_etag": feed.headers["ETag"], "feed_modified": feed.headers["Last-Modified"],
        "feed": json.loads(gzip.decompress(feed.content)),
        "api_etag": api.headers["ETag"], "api_modified": api.headers["Last-Modified"],
        "api": api.json(), "stats": stats.content.decode(),
        "country_stats": country_stats.content.decode(),
    }


def test_a_pending_submission_does_not_move_public_etags_or_last_modified(client, world):
    before = answers(client)
    submit_actor(user=UserFactory(), source="site", data={
        "name": "Nouveau laboratoire", "kind": world["kind"], "city": world["city"]})
    assert Actor.objects.pending().count() == 1
    after = answers(client)
    for name in ("feed_etag", "feed_modified", "api_etag", "api_modified"):
        assert after[name] == before[name], name
    # ... and a conditional request still answers 304.
    assert client.get(API, headers={"If-None-Match": before["api_etag"]}).status_code == 304


def rename_city(world):
    world["city"].name = "Yaounde-Renommée"
    world["city"].save()
    return "Yaounde-Renommée"


def add_alternate_name(world):
    world["city"].alternate_names = ["Ongola"]
    world["city"].save()


def rename_kind(world):
    world["kind"].name_fr = "Atelier de fabrication"
    world["kind"].save()
    return "Atelier de fabrication"


def reclassify_country(world):
    world["country"].is_global_south = False
    world["country"].save()


def edit_theme(world):
    world["theme"].name_fr = "Innovation sociale et solidaire"
    world["theme"].save()


def edit_summit(world):
    world["summit"].name = "Sommet renommé"
    world["summit"].save()


def hard_delete_actor(world):
    world["actor"].delete()


@pytest.mark.parametrize("change", [rename_city, add_alternate_name, rename_kind,
                                    reclassify_country, edit_theme, edit_summit,
                                    hard_delete_actor])
def test_every_public_change_moves_the_feed_api_and_statistics(client, world, change):
    before = answers(client)
    assert answers(client)["api_etag"] == before["api_etag"]  # warm, and stable
    new_name = change(world)
    after = answers(client)
    assert after["feed_etag"] != before["feed_etag"]
    assert after["api_etag"] != before["api_etag"]
    assert client.get(API, headers={"If-None-Match": before["api_etag"]}).status_code == 200
    if change is rename_city:
        assert {row["city_name"] for row in after["api"]["results"]} == {new_name}
        assert new_name in after["country_stats"]
    if change is rename_kind:
        assert new_name in after["stats"]
    if change is hard_delete_actor:
        assert after["api"]["count"] == after["feed"]["count"] == 1
    if change is reclassify_country:
        assert after["stats"] != before["stats"]


def test_a_renamed_city_is_found_by_its_new_name_in_every_search(client, world):
    rename_city(world)
    assert client.get(API, {"q": "renommee"}).json()["count"] == 2
    feed = client.get(FEED, {"q": "renommee"}, headers={"Accept-Encoding": "gzip"})
    assert json.loads(gzip.decompress(feed.content))["count"] == 2
    assert "Coopérative numérique" in client.get("/actors/", {"q": "renommee"}).content.decode()


def test_the_version_is_read_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        version = data_version("anything")
    assert version.latest is not None and version.latest.tzinfo is not None
    assert data_version("anything") == version
    assert data_version("other").key != version.key


def test_a_signed_in_users_version_follows_every_actor(world):
    user = UserFactory()
    public, private = data_version(), data_version(user=user)
    ActorFactory(status=Actor.Status.PENDING, city=world["city"], kind=world["kind"])
    assert data_version() == public
    assert data_version(user=user).key != private.key
