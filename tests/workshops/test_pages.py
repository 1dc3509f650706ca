"""Summit, workshop, speakers' directory and action plan pages: content, filters, queries."""

import datetime
import json
import re

import pytest
from django.utils.html import escape

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
from workshops.models import Commitment, Workshop

pytestmark = pytest.mark.django_db


def places(html: str, element_id: str) -> list[dict]:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>',
                      html, re.S)
    return json.loads(match.group(1))["places"]


@pytest.fixture
def summit():
    summit = SummitFactory(name="Sommet de test", slug="test-2021",
                           start_date=datetime.date(2021, 11, 2),
                           end_date=datetime.date(2021, 11, 4))
    venue = {"venue": "Hôtel de Ligne", "venue_address": "Rue Royale 72",
             "venue_latitude": 50.8486, "venue_longitude": 4.3644}
    WorkshopFactory(summit=summit, slug="jour-2-matin", title="Deuxième jour",
                    date=datetime.date(2021, 11, 3), start_time=datetime.time(9, 0),
                    end_time=datetime.time(10, 30), format=Workshop.Format.VIDEOCONFERENCE,
                    **venue)
    WorkshopFactory(summit=summit, slug="jour-1", title="Premier jour",
                    date=datetime.date(2021, 11, 2), start_time=datetime.time(14, 0), **venue)
    WorkshopFactory(summit=summit, slug="sans-date", title="Atelier sans date", date=None)
    return summit


def test_summit_page_shows_the_programme_by_day_with_times(client, summit):
    html = client.get("/summits/test-2021/").content.decode()
    first, second, undated = (html.index(text) for text in (
        "Premier jour", "Deuxième jour", "Atelier sans date"))
    assert first < second < undated
    assert "mardi 2 novembre 2021" in html and "mercredi 3 novembre 2021" in html
    assert "09:00–10:30" in html and "14:00" in html
    assert "En visioconférence" in html
    assert 'href="/summits/test-2021/calendar.ics"' in html
    assert 'href="/workshops/jour-1/calendar.ics"' in html
    assert 'href="/workshops/sans-date/calendar.ics"' not in html


def test_summit_page_maps_each_venue_once(client, summit):
    html = client.get("/summits/test-2021/").content.decode()
    assert places(html, "summit-map-places") == [{
        "lat": 50.8486, "lon": 4.3644, "name": "Hôtel de Ligne", "detail": "Rue Royale 72",
        "kind": "venue"}]
    assert 'data-map="places"' in html and "js/map/small" in html
    assert "leaflet.js" not in html  # a light page: the small still map needs no Leaflet


def test_summit_without_venue_coordinates_has_no_map(client):
    WorkshopFactory(summit=SummitFactory(slug="sans-lieu"))
    html = client.get("/summits/sans-lieu/").content.decode()
    assert 'data-map="places"' not in html and "js/map/small" not in html


def test_summit_list_links_calendars(client, summit):
    html = client.get("/workshops/").content.decode()
    assert "Sommet de test" in html and 'href="/summits/test-2021/calendar.ics"' in html
    assert 'href="/workshops/jour-1/calendar.ics"' in html


def test_workshop_page_people_by_role_organisations_on_the_map_and_outcomes(client):
    city = CityFactory(name="Rennes", latitude=48.11, longitude=-1.68)
    actor = ActorFactory(name="My Human Kit", city=city, latitude=48.11, longitude=-1.68)
    hidden = ActorFactory(name="Pending org", status="pending")
    workshop = WorkshopFactory(slug="atelier", guiding_question="Quels leviers ?",
                               venue="Hôtel de Ligne", venue_latitude=50.8,
                               venue_longitude=4.3)
    ParticipationFactory(workshop=workshop, role="chair",
                         person=PersonFactory(name="La Présidente"))
    ParticipationFactory(workshop=workshop, role="moderator",
                         person=PersonFactory(name="Le Modérateur"))
    ParticipationFactory(workshop=workshop, person=PersonFactory(name="Charlie", actor=actor))
    ParticipationFactory(workshop=workshop, person=PersonFactory(name="X", actor=hidden,
                                                                 organisation="Pending org"))
    recommendation = RecommendationFactory(workshop=workshop, text="Soutenir les fablabs.")
    commitment = CommitmentFactory(workshop=workshop, recommendation=recommendation,
                                   title="Cartographier les acteurs", status="in_progress")
    html = client.get("/workshops/atelier/").content.decode()
    assert "Quels leviers ?" in html
    assert html.index("La Présidente") < html.index("Le Modérateur") < html.index("Charlie")
    assert f'href="{actor.get_absolute_url()}"' in html
    assert hidden.get_absolute_url() not in html
    mapped = places(html, "workshop-map-places")
    assert [place["name"] for place in mapped] == ["Hôtel de Ligne", "My Human Kit"]
    assert mapped[1]["url"] == actor.get_absolute_url()
    assert "Soutenir les fablabs." in html and f'id="recommendation-{recommendation.pk}"' in html
    assert f'href="{commitment.get_absolute_url()}"' in html
    assert 'class="status status-in_progress"' in html
    assert 'href="/action-plan/?workshop=atelier"' in html


