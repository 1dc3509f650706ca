"""Public pages of the forge: catalogue filters (and garbage), the innovation page and its
map data, actor and city sections, constant query counts."""

import pytest

from actors.models import Actor
from innovations.models import Direction, ForgeStatus
from tests.factories import ActorFactory, ThemeFactory
from tests.innovations.factories import AdaptationFactory, InnovationFactory, north_south_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    cities = north_south_world()
    social = ThemeFactory(slug="social", name_fr="Innovation sociale")
    green = ThemeFactory(slug="green", name_fr="Environnement", name_en="Environment")
    maker = ActorFactory(city=cities["rennes"], name="My Human Kit", slug="mhk")
    hand = InnovationFactory(city=cities["rennes"], actors=[maker], title="Main imprimée",
                             slug="main", themes=[social], licence="CERN-OHL-S-2.0")
    dryer = InnovationFactory(city=cities["dakar"], title="Séchoir solaire", slug="sechoir",
                              themes=[green], licence="CC-BY-SA-4.0")
    InnovationFactory(city=cities["liege"], title="Projet secret", slug="secret",
                      status=ForgeStatus.PENDING)
    aniac = ActorFactory(city=cities["yaounde"], name="ANIAC", slug="aniac")
    AdaptationFactory(innovation=hand, actor=aniac, changes=["language"],
                      description="Notice en ewondo")
    AdaptationFactory(innovation=hand, actor=ActorFactory(city=cities["liege"]))
    AdaptationFactory(innovation=dryer, actor=ActorFactory(city=cities["liege"]))
    AdaptationFactory(innovation=dryer, actor=ActorFactory(city=cities["yaounde"]),
                      status=ForgeStatus.PENDING, description="Pas encore publié")
    return {**cities, "hand": hand, "dryer": dryer, "maker": maker, "aniac": aniac}


def titles(response):
    return [innovation.title for innovation in response.context["object_list"]]


def test_catalogue_lists_published_innovations_only(client, world):
    response = client.get("/innovations/")
    assert titles(response) == ["Main imprimée", "Séchoir solaire"]
    page = response.content.decode()
    assert "Projet secret" not in page
    assert "<caption>" in page and 'scope="row"' in page


@pytest.mark.parametrize(("query", "expected"), [
    ("theme=social", ["Main imprimée"]),
    ("theme=social&theme=green", ["Main imprimée", "Séchoir solaire"]),
    ("country=sn", ["Séchoir solaire"]),
    ("country=FR", ["Main imprimée"]),
    ("licence=CC-BY-SA-4.0", ["Séchoir solaire"]),
    ("licence=CERN-OHL-S-2.0&licence=MIT", ["Main imprimée"]),
    ("q=sechoir solaire", ["Séchoir solaire"]),  # accents and case are ignored
    ("q=Séchoir", ["Séchoir solaire"]),
    ("theme=&country=&licence=", ["Main imprimée", "Séchoir solaire"]),
])
def test_catalogue_filters(client, world, query, expected):
    assert titles(client.get(f"/innovations/?{query}")) == expected


def test_catalogue_figures_by_direction(client, world):
    page = client.get("/innovations/")
    rows = {row["direction"]: row["count"] for row in page.context["directions"]}
    # Rennes→Yaoundé, Rennes→Liège, Dakar→Liège; the pending one is not counted.
    assert rows == {"north_south": 1, "north_north": 1, "south_north": 1, "south_south": 0}
    rows = {row["direction"]: row["count"]
            for row in client.get("/innovations/?country=sn").context["directions"]}
    assert rows == {"north_south": 0, "north_north": 0, "south_north": 1, "south_south": 0}


@pytest.mark.parametrize("query", [
    "theme=nope", "country=ZZ", "country=%00", "licence=WTFPL", "stage=%00", "q=%00",
    "q=" + "x" * 5000, "theme=%00&licence=%00", "country=99999999999999999999999",
    "page=99999999999999999999999", "page=-1", "page=abc", "stage=idea&page=2",
])
def test_catalogue_never_fails_on_bad_parameters(client, world, query):
    response = client.get(f"/innovations/?{query}")
    # 400: refused before the view (cities.middleware).
    assert response.status_code in (200, 400, 404)


