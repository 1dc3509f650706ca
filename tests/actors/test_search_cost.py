"""Costly anonymous requests: bounded searches on a stored folded text kept up to date by
every write path, cache keys from validated filters only, cached full exports, and
per-client throttles with a 429 page."""

import gzip
import io
import json

import pytest
from django.core.management import call_command

from actors.models import Actor
from cities.search import MAX_SEARCH_LENGTH, MAX_SEARCH_WORDS
from imports import import_actors
from tests.factories import (
    ActorFactory,
    CityFactory,
    CommitmentFactory,
    CountryFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/actors/"
FEED = "/map/feed/"
NINE_WORDS = " ".join(["mot"] * (MAX_SEARCH_WORDS + 1))
TOO_LONG = "a" * (MAX_SEARCH_LENGTH + 1)


@pytest.fixture
def actors():
    city = CityFactory(name="Yaoundé", slug="yaounde", country=CountryFactory(code="CM"),
                       alternate_names=["Ongola"])
    ActorFactory(name="Coopérative numérique", short_description="Œuvre solidaire", city=city)
    ActorFactory(name="Fablab de la Gare", description="Impression 3D", city=city)
    return city


# --- limits ---------------------------------------------------------------------------

@pytest.mark.parametrize("query", [NINE_WORDS, TOO_LONG])
def test_a_search_beyond_the_limits_is_a_400_naming_q(client, actors, query):
    for url in (API, FEED, "/api/v1/innovations/"):
        response = client.get(url, {"q": query})
        assert response.status_code == 400, url
        assert list(response.json()["errors"]) == ["q"], url


@pytest.mark.parametrize("url", ["/actors/", "/", "/people/", "/innovations/",
                                 "/action-plan/", "/en/actors/"])
def test_a_search_beyond_the_limits_is_a_form_error_on_every_page(client, actors, url):
    response = client.get(url, {"q": NINE_WORDS})
    assert response.status_code == 200
    errors = response.context["filter"].errors
    assert list(errors) == ["q"]
    assert str(MAX_SEARCH_WORDS) in errors["q"][0]


def test_eight_words_and_a_hundred_characters_are_fine(client, actors):
    query = "cooperative numerique " + "yaounde " * (MAX_SEARCH_WORDS - 2)
    assert len(query.strip()) <= MAX_SEARCH_LENGTH
    assert client.get(API, {"q": query.strip()}).json()["count"] == 1


def test_moderators_search_beyond_the_limits_gets_a_message(staff_client, actors):
    response = staff_client.get("/moderation/", {"q": NINE_WORDS, "status": "published"})
    assert response.status_code == 200
    assert response.context["search_errors"]


# --- the stored search text ----------------------------------------------------------

def test_search_reads_the_stored_text_of_actors_and_their_city(client, actors):
    assert Actor.objects.search("oeuvre").count() == 1  # ligature folded
    assert Actor.objects.search("ongola impression").count() == 1  # city's other name
    assert Actor.objects.search("YAOUNDE").count() == 2


def test_the_stored_text_follows_edits_of_actors_and_cities(actors):
    actor = Actor.objects.get(name="Fablab de la Gare")
    actor.description = "Découpe laser"
    actor.save(update_fields=["description"])
    assert Actor.objects.search("decoupe").get() == actor
    assert not Actor.objects.search("impression").exists()
    actors.name = "Ongola-Ville"
    actors.save(update_fields=["name"])
    assert Actor.objects.search("ongola-ville").count() == 2


def test_bulk_writers_fill_the_stored_text(tmp_path, actors):
    call_command("generate_actors", "--count", "3", stdout=io.StringIO())
    assert Actor.objects.search("synthetic record").count() == 3
    source = tmp_path / "labs.csv"
    source.write_text("external_id,name,kind,city,country,description\n"
                      "z1,Atelier Zéro,fablab,Yaoundé,CM,Électronique libre\n", encoding="utf-8")
    import_actors(source_file=source, fmt="csv", source="test", publish=True, progress=False)
    assert Actor.objects.search("electronique zero").count() == 1
    source.write_text("external_id,name,kind,city,country,description\n"
                      "z1,Atelier Zéro,fablab,Yaoundé,CM,Menuiserie partagée\n", encoding="utf-8")
    import_actors(source_file=source, fmt="csv", source="test", publish=True, progress=False)
    assert Actor.objects.search("menuiserie partagee").count() == 1
    assert not Actor.objects.search("electronique").exists()


def test_search_query_count_does_not_grow_with_words(client, actors,
                                                     django_assert_max_num_queries):
    # version, typo lookup (words of 5+ letters), count, page (name matches, then the
    # others: cities.search.RankedSearchQuerySet), themes
    with django_assert_max_num_queries(6):
        client.get(API, {"q": "yaounde"})
    with django_assert_max_num_queries(6):
        client.get(API, {"q": "yaounde cooperative numerique oeuvre solidaire a b c"})


# --- cache keys from validated filters -----------------------------------------------

def test_unknown_parameters_share_the_api_cache_entry(client, actors,
                                                      django_assert_max_num_queries):
    first = client.get(API, {"q": "Yaoundé"})
    assert first.status_code == 200
    with django_assert_max_num_queries(1):  # the data version only
        second = client.get(API, {"q": "yaounde ", "r": "12345"})
    assert second.content == first.content
    assert second.headers["ETag"] == first.headers["ETag"]


def test_unknown_parameters_share_the_feed_cache_entry(client, actors,
                                                       django_assert_max_num_queries):
    first = client.get(FEED, {"q": "coopérative", "kind": "fablab"})
    with django_assert_max_num_queries(2):  # the data version, the kind's validation
        second = client.get(FEED, {"kind": "fablab", "r": "x", "q": "COOPERATIVE"})
    assert second.status_code == 200
    assert second.headers["ETag"] == first.headers["ETag"]


def test_full_exports_come_from_the_cache_after_the_first(client, actors,
                                                          django_assert_max_num_queries):
    for fmt in ("geojson", "csv"):
        first = client.get(API, {"format": fmt})
        assert first.status_code == 200
        with django_assert_max_num_queries(1):
            again = client.get(API, {"format": fmt, "r": "random"})
        assert again.content == first.content
        assert again.headers["Content-Disposition"] == first.headers["Content-Disposition"]
    ActorFactory(name="Nouvel acteur", city=actors)
    features = json.loads(client.get(API, {"format": "geojson", "r": "x"}).content)["features"]
    assert len(features) == 3


# --- throttles ------------------------------------------------------------------------

@pytest.mark.parametrize(("prefix", "text"), [("", "Trop de requêtes"),
                                              ("/en", "Too many requests")])
def test_searches_are_throttled_per_client_with_a_429_page(client, settings, actors,
                                                           prefix, text):
    settings.SEARCH_RATE_LIMIT = "2/m"
    for _ in range(2):
        assert client.get(f"{prefix}/actors/", {"q": "fablab"}).status_code == 200
    refused = client.get(f"{prefix}/actors/", {"q": "fablab", "r": "1"})
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert text in refused.content.decode()
    assert client.get(f"{prefix}/innovations/", {"q": "x"}).status_code == 429  # one budget
    assert client.get(f"{prefix}/actors/").status_code == 200  # browsing is not searching
    other = client.get(f"{prefix}/actors/", {"q": "fablab"}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


def test_the_map_feed_is_throttled_per_client(client, settings, actors):
    settings.MAP_FEED_RATE_LIMIT = "1/m"
    assert client.get(FEED).status_code == 200
    refused = client.get(FEED, {"r": "2"})
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    assert refused.json()["status"] == 429


def test_people_and_action_plan_searches_still_work(client, actors):
    PersonFactory(name="Aïssatou Diallo")
    CommitmentFactory(title="Données ouvertes")
    assert "Aïssatou Diallo" in client.get("/people/", {"q": "aissatou"}).content.decode()
    assert client.get("/action-plan/", {"q": "Données"}).status_code == 200
    feed = client.get(FEED, {"q": "gare"}, headers={"Accept-Encoding": "gzip"})
    assert json.loads(gzip.decompress(feed.content))["count"] == 1


def test_repeated_and_contained_words_add_no_condition(actors):
    from cities.search import distinct_words

    assert distinct_words(["record", "rec", "load", "record", "oad"]) == ["record", "load"]
    assert Actor.objects.search("numerique num numerique").count() == 1
