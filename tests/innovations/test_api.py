"""API of the forge: published innovations and adaptations, filters, direction, errors,
query counts, the OpenAPI schema."""

import pytest
import yaml

from innovations.models import ForgeStatus
from tests.factories import ActorFactory, ThemeFactory
from tests.innovations.factories import AdaptationFactory, InnovationFactory, north_south_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    cities = north_south_world()
    theme = ThemeFactory(slug="social")
    maker = ActorFactory(city=cities["rennes"], slug="mhk")
    hand = InnovationFactory(city=cities["rennes"], actors=[maker], slug="main",
                             themes=[theme], licence="CERN-OHL-W-2.0")
    dryer = InnovationFactory(city=cities["dakar"], slug="sechoir", licence="MIT")
    secret = InnovationFactory(city=cities["liege"], slug="secret", status=ForgeStatus.PENDING)
    AdaptationFactory(innovation=hand, actor=ActorFactory(city=cities["yaounde"], slug="aniac"))
    AdaptationFactory(innovation=dryer, actor=ActorFactory(city=cities["yaounde"]))
    AdaptationFactory(innovation=dryer, actor=ActorFactory(city=cities["liege"]),
                      status=ForgeStatus.PENDING)
    AdaptationFactory(innovation=secret, actor=ActorFactory(city=cities["dakar"]))
    return {**cities, "hand": hand, "dryer": dryer}


def test_innovations_list_published_only(client, world):
    data = client.get("/api/v1/innovations/").json()
    assert data["count"] == 2
    first = data["results"][0]
    assert first["slug"] == "main"
    assert first["licence"] == "CERN-OHL-W-2.0"
    assert first["city"]["country"] == "FR" and first["city"]["global_south"] is False
    assert first["actors"] == ["mhk"] and first["themes"] == ["social"]
    assert first["adaptation_count"] == 1
    assert client.get("/api/v1/innovations/main/").json() == first
    assert client.get(f"/api/v1/innovations/{world['hand'].pk}/").json() == first
    assert client.get("/api/v1/innovations/secret/").status_code == 404


def test_adaptations_with_direction_and_both_countries(client, world):
    data = client.get("/api/v1/adaptations/").json()
    assert data["count"] == 2  # not the pending one, nor that of a pending innovation
    by_innovation = {row["innovation"]: row for row in data["results"]}
    hand = by_innovation["main"]
    assert hand["direction"] == "north_south"
    assert hand["origin_city"]["country"] == "FR" and hand["city"]["country"] == "CM"
    assert hand["licence"] == "CERN-OHL-W-2.0" and hand["actor"] == "aniac"
    assert by_innovation["sechoir"]["direction"] == "south_south"
    assert client.get(f"/api/v1/adaptations/{hand['id']}/").json() == hand
    assert client.get("/api/v1/adaptations/nope/").status_code == 404
    assert client.get("/api/v1/adaptations/99999999999999999999999/").status_code == 404


@pytest.mark.parametrize(("query", "count"), [
    ("direction=north_south", 1), ("direction=south_south", 1), ("direction=north_north", 0),
    ("innovation=sechoir", 1), ("country=cm", 2), ("origin_country=SN", 1),
    ("city=yaounde", 2), ("progress=in_progress", 2),
])
def test_adaptation_filters(client, world, query, count):
    assert client.get(f"/api/v1/adaptations/?{query}").json()["count"] == count


@pytest.mark.parametrize(("query", "count"), [
    ("licence=MIT", 1), ("country=fr", 1), ("theme=social", 1), ("city=dakar", 1),
    ("licence=MIT&licence=CERN-OHL-W-2.0", 2),
])
def test_innovation_filters(client, world, query, count):
    assert client.get(f"/api/v1/innovations/?{query}").json()["count"] == count


@pytest.mark.parametrize(("url", "field"), [
    ("/api/v1/adaptations/?direction=east_west", "direction"),
    ("/api/v1/adaptations/?innovation=secret", "innovation"),
    ("/api/v1/innovations/?licence=WTFPL", "licence"),
    ("/api/v1/innovations/?country=ZZ", "country"),
    ("/api/v1/innovations/?q=%00", "q"),
])
def test_bad_filters_are_400_with_the_field(client, world, url, field):
    response = client.get(url)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_query_counts_are_constant(client, world, django_assert_max_num_queries):
    for _ in range(10):
        innovation = InnovationFactory(city=world["rennes"],
                                       themes=[world["hand"].themes.first()])
        AdaptationFactory(innovation=innovation, actor=ActorFactory(city=world["dakar"]))
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/innovations/").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/adaptations/").status_code == 200


def test_schema_documents_the_forge(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    adaptations = schema["paths"]["/api/v1/adaptations/"]["get"]
    names = {parameter["name"] for parameter in adaptations["parameters"]}
    assert {"direction", "innovation", "country", "origin_country", "page"} <= names
    direction = schema["components"]["schemas"]["Adaptation"]["properties"]["direction"]
    assert direction


def test_organisations_that_are_not_published_are_not_named(client, world):
    from actors.models import Actor

    hidden = ActorFactory(city=world["rennes"], slug="en-attente", name="Atelier caché",
                          status=Actor.Status.PENDING)
    world["hand"].actors.add(hidden)
    Actor.objects.filter(slug="aniac").update(status=Actor.Status.ARCHIVED)
    assert client.get("/api/v1/innovations/main/").json()["actors"] == ["mhk"]
    rows = client.get("/api/v1/adaptations/?innovation=main").json()["results"]
    assert [row["actor"] for row in rows] == [None]
    data = client.get("/innovations/main/map.json").json()
    assert [row["actor"] for row in data["adaptations"]] == [""]
    page = client.get("/innovations/main/").content.decode()
    assert hidden.get_absolute_url() not in page


def test_the_catalogue_names_only_published_organisations(client, world):
    from actors.models import Actor

    world["hand"].actors.add(ActorFactory(city=world["rennes"], name="Atelier caché",
                                          status=Actor.Status.PENDING))
    page = client.get("/innovations/").content.decode()
    assert world["hand"].title in page and "Atelier caché" not in page