def test_workshop_page_says_when_there_is_no_outcome(client):
    WorkshopFactory(slug="vide", date=None)
    html = client.get("/workshops/vide/").content.decode()
    assert "Date non communiquée" in html
    assert "calendar.ics" not in html


@pytest.mark.parametrize("path", [
    "/summits/nope/", "/workshops/nope/", "/people/nope/", "/action-plan/nope/",
    "/summits/nope/calendar.ics", "/workshops/nope/calendar.ics",
])
def test_unknown_slugs_are_404(client, path):
    assert client.get(path).status_code == 404


def test_people_directory_filters_by_role_summit_and_search(client, summit):
    other = WorkshopFactory()
    ParticipationFactory(workshop=summit.workshops.first(), role="chair",
                         person=PersonFactory(name="Élodie Présidente", title="Maire"))
    ParticipationFactory(workshop=other, person=PersonFactory(name="Autre Intervenant",
                                                              organisation="Simplon.co"))
    html = client.get("/people/").content.decode()
    assert "Élodie Présidente" in html and "Autre Intervenant" in html
    html = client.get("/people/", {"role": "chair"}).content.decode()
    assert "Élodie Présidente" in html and "Autre Intervenant" not in html
    html = client.get("/people/", {"summit": other.summit.slug}).content.decode()
    assert "Élodie Présidente" not in html and "Autre Intervenant" in html
    html = client.get("/people/", {"q": "elodie"}).content.decode()  # accents ignored
    assert "Élodie Présidente" in html and "Autre Intervenant" not in html
    html = client.get("/people/", {"q": "SIMPLON"}).content.decode()
    assert "Autre Intervenant" in html and "Élodie" not in html


def test_people_directory_shows_no_contact_details(client):
    person = PersonFactory(name="Public Figure", title="Maire", organisation="Ville")
    ParticipationFactory(person=person)
    html = client.get("/people/").content.decode()
    assert "mailto:" not in html and "tel:" not in html
    assert "Public Figure" in html and "Maire" in html and "Ville" in html


def test_people_directory_is_paginated(client):
    workshop = WorkshopFactory()
    for index in range(51):
        ParticipationFactory(workshop=workshop, person=PersonFactory(name=f"P{index:03}"))
    first = client.get("/people/").content.decode()
    assert "P049" in first and "P050" not in first and 'rel="next"' in first
    assert "P050" in client.get("/people/", {"page": 2}).content.decode()
    assert client.get("/people/", {"page": 99}).status_code == 404


@pytest.mark.parametrize("params", [
    {"role": "emperor"}, {"summit": "nope"}, {"q": "a\x00b"}, {"summit": "\x00"},
    {"page": "abc"}, {"page": "9" * 30}, {"role": ["chair", "x"]}, {"q": "x" * 5000},
])
def test_people_directory_never_fails_on_bad_input(client, params):
    response = client.get("/people/", params)
    # 400: refused before the view (cities.middleware).
    assert response.status_code in (200, 400, 404)


@pytest.fixture
def plan():
    douala = CityFactory(name="Douala", slug="douala", country=CountryFactory(code="CM"))
    liege = CityFactory(name="Liège", slug="liege", country=CountryFactory(
        code="BE", region=Country.Region.WESTERN_EUROPE, is_global_south=False))
    cyber = ThemeFactory(slug="cybersecurity", name_fr="Cybersécurité")
    social = ThemeFactory(slug="social", name_fr="Social")
    workshop = WorkshopFactory(slug="souverainete", title="Souveraineté")
    CommitmentFactory(title="Protéger les données", slug="donnees", workshop=workshop,
                      themes=[cyber], cities=[douala, liege], status="adopted")
    CommitmentFactory(title="Soutenir les fablabs", slug="fablabs", themes=[social],
                      cities=[liege], status="done")
    CommitmentFactory(title="Former les agents", slug="former", workshop=workshop,
                      status="proposed")
    return workshop


def titles(html):
    return [title for title in ("Protéger les données", "Soutenir les fablabs",
                                "Former les agents") if title in html]


def test_action_plan_lists_commitments_with_status_counts(client, plan):
    response = client.get("/action-plan/")
    html = response.content.decode()
    assert titles(html) == ["Protéger les données", "Soutenir les fablabs", "Former les agents"]
    counts = {value: count for value, _label, count in response.context["status_counts"]}
    assert counts == {"proposed": 1, "adopted": 1, "in_progress": 0, "done": 1}
    assert "<caption>" in html and 'scope="col"' in html
    assert 'href="/cities/douala/"' in html


