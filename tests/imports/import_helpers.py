"""Places, taxonomy and helpers shared by the import tests."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from actors.models import Actor
from actors.services import load_taxonomy
from cities.models import City, Country
from tests.factories import CityFactory, CountryFactory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"


@pytest.fixture
def places(db):
    """Belgium, France, Cameroon and Senegal with a few member cities; the taxonomy."""
    load_taxonomy()
    be = CountryFactory(code="BE", region=Country.Region.WESTERN_EUROPE, is_global_south=False)
    fr = CountryFactory(code="FR", region=Country.Region.WESTERN_EUROPE, is_global_south=False)
    cm = CountryFactory(code="CM")
    sn = CountryFactory(code="SN", region=Country.Region.WESTERN_AFRICA)
    return {
        "bruxelles": CityFactory(name="Bruxelles", slug="bruxelles", country=be,
                                 latitude=50.85045, longitude=4.34878,
                                 alternate_names=["Brussels", "Brussel"]),
        "liege": CityFactory(name="Liège", slug="liege", country=be, latitude=50.63373,
                             longitude=5.56749, alternate_names=["Luik"]),
        "clermont": CityFactory(name="Clermont-Ferrand", slug="clermont-ferrand", country=fr,
                                latitude=45.77969, longitude=3.08682),
        "yaounde": CityFactory(name="Yaoundé", slug="yaounde", country=cm, latitude=3.86667,
                               longitude=11.51667),
        "dakar": CityFactory(name="Dakar", slug="dakar", country=sn, latitude=14.6937,
                             longitude=-17.44406),
        "saint_louis": CityFactory(name="Saint-Louis", slug="saint-louis", country=sn,
                                   latitude=16.01793, longitude=-16.48962),
    }


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def run(path, *args, expect_error=False):
    """call_command("import_actors") -> its output (and the error's text if it failed)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_actors", str(path), *args, stdout=out, stderr=err)
    except Exception as error:  # CommandError: the test checks the message
        if not expect_error:
            raise
        return out.getvalue() + str(error)
    return out.getvalue()


def snapshot():
    return (Actor.objects.count(), Actor.history.count(), City.objects.count(),
            City.history.count(), Actor.themes.through.objects.count())
