"""Countries and cities: database constraints, validation messages and querysets."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from cities.models import City, Country
from cities.text import fold, unique_slug
from tests.factories import CityFactory, CountryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("latitude", "longitude"), [(91, 0), (-90.5, 0), (0, 180.01), (0, -181)]
)
def test_database_refuses_coordinates_off_the_globe(latitude, longitude):
    city = CityFactory()
    City.objects.filter(pk=city.pk).update(latitude=0, longitude=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        City.objects.filter(pk=city.pk).update(latitude=latitude, longitude=longitude)


def test_validation_explains_bad_latitude():
    city = CityFactory.build(country=CountryFactory(), latitude=91)
    with pytest.raises(ValidationError) as error:
        city.full_clean()
    assert "La latitude doit être comprise entre -90 et 90." in str(error.value)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        city.full_clean()
    assert "Latitude must be between -90 and 90." in str(error.value)


def test_duplicate_slug_is_refused_with_a_clear_error():
    CityFactory(slug="douala")
    duplicate = CityFactory.build(country=CountryFactory(), slug="douala", name="Douala bis")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "slug" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_empty_slug_is_refused_by_the_database():
    city = CityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        City.objects.filter(pk=city.pk).update(slug="")


def test_city_name_is_unique_per_country_only():
    cameroon = CountryFactory(code="CM")
    lebanon = CountryFactory(code="LB", region=Country.Region.WESTERN_ASIA)
    CityFactory(name="Tripoli", slug="tripoli", country=lebanon)
    CityFactory(name="Tripoli", slug="tripoli-cm", country=cameroon)  # another country: fine
    again = CityFactory.build(name="Tripoli", slug="tripoli-2", country=lebanon)
    with pytest.raises(ValidationError) as error:
        again.full_clean()
    assert "Ce pays compte déjà une ville portant ce nom." in str(error.value)


def test_region_must_be_a_known_value():
    with pytest.raises(IntegrityError), transaction.atomic():
        Country.objects.create(code="FR", region="atlantis", is_global_south=False)


def test_country_names_come_in_french_and_english():
    country = CountryFactory(code="CI")
    with translation.override("fr"):
        assert str(country) == "Côte d'Ivoire"
    with translation.override("en"):
        assert str(country) == "Côte d'Ivoire"
    germany = CountryFactory(code="DE", region=Country.Region.WESTERN_EUROPE,
                             is_global_south=False)
    with translation.override("fr"):
        assert str(germany) == "Allemagne"
    with translation.override("en"):
        assert str(germany) == "Germany"


def test_querysets_name_members_countries_and_regions():
    cameroon = CountryFactory(code="CM")
    belgium = CountryFactory(code="BE", region=Country.Region.WESTERN_EUROPE,
                             is_global_south=False)
    douala = CityFactory(name="Douala", country=cameroon, is_aimf_member=True)
    buea = CityFactory(name="Buéa", country=cameroon, is_aimf_member=False)
    namur = CityFactory(name="Namur", country=belgium, is_aimf_member=True)

    assert set(City.objects.members()) == {douala, namur}
    assert set(City.objects.in_country("cm")) == {douala, buea}
    assert set(City.objects.in_country(belgium).members()) == {namur}
    assert set(City.objects.in_region(Country.Region.CENTRAL_AFRICA)) == {douala, buea}
    assert set(Country.objects.global_south()) == {cameroon}
    assert set(Country.objects.global_north().with_member_cities()) == {belgium}


def test_fold_ignores_accents_case_and_spacing():
    assert fold("  YAOUNDÉ ") == fold("Yaounde") == "yaounde"
    assert fold("Coopérative") == "cooperative"


def test_unique_slug_prefers_the_short_form_then_the_country_then_numbers():
    CityFactory(slug="tripoli")
    assert unique_slug(City, "Tripoli", "Tripoli-LY") == "tripoli-ly"
    CityFactory(slug="tripoli-ly")
    assert unique_slug(City, "Tripoli", "Tripoli-LY") == "tripoli-2"
    assert unique_slug(City, "Saint-Louis") == "saint-louis"