@pytest.mark.parametrize(("params", "expected"), [
    ({"status": "adopted"}, ["Protéger les données"]),
    ({"status": ["adopted", "done"]}, ["Protéger les données", "Soutenir les fablabs"]),
    ({"theme": "social"}, ["Soutenir les fablabs"]),
    ({"city": "liege"}, ["Protéger les données", "Soutenir les fablabs"]),
    ({"country": "cm"}, ["Protéger les données"]),
    ({"workshop": "souverainete"}, ["Protéger les données", "Former les agents"]),
    ({"q": "fablabs"}, ["Soutenir les fablabs"]),
    ({"status": "", "theme": "", "city": ""}, ["Protéger les données", "Soutenir les fablabs",
                                               "Former les agents"]),
])
def test_action_plan_filters(client, plan, params, expected):
    response = client.get("/action-plan/", params)
    assert titles(response.content.decode()) == expected


def test_action_plan_filter_by_summit_and_counts_follow_filters(client, plan):
    response = client.get("/action-plan/", {"summit": plan.summit.slug})
    assert titles(response.content.decode()) == ["Protéger les données", "Former les agents"]
    counts = {value: count for value, _label, count in response.context["status_counts"]}
    assert counts == {"proposed": 1, "adopted": 1, "in_progress": 0, "done": 0}


@pytest.mark.parametrize("params", [
    {"status": "finished"}, {"theme": "nope"}, {"city": "\x00"}, {"country": "ZZ"},
    {"summit": "9" * 40}, {"q": "\x00"}, {"page": "-1"}, {"workshop": "\x00"},
])
def test_action_plan_bad_filters_give_a_message_never_a_500(client, plan, params):
    response = client.get("/action-plan/", params)
    # 400: refused before the view (cities.middleware).
    assert response.status_code in (200, 400, 404)
    if response.status_code == 200 and "page" not in params and "workshop" not in params \
            and "q" not in params:
        assert 'role="alert"' in response.content.decode()


def test_commitment_page_shows_links_and_public_status_history(client, plan):
    commitment = Commitment.objects.get(slug="donnees")
    commitment.status = Commitment.Status.IN_PROGRESS
    commitment.save()
    commitment.description = "Sans changement de statut."
    commitment.save()
    html = client.get("/action-plan/donnees/").content.decode()
    assert f'href="{plan.get_absolute_url()}"' in html
    assert 'href="/cities/douala/"' in html and 'href="/action-plan/?theme=cybersecurity"' in html
    history = html[html.index("<tbody>"):]
    labels = [str(label) for label in (Commitment.Status.ADOPTED.label,
                                       Commitment.Status.IN_PROGRESS.label)]
    assert history.index(labels[0]) < history.index(labels[1])
    assert history.count("<tr>") == 2  # the description change is not a status change


def test_english_pages(client, plan):
    html = client.get("/en/action-plan/").content.decode()
    assert "AIMF action plan" in html and "Adopted" in html
    assert client.get("/en/people/").status_code == 200


def test_page_query_counts_stay_constant(client, django_assert_max_num_queries, demo_data):
    # More rows must not mean more queries: add people, commitments and cities.
    workshop = Workshop.objects.get(slug="namur-2021-villes-et-acteurs-de-linnovation")
    for index in range(5):
        ParticipationFactory(workshop=workshop,
                             person=PersonFactory(actor=ActorFactory(), name=f"Extra {index}"))
        CommitmentFactory(workshop=workshop, themes=[ThemeFactory()],
                          cities=[CityFactory(), CityFactory()])
    pages = {
        "/workshops/": 2,
        "/summits/namur-2021/": 4,
        f"/workshops/{workshop.slug}/": 6,
        "/people/": 4,
        # A ranked search: the name matches, then the others (cities/search.py).
        "/people/?role=speaker&summit=namur-2021&q=a": 7,
        "/action-plan/": 9,
        "/action-plan/?status=proposed&theme=social": 10,
        "/people/charlie-dreano/": 2,
        "/action-plan/plateforme-innovations-locales/": 5,
    }
    for path, limit in pages.items():
        with django_assert_max_num_queries(limit):
            assert client.get(path).status_code == 200, path


def test_names_are_escaped(client):
    WorkshopFactory(slug="xss", title="<script>alert(1)</script>",
                    venue="<b>v</b>", venue_latitude=1, venue_longitude=1)
    html = client.get("/workshops/xss/").content.decode()
    assert "<script>alert(1)</script>" not in html and escape("<script>") in html
