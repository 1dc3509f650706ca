"""One search everywhere (cities.search): the same accent- and case-insensitive matching on
every page and API that has a search, kind and theme names in French and English, one
typo forgiven, name matches first, lists sorted without regard to accents and case."""

import gzip
import json

import pytest

from actors.models import Actor
from cities.models import SearchWord
from cities.search import Search, one_edit_away
from tests.factories import (
    ActorFactory,
    ActorKindFactory,
    CityFactory,
    CommitmentFactory,
    CountryFactory,
    PersonFactory,
    ThemeFactory,
)
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    cameroon = CountryFactory(code="CM")
    yaounde = CityFactory(name="Yaoundé", slug="yaounde", country=cameroon)
    douala = CityFactory(name="Douala", slug="douala", country=cameroon)
    eseka = CityFactory(name="Éséka", slug="eseka", country=cameroon)
    fablab = ActorKindFactory(slug="fablab", name_fr="Fablab", name_en="Fablab")
    incubator = ActorKindFactory(slug="incubator", name_fr="Incubateur", name_en="Incubator")
    green = ThemeFactory(slug="green", name_fr="Environnement", name_en="Environment")
    digital = ThemeFactory(slug="digital", name_fr="Inclusion numérique",
                           name_en="Digital inclusion")
    actors = {
        "kit": ActorFactory(name="My Human Kit", kind=fablab, city=douala,
                            short_description="Prothèses libres"),
        "aya": ActorFactory(name="AYA", kind=incubator, city=yaounde,
                            description="Accompagne les jeunes pousses"),
        "activ": ActorFactory(name="ActivSpaces", kind=incubator, city=douala,
                              description="Espace de travail à Yaoundé"),
        "eco": ActorFactory(name="Éco-lab", kind=fablab, city=eseka,
                            description="Recyclage du plastique"),
        "ecoles": ActorFactory(name="Ecoles du numérique", kind=incubator, city=douala),
    }
    actors["eco"].themes.set([green])
    actors["activ"].themes.set([digital])
    innovations = {
        "sechoir": InnovationFactory(title="Séchoir solaire", city=yaounde, themes=[green],
                                     summary="Sécher les fruits au soleil",
                                     actors=[actors["eco"]]),
        "main": InnovationFactory(title="Main imprimée", city=douala,
                                  summary="Une prothèse de Yaoundé", actors=[actors["kit"]]),
        "atelier": InnovationFactory(title="atelier mobile", city=douala,
                                     actors=[actors["kit"]]),
    }
    people = {
        "aissatou": PersonFactory(name="Aïssatou Diallo", organisation="Ville de Yaoundé"),
        "bernard": PersonFactory(name="bernard Étoundi", title="Maire"),
        "zoe": PersonFactory(name="Zoé Abena", title="Directrice, Incubateur AYA"),
    }
    commitments = {
        "donnees": CommitmentFactory(title="Protection des données", themes=[digital]),
        "plastique": CommitmentFactory(title="Moins de plastique",
                                       description="Données de collecte", themes=[green]),
    }
    return {"actors": actors, "innovations": innovations, "people": people,
            "commitments": commitments}


def page_names(response, attribute="name"):
    assert response.status_code == 200
    return [getattr(item, attribute) for item in response.context["object_list"]]


def api_names(response, key="name"):
    assert response.status_code == 200, response.content
    return [row[key] for row in response.json()["results"]]


def feed_names(response):
    assert response.status_code == 200, response.content
    body = response.content
    if response.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return json.loads(body)["name"]


# --- one matching on every page and API -----------------------------------------------

ACTOR_QUERIES = {
    "yaounde": ["ActivSpaces", "AYA"],  # a city name, and a word of a description
    "YAOUNDÉ": ["ActivSpaces", "AYA"],
    "fablab": ["Éco-lab", "My Human Kit"],  # the kind's name
    "incubateur": ["ActivSpaces", "AYA", "Ecoles du numérique"],
    "incubator": ["ActivSpaces", "AYA", "Ecoles du numérique"],
    "environnement": ["Éco-lab"],  # a theme's French name
    "environment": ["Éco-lab"],  # and English one
    "numerique": ["ActivSpaces", "Ecoles du numérique"],  # a name and a theme
    "Yaoudne": ["ActivSpaces", "AYA"],  # two letters swapped
    "protheses": ["My Human Kit"],
    "eseka fablab": ["Éco-lab"],
}


