"""API of summits, workshops, people, recommendations and commitments."""

import datetime

import pytest

from cities.models import Country
from tests.factories import (
    ActorFactory,
    CityFactory,
    CommitmentFactory,
    CountryFactory,
    ParticipationFactory,
    PersonFactory,
    RecommendationFactory,
    SummitFactory,
    ThemeFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

PERSONAL = {"email", "phone", "e_mail", "telephone", "address", "user"}


def all_keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from all_keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from all_keys(item)


@pytest.fixture
def plan():
    douala = CityFactory(slug="douala", country=CountryFactory(code="CM"))
    liege = CityFactory(slug="liege", country=CountryFactory(
        code="BE", region=Country.Region.WESTERN_EUROPE, is_global_south=False))
    cyber, social = ThemeFactory(slug="cybersecurity"), ThemeFactory(slug="social")
    summit = SummitFactory(slug="namur")
    workshop = WorkshopFactory(summit=summit, slug="souverainete",
                               start_time=datetime.time(9, 0), end_time=datetime.time(11, 0))
    recommendation = RecommendationFactory(workshop=workshop, text="Protéger les données.")
    CommitmentFactory(slug="donnees", workshop=workshop, recommendation=recommendation,
                      themes=[cyber], cities=[douala, liege], status="adopted")
    CommitmentFactory(slug="fablabs", themes=[social], cities=[liege], status="done")
    CommitmentFactory(slug="former", workshop=workshop, status="proposed")
    return workshop


def slugs(response):
    assert response.status_code == 200, response.content
    return sorted(row["slug"] for row in response.json()["results"])


def test_commitment_list_and_detail(client, plan):
    body = client.get("/api/v1/commitments/").json()
    assert body["count"] == 3
    detail = client.get("/api/v1/commitments/donnees/").json()
    assert detail["status"] == "adopted" and detail["summit"] == "namur"
    assert detail["workshop"] == "souverainete" and detail["themes"] == ["cybersecurity"]
    assert sorted(detail["cities"]) == ["douala", "liege"]
    assert detail["recommendation"] == plan.recommendations.get().pk
    assert client.get(f"/api/v1/commitments/{detail['id']}/").json() == detail


@pytest.mark.parametrize(("params", "expected"), [
    ({"status": "adopted"}, ["donnees"]),
    ({"status": ["adopted", "done"]}, ["donnees", "fablabs"]),
    ({"theme": "social"}, ["fablabs"]),
    ({"city": "liege"}, ["donnees", "fablabs"]),
    ({"country": "cm"}, ["donnees"]),
    ({"country": "BE"}, ["donnees", "fablabs"]),
    ({"workshop": "souverainete"}, ["donnees", "former"]),
    ({"summit": "namur"}, ["donnees", "former"]),
    ({"summit": "namur", "status": "proposed"}, ["former"]),
])
def test_commitment_filters(client, plan, params, expected):
    assert slugs(client.get("/api/v1/commitments/", params)) == expected


@pytest.mark.parametrize(("params", "field"), [
    ({"status": "finished"}, "status"), ({"theme": "nope"}, "theme"),
    ({"city": "nope"}, "city"), ({"country": "ZZ"}, "country"), ({"summit": "nope"}, "summit"),
    ({"city": "a\x00"}, "city"), ({"page": "abc"}, None), ({"page_size": "9" * 30}, None),
])
def test_commitment_bad_filters_are_400_or_404_never_500(client, plan, params, field):
    response = client.get("/api/v1/commitments/", params)
    assert response.status_code < 500
    if field:
        assert response.status_code == 400 and field in response.json()["errors"]


def test_recommendations_by_id_with_their_commitments(client, plan):
    recommendation = plan.recommendations.get()
    body = client.get("/api/v1/recommendations/", {"workshop__slug": "souverainete"}).json()
    assert [row["id"] for row in body["results"]] == [recommendation.pk]
    detail = client.get(f"/api/v1/recommendations/{recommendation.pk}/").json()
    assert detail == {"id": recommendation.pk, "workshop": "souverainete", "position": 0,
                      "text": "Protéger les données.", "commitments": ["donnees"]}
    for bad in ("abc", "9" * 30, "%00"):
        assert client.get(f"/api/v1/recommendations/{bad}/").status_code == 404


def test_workshop_carries_people_outcomes_and_local_times(client, plan):
    ParticipationFactory(workshop=plan, role="chair", person=PersonFactory(name="Présidente"))
    body = client.get("/api/v1/workshops/souverainete/").json()
    assert body["starts_at"] == "2021-11-03T08:00:00Z"  # 09:00 in Brussels, as UTC
    assert (body["date"], body["start_time"]) == ("2021-11-03", "09:00:00")
    assert body["participants"][0]["role"] == "chair"
    assert body["recommendations"] == [{"id": plan.recommendations.get().pk, "position": 0,
                                        "text": "Protéger les données."}]
    assert body["commitments"] == ["donnees", "former"]


def test_people_filters_and_no_personal_fields(client):
    summit = SummitFactory(slug="namur")
    ParticipationFactory(workshop=WorkshopFactory(summit=summit), role="chair",
                         person=PersonFactory(name="Élodie", slug="elodie",
                                              actor=ActorFactory()))
    ParticipationFactory(person=PersonFactory(name="Autre", slug="autre"))
    assert slugs(client.get("/api/v1/people/", {"role": "chair"})) == ["elodie"]
    assert slugs(client.get("/api/v1/people/", {"summit": "namur"})) == ["elodie"]
    assert slugs(client.get("/api/v1/people/", {"q": "elodie"})) == ["elodie"]
    assert client.get("/api/v1/people/", {"role": "king"}).status_code == 400
    body = client.get("/api/v1/people/").json()
    assert set(body["results"][0]) == {"id", "slug", "name", "title", "organisation", "actor"}
    for path in ("/api/v1/people/", "/api/v1/workshops/", "/api/v1/people/elodie/"):
        assert not PERSONAL & set(all_keys(client.get(path).json())), path


def test_api_list_query_counts_are_constant(client, django_assert_max_num_queries, plan):
    for _index in range(6):
        workshop = WorkshopFactory(summit=plan.summit)
        ParticipationFactory(workshop=workshop, person=PersonFactory(actor=ActorFactory()))
        recommendation = RecommendationFactory(workshop=workshop)
        CommitmentFactory(workshop=workshop, recommendation=recommendation,
                          themes=[ThemeFactory()], cities=[CityFactory()])
    limits = {"/api/v1/commitments/": 4, "/api/v1/commitments/?status=done&city=liege": 6,
              "/api/v1/recommendations/": 3, "/api/v1/workshops/": 6,
              "/api/v1/people/?role=speaker": 3, "/api/v1/summits/": 3}
    for path, limit in limits.items():
        with django_assert_max_num_queries(limit):
            assert client.get(path).status_code == 200, path


def test_schema_documents_the_action_plan_filters(client):
    import yaml

    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    parameters = {p["name"] for p in schema["paths"]["/api/v1/commitments/"]["get"]["parameters"]}
    assert {"status", "theme", "city", "country", "summit", "workshop", "page"} <= parameters
    people = {p["name"] for p in schema["paths"]["/api/v1/people/"]["get"]["parameters"]}
    assert {"q", "role", "summit"} <= people


def test_summits_and_workshops_link_their_calendar_files(client):
    dated = WorkshopFactory(slug="date", summit=SummitFactory(slug="namur"))
    WorkshopFactory(slug="sans-date", summit=dated.summit, date=None)
    summit = client.get("/api/v1/summits/namur/").json()
    assert summit["calendar"] == "http://testserver/summits/namur/calendar.ics"
    assert client.get("/api/v1/workshops/date/").json()["calendar"] == (
        "http://testserver/workshops/date/calendar.ics")
    assert client.get("/api/v1/workshops/sans-date/").json()["calendar"] is None
    assert client.get(summit["calendar"]).status_code == 200


def test_only_published_organisations_are_named(client):
    from actors.models import Actor

    shown = ActorFactory(slug="labsud")
    hidden = ActorFactory(slug="en-attente", status=Actor.Status.PENDING)
    visible = ParticipationFactory(person=PersonFactory(slug="awa", actor=shown))
    ParticipationFactory(workshop=visible.workshop, person=PersonFactory(slug="ben", actor=hidden))
    people = {row["slug"]: row["actor"] for row in client.get("/api/v1/people/").json()["results"]}
    assert people == {"awa": "labsud", "ben": None}
    assert client.get("/api/v1/people/ben/").json()["actor"] is None
    workshop = client.get(f"/api/v1/workshops/{visible.workshop.slug}/").json()
    assert {p["person"]["slug"]: p["person"]["actor"] for p in workshop["participants"]} == {
        "awa": "labsud", "ben": None}
    page = client.get(visible.workshop.get_absolute_url()).content.decode()
    assert shown.get_absolute_url() in page and hidden.get_absolute_url() not in page
    ben = visible.workshop.participations.get(person__slug="ben").person
    assert hidden.get_absolute_url() not in client.get(ben.get_absolute_url()).content.decode()
