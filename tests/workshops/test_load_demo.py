"""The demo data: real places, the African Tech Hubs, and the 2021 Namur summit."""

import io

import pytest
from django.core.management import call_command
from django.db import models

from actors.models import Actor, ActorKind, Theme
from actors.services import TECH_HUBS_SOURCE
from cities.gazetteer.matching import match_place
from cities.models import City, Country
from cities.services import create_cities_from_places, find_city
from workshops.models import (
    Commitment,
    Participation,
    Person,
    Recommendation,
    Summit,
    Workshop,
)

pytestmark = pytest.mark.django_db

MODELS = [Country, City, ActorKind, Theme, Actor, Summit, Workshop, Person, Participation,
          Recommendation, Commitment]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_load_demo_is_idempotent(demo_data):
    first = counts()
    history = Actor.history.count()
    commitment_history = Commitment.history.count()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == first
    assert Actor.history.count() == history  # nothing changed, so no new history rows
    assert "Actors: 131 unchanged" in out.getvalue()
    assert "Commitments: 7 unchanged" in out.getvalue()
    assert Commitment.history.count() == commitment_history


def test_demo_has_the_promised_scale(demo_data):
    members = City.objects.members()
    assert members.count() >= 80
    assert members.values("country").distinct().count() >= 30
    assert Actor.objects.published().count() >= 50
    assert ActorKind.objects.count() >= 14 and Theme.objects.count() >= 15


def test_reference_cities_carry_geonames_data(demo_data):
    namur = City.objects.get(name="Namur", country__code="BE")
    assert namur.is_aimf_member and namur.geonames_id == 2790471
    assert (round(namur.latitude, 2), round(namur.longitude, 2)) == (50.47, 4.87)
    assert namur.population > 100000
    brussels = City.objects.get(country__code="BE", name="Bruxelles")
    assert "Brussels" in brussels.alternate_names
    assert Country.objects.get(code="BE").is_global_south is False
    assert Country.objects.get(code="SN").region == Country.Region.WESTERN_AFRICA


def test_tech_hubs_keep_their_source_and_hide_contacts(demo_data):
    hubs = Actor.objects.filter(source=TECH_HUBS_SOURCE)
    assert hubs.count() == 131
    assert not hubs.exclude(city__country__in=Country.objects.with_member_cities()).exists()
    assert not hubs.filter(email_is_public=True).exists()
    assert hubs.exclude(email="").exists()  # kept for moderators, not shown
    kinds = set(hubs.values_list("kind__slug", flat=True))
    assert {"tech-hub", "research-lab", "incubator"} <= kinds
    assert hubs.filter(city__name="Yaoundé").exists()


def test_summit_2021_has_its_workshops_and_speakers(demo_data):
    summit = Summit.objects.get(slug="namur-2021")
    assert summit.city.name == "Namur"
    # The opening session, the five themed workshops, the innovation workshop, the dialogue
    # with funders and the round table of 4 November.
    assert summit.workshops.count() == 9
    innovation = summit.workshops.get(slug="namur-2021-villes-et-acteurs-de-linnovation")
    assert str(innovation.date) == "2021-11-03"
    assert innovation.venue_address == "Rue Royale 72, 1000 Bruxelles"
    roles = dict(
        innovation.participations.exclude(role="speaker").values_list("role", "person__name")
    )
    assert roles == {"chair": "Marguerite Dissake Ekoka", "moderator": "Philippe Archias"}
    assert innovation.participations.filter(role="speaker").count() == 8
    dreano = Person.objects.get(slug="charlie-dreano")
    assert dreano.actor.name == "My Human Kit" and dreano.actor.city.name == "Rennes"
    for name in ["Simplon.co", "ReffaO", "LABSud", "Social Good Accelerator"]:
        assert Actor.objects.published().filter(name__contains=name).exists(), name


def test_cities_match_without_accents_and_by_other_spellings(demo_data):
    cameroon = Country.objects.get(code="CM")
    assert find_city(name="YAOUNDE", country=cameroon).name == "Yaoundé"
    belgium = Country.objects.get(code="BE")
    assert find_city(name="Brussels", country=belgium).name == "Bruxelles"
    assert find_city(name="Yaoundé", country=belgium) is None


def test_unknown_city_is_created_as_non_member_never_attached_elsewhere(demo_data):
    cameroon = Country.objects.get(code="CM")
    assert find_city(name="Kribi", country=cameroon) is None
    place = match_place(name="Kribi", country="CM", latitude=None, longitude=None).place
    [city] = create_cities_from_places([(place, cameroon)])
    assert (city.name, city.is_aimf_member, city.slug) == ("Kribi", False, "kribi")
    assert find_city(name="KRIBI", country=cameroon) == city


def test_summit_2021_outcomes_are_linked_to_their_workshops(demo_data):
    summit = Summit.objects.get(slug="namur-2021")
    assert Recommendation.objects.filter(workshop__summit=summit).count() == 12
    commitments = Commitment.objects.of_summit(summit)
    assert commitments.count() == 7
    platform = commitments.get(slug="plateforme-innovations-locales")
    assert platform.status == Commitment.Status.IN_PROGRESS
    assert platform.workshop.slug == "namur-2021-dialogue-financement-innovation"
    assert platform.recommendation.workshop == platform.workshop
    assert set(platform.themes.values_list("slug", flat=True)) == {"economic", "social"}
    assert not commitments.exclude(recommendation__workshop=models.F("workshop")).exists()
    round_table = summit.workshops.get(
        slug="namur-2021-table-ronde-ministres-maires-parlementaires")
    assert str(round_table.date) == "2021-11-04" and round_table.venue == "Namur"
    assert not round_table.has_venue_point


def test_reloading_the_demo_keeps_the_status_staff_set(demo_data):
    commitment = Commitment.objects.get(slug="protection-donnees-cybersecurite")
    commitment.status = Commitment.Status.ADOPTED
    commitment.save()
    call_command("load_demo", stdout=io.StringIO())
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.ADOPTED