@pytest.mark.parametrize(("query", "expected"), ACTOR_QUERIES.items())
def test_actor_search_is_the_same_on_the_map_directory_and_api(client, world, query,
                                                               expected):
    directory = page_names(client.get("/actors/", {"q": query}))
    english = page_names(client.get("/en/actors/", {"q": query}))
    api = api_names(client.get("/api/v1/actors/", {"q": query}))
    feed = feed_names(client.get("/map/feed/", {"q": query, "zoom": "12"}))
    assert sorted(directory) == sorted(english) == sorted(api) == sorted(feed)
    assert sorted(directory, key=str.casefold) == sorted(expected, key=str.casefold)


@pytest.mark.parametrize(("query", "expected"), [
    ("sechoir", ["Séchoir solaire"]),  # issue 17: found only with the accent
    ("SÉCHOIR", ["Séchoir solaire"]),
    ("environment", ["Séchoir solaire"]),  # a theme in English
    ("environnement", ["Séchoir solaire"]),
    ("yaounde", ["Séchoir solaire", "Main imprimée"]),  # the city, a word of the summary
    ("prothese", ["Main imprimée"]),
    ("sechior", ["Séchoir solaire"]),  # a typo
])
def test_innovation_search_is_the_same_on_the_page_and_api(client, world, query, expected):
    page = page_names(client.get("/innovations/", {"q": query}), "title")
    api = api_names(client.get("/api/v1/innovations/", {"q": query}), "title")
    assert page == api
    assert sorted(page) == sorted(expected)


@pytest.mark.parametrize(("query", "expected"), [
    ("aissatou", ["Aïssatou Diallo"]),
    ("etoundi", ["bernard Étoundi"]),
    ("incubateur", ["Zoé Abena"]),
    ("yaounde", ["Aïssatou Diallo"]),
    ("Diallp", ["Aïssatou Diallo"]),  # a typo in a 6-letter word
])
def test_people_search_is_the_same_on_the_page_and_api(client, world, query, expected):
    page = page_names(client.get("/people/", {"q": query}))
    api = api_names(client.get("/api/v1/people/", {"q": query}))
    assert page == api == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("donnees", ["Protection des données", "Moins de plastique"]),  # issue 17
    ("DONNÉES", ["Protection des données", "Moins de plastique"]),
    ("digital inclusion", ["Protection des données"]),  # a theme in English
    ("inclusion numerique", ["Protection des données"]),  # and in French
    ("plastqiue", ["Moins de plastique"]),  # a typo
])
def test_action_plan_search_is_the_same_on_the_page_and_api(client, world, query, expected):
    page = page_names(client.get("/action-plan/", {"q": query}), "title")
    api = api_names(client.get("/api/v1/commitments/", {"q": query}), "title")
    assert sorted(page) == sorted(api) == sorted(expected)
    assert page[0] == expected[0]  # the title match first


# --- typos --------------------------------------------------------------------------

def test_one_edit_covers_missing_added_replaced_and_swapped_letters():
    variants = one_edit_away("yaounde")
    assert {"yaoune", "yaounnde", "yaounda", "yaoudne"} <= variants
    assert "yaounde" not in variants and "yoaudne" not in variants  # two edits


def test_a_typo_is_forgiven_only_in_words_of_five_letters_or_more(world):
    assert Actor.objects.search("Yaoudne").count() == 2
    assert Actor.objects.search("Yauondé Doaula").get().name == "ActivSpaces"  # one a word
    ActorFactory(name="Kano Labs")
    assert not Actor.objects.search("kaon").exists()  # four letters: no guess
    assert not Actor.objects.search("yaoundeee").exists()  # two edits


def test_a_known_word_is_not_taken_for_a_typo(world):
    ActorFactory(name="Maison des jeunes")
    ActorFactory(name="Saison culturelle")
    assert list(Actor.objects.search("maison").values_list("name", flat=True)) == [
        "Maison des jeunes"]
    # "yaound" starts a known word: a plain prefix match, no guess.
    assert Search("yaound").words == [("yaound",)]
    assert Search("Yaoudne").words == [("yaoudne", "yaounde")]