def test_innovation_page(client, world):
    response = client.get("/innovations/main/")
    page = response.content.decode()
    assert "Notice en ewondo" in page and "ANIAC" in page
    assert str(Direction.NORTH_SOUTH.label) in page  # direction in the accessible table
    assert 'data-feed="/innovations/main/map.json"' in page
    assert "CERN-OHL-S-2.0" in page and "https://spdx.org/licenses/CERN-OHL-S-2.0.html" in page
    assert "<script>" not in page and "style=" not in page  # CSP
    english = client.get("/en/innovations/main/").content.decode()
    assert "North → South" in english and 'lang="en"' in english


def test_innovation_page_unknown_or_pending_is_404(client, world):
    assert client.get("/innovations/nope/").status_code == 404
    assert client.get("/innovations/secret/").status_code == 404
    assert client.get("/innovations/secret/map.json").status_code == 404


def test_map_data(client, world):
    data = client.get("/innovations/main/map.json").json()
    assert data["origin"]["city"] == "Rennes"
    assert data["origin"]["lat"] == pytest.approx(48.11)
    assert sorted((a["city"], a["direction"]) for a in data["adaptations"]) == [
        ("Liège", "north_north"), ("Yaoundé", "north_south")]
    dryer = client.get("/innovations/sechoir/map.json").json()
    assert [a["city"] for a in dryer["adaptations"]] == ["Liège"]  # pending one hidden


def test_actor_page_shows_its_innovations_and_adaptations(client, world):
    page = client.get("/actors/mhk/").content.decode()
    assert "Innovations" in page and "Main imprimée" in page
    page = client.get("/actors/aniac/").content.decode()
    assert "Main imprimée" in page and "Rennes" in page


def test_city_page_shows_innovations_born_and_adapted_there(client, world):
    page = client.get("/cities/rennes/").content.decode()
    assert "Main imprimée" in page and "Séchoir solaire" not in page
    page = client.get("/cities/liege/").content.decode()
    assert "Main imprimée" in page and "Séchoir solaire" in page
    assert "Projet secret" not in page


def grow(world):
    theme = world["hand"].themes.first()
    for _ in range(6):
        innovation = InnovationFactory(city=world["rennes"], themes=[theme], actors=[
            world["maker"], ActorFactory(city=world["rennes"])])
        for city in ("yaounde", "dakar", "liege"):
            AdaptationFactory(innovation=innovation, actor=ActorFactory(city=world[city]))
            AdaptationFactory(innovation=world["hand"], actor=ActorFactory(city=world[city]))
        AdaptationFactory(innovation=innovation, actor=world["aniac"])


PAGES = ["/innovations/", "/innovations/?theme=social&licence=CERN-OHL-S-2.0",
         "/innovations/main/", "/innovations/main/map.json", "/actors/mhk/", "/actors/aniac/",
         "/cities/rennes/", "/cities/yaounde/"]


def test_query_counts_do_not_grow(client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    small = {url: count(url) for url in PAGES}
    grow(world)
    large = {url: count(url) for url in PAGES}
    assert large == small
    with django_assert_max_num_queries(8):
        client.get("/innovations/")
    with django_assert_max_num_queries(6):
        client.get("/innovations/main/")


def test_innovation_page_names_only_published_organisations(client, world):
    hidden = ActorFactory(city=world["rennes"], name="Atelier retiré", slug="retire",
                          status=Actor.Status.ARCHIVED)
    world["hand"].actors.add(hidden)
    page = client.get("/innovations/main/").content.decode()
    assert "My Human Kit" in page and 'href="/actors/mhk/"' in page
    assert "Atelier retiré" not in page


def test_the_forge_map_has_a_legend_of_directions_told_apart_by_pattern(client, world):
    page = client.get("/innovations/main/").content.decode()
    legend = page[page.index('class="map-legend"'):]
    legend = legend[:legend.index("</details>")]
    for direction in Direction:
        assert f"forge-line-{direction.value}" in legend
        assert str(direction.label) in legend
