# ruff: noqa: F811 - the fixtures imported from import_helpers are test arguments
"""City and country matching of imported records."""

import pytest

from cities.models import City, Country
from imports.places import PlaceResolver, place_key
from imports.report import ImportReport
from tests.factories import CityFactory
from tests.imports.import_helpers import places  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("spelling", "key"),
    [("CLERMONT-FERRAND", "clermont ferrand"), ("Clermont  Ferrand", "clermont ferrand"),
     ("St-Louis", "saint louis"), ("Yaoundé", "yaounde"), ("L’Haÿ-les-Roses", "l hay les roses")],
)
def test_place_keys(spelling, key):
    assert place_key(spelling) == key


def resolver():
    return PlaceResolver(mapping_countries={"belgique": "BE"}, report=ImportReport())


def test_cities_match_by_name_spelling_and_country(places):
    found = resolver()
    be = Country.objects.get(code="BE")
    fr = Country.objects.get(code="FR")
    assert found.find_city("Brussels", be) == places["bruxelles"]
    assert found.find_city("BRUXELLES", be) == places["bruxelles"]
    assert found.find_city("Liege", be) == places["liege"]
    assert found.find_city("clermont-ferrand", fr) == places["clermont"]
    assert found.find_city("Bruxelles", fr) is None  # same name, other country


def test_a_city_name_wins_over_another_citys_alternate_spelling(places):
    be = Country.objects.get(code="BE")
    other = CityFactory(name="Brussel", slug="brussel", country=be)
    assert resolver().find_city("Brussel", be) == other


def test_countries_by_code_name_alias_and_mapping(places):
    found = resolver()
    assert found.country("be").code == "BE"
    assert found.country("BEL").code == "BE"
    assert found.country("Belgium").code == "BE"
    assert found.country("Belgique").code == "BE"  # from the mapping
    assert found.country("Cameroon").code == "CM"
    assert found.country("Atlantis") is None
    assert found.country("DE") is None  # not among our countries


def test_created_city_is_a_non_member_at_the_records_place(places):
    report = ImportReport()
    found = PlaceResolver(mapping_countries={}, report=report)
    sn = Country.objects.get(code="SN")
    city = found.create_city(name=" Ziguinchor ", country=sn, latitude=12.5833333,
                             longitude=-16.2719)
    assert (city.name, city.slug, city.is_aimf_member) == ("Ziguinchor", "ziguinchor", False)
    assert (city.latitude, city.longitude) == (12.58333, -16.2719)
    assert found.find_city("ZIGUINCHOR", sn) == city  # later records match it
    assert report.cities_created == ["Ziguinchor (SN)"]
    # A name taken in another country gets a distinct slug.
    fr = Country.objects.get(code="FR")
    twin = found.create_city(name="Dakar", country=fr, latitude=45.0, longitude=1.0)
    assert twin.slug == "dakar-fr" and City.objects.filter(name="Dakar").count() == 2