def test_words_of_new_texts_join_the_vocabulary(world):
    assert not SearchWord.objects.filter(word="tricycles").exists()
    actor = world["actors"]["kit"]
    actor.description = "Tricycles adaptés"
    actor.save()
    assert SearchWord.objects.filter(word="tricycles").exists()
    assert Actor.objects.search("tricylces").get() == actor


# --- ranking and sorting ---------------------------------------------------------------

def test_name_matches_come_first_then_the_list_order(client, world):
    # "numerique": in the name of "Ecoles du numérique", a theme of ActivSpaces.
    assert page_names(client.get("/actors/", {"q": "numerique"})) == [
        "Ecoles du numérique", "ActivSpaces"]
    assert api_names(client.get("/api/v1/actors/", {"q": "numerique"})) == [
        "Ecoles du numérique", "ActivSpaces"]
    # "yaounde": AYA's city, a word of ActivSpaces' description: both in the list order.
    assert page_names(client.get("/actors/", {"q": "yaounde"})) == ["ActivSpaces", "AYA"]
    # The API's explicit order wins over the rank.
    assert api_names(client.get("/api/v1/actors/", {"q": "numerique", "ordering": "-name"})
                     ) == ["Ecoles du numérique", "ActivSpaces"]
    assert api_names(client.get("/api/v1/actors/", {"q": "numerique", "ordering": "name"})
                     ) == ["ActivSpaces", "Ecoles du numérique"]


def test_lists_sort_without_regard_to_accents_and_case(client, world):
    assert page_names(client.get("/actors/")) == [
        "ActivSpaces", "AYA", "Éco-lab", "Ecoles du numérique", "My Human Kit"]
    assert api_names(client.get("/api/v1/actors/")) == [
        "ActivSpaces", "AYA", "Éco-lab", "Ecoles du numérique", "My Human Kit"]
    assert page_names(client.get("/innovations/"), "title") == [
        "atelier mobile", "Main imprimée", "Séchoir solaire"]
    assert page_names(client.get("/people/")) == [
        "Aïssatou Diallo", "bernard Étoundi", "Zoé Abena"]
    cities = client.get("/countries/cm/").context["cities"]
    named = [city.name for city in cities if not city.name.startswith("Ville ")]
    assert named == ["Douala", "Éséka", "Yaoundé"]


# --- cost ---------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/actors/", "/innovations/", "/people/", "/action-plan/",
                                 "/api/v1/actors/", "/api/v1/innovations/",
                                 "/api/v1/people/", "/api/v1/commitments/"])
def test_a_search_costs_the_same_queries_whatever_its_words(client, world, url,
                                                            django_assert_max_num_queries):
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as plain:
        client.get(url, {"q": "a"})
    # Words of five letters or more add one vocabulary lookup, and unknown ones (typos)
    # a second, whatever their number.
    with django_assert_max_num_queries(len(plain) + 2):
        client.get(url, {"q": "yaoudne environment numerique plastqiue donnees etoundi"})


def test_pages_of_a_ranked_search_are_the_slices_of_its_full_order(world):
    # Name matches ("numerique" in the name) and others (a theme, a kind...) across every
    # slice boundary: the pages, read without sorting by rank, keep the ranked order.
    for n in range(3):
        ActorFactory(name=f"Numérique {n}")
        ActorFactory(name=f"Zed {n}", description="numérique")
    ranked = Actor.objects.search("numerique")
    full = [actor.pk for actor in ranked.iterator()]
    assert len(full) == 8
    for start in range(len(full) + 2):
        for stop in range(start, len(full) + 3):
            assert [actor.pk for actor in ranked[start:stop]] == full[start:stop], (start, stop)
    assert list(ranked.values_list("pk", flat=True)[2:6]) == full[2:6]


def test_a_page_of_a_ranked_search_is_not_sorted_by_rank(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        list(Actor.objects.published().search("numerique")[0:50])
    ordered = [query["sql"] for query in queries.captured_queries if "ORDER BY" in query["sql"]]
    assert ordered
    for sql in ordered:
        # The list's own order, which the (status, sort_name, id) index gives.
        order = sql.rpartition("ORDER BY")[2].strip()
        assert order.startswith('"actors_actor"."sort_name" ASC, "actors_actor"."id" ASC'), sql
