"""manage.py tidy_cities: cities attached to the gazetteer, spelling duplicates merged."""

import io

import pytest
from django.core.management import call_command

from actors.models import Actor
from cities.models import City, CitySlugRedirect, Country
from tests.factories import ActorFactory, CityFactory, CommitmentFactory, CountryFactory

pytestmark = pytest.mark.django_db

HAVRE = 3003796


def tidy(*args) -> str:
    out = io.StringIO()
    call_command("tidy_cities", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def messy():
    """Cities as free-text imports left them: three spellings of Le Havre (one of them
    attached to the gazetteer), a lower-case Toulouse, and a place nobody knows."""
    fr = CountryFactory(code="FR", region=Country.Region.WESTERN_EUROPE, is_global_south=False)
    cities = {
        "havre": CityFactory(name="Le Havre", slug="le-havre", country=fr, latitude=49.49346,
                             longitude=0.10785, geonames_id=HAVRE, is_aimf_member=False),
        "le_havre": CityFactory(name="Havre (Le)", slug="havre-le", country=fr,
                                latitude=49.4901, longitude=0.1031, is_aimf_member=False),
        "lehavre": CityFactory(name="Le havre", slug="le-havre-2", country=fr,
                               latitude=49.494, longitude=0.108, is_aimf_member=False),
        "toulouse": CityFactory(name="toulouse", slug="toulouse-x", country=fr,
                                latitude=43.6, longitude=1.44, is_aimf_member=False),
        "nowhere": CityFactory(name="Atlantide", slug="atlantide", country=fr,
                               latitude=46.0, longitude=-20.0, is_aimf_member=False),
    }
    cities["actors"] = [ActorFactory(city=cities["le_havre"], name="Fablab du Havre"),
                        ActorFactory(city=cities["lehavre"], name="Le Havre Lab"),
                        ActorFactory(city=cities["toulouse"], name="Lab Toulouse")]
    # A summit in the (misspelt) city too: summits, people, commitments move like actors.
    cities["commitment"] = CommitmentFactory(workshop__summit__city=cities["lehavre"])
    cities["commitment"].cities.set([cities["lehavre"]])
    return cities


def test_dry_run_reports_and_changes_nothing(messy):
    before = list(City.objects.order_by("pk").values_list("pk", "name", "slug", "geonames_id"))
    output = tidy("--dry-run")
    assert "merged Havre (Le) (havre-le, FR) into Le Havre (le-havre): moved 1 row" in output
    assert "Dry run, nothing changed: 1 attached to the gazetteer, 2 merged, 1 not found" \
        in output
    after = list(City.objects.order_by("pk").values_list("pk", "name", "slug", "geonames_id"))
    assert after == before and not CitySlugRedirect.objects.exists()


def test_duplicates_merge_into_the_attached_city_and_their_addresses_redirect(messy, client):
    output = tidy()
    havre = messy["havre"]
    assert set(Actor.objects.filter(city=havre).values_list("name", flat=True)) == {
        "Fablab du Havre", "Le Havre Lab"}
    assert not City.objects.filter(pk__in=[messy["le_havre"].pk, messy["lehavre"].pk]).exists()
    assert list(messy["commitment"].cities.all()) == [havre]
    assert messy["commitment"].workshop.summit.__class__.objects.get().city == havre
    havre.refresh_from_db()
    assert {"Havre (Le)", "Le havre"} <= set(havre.alternate_names)
    # History kept: the actor's move and the merged city's deletion are recorded.
    moved = Actor.objects.get(name="Le Havre Lab")
    assert moved.history.first().history_change_reason == "city Le havre merged into Le Havre"
    deleted = City.history.filter(id=messy["lehavre"].pk, history_type="-").get()
    assert deleted.history_change_reason.startswith("merged into Le Havre")
    response = client.get("/cities/le-havre-2/")
    assert response.status_code == 301 and response["Location"] == havre.get_absolute_url()
    # Toulouse attached, renamed to the gazetteer's spelling; its old address redirects.
    toulouse = City.objects.get(pk=messy["toulouse"].pk)
    assert (toulouse.name, toulouse.slug, toulouse.geonames_id) == ("Toulouse", "toulouse",
                                                                   2972315)
    assert "toulouse" in toulouse.alternate_names
    assert client.get("/cities/toulouse-x/")["Location"] == toulouse.get_absolute_url()
    assert "left Atlantide (FR, atlantide)" in output
    assert City.objects.get(pk=messy["nowhere"].pk).geonames_id is None
    assert client.get("/cities/nothing-here/").status_code == 404


def test_a_member_city_is_kept_over_an_attached_duplicate(messy):
    member = messy["le_havre"]
    City.objects.filter(pk=member.pk).update(is_aimf_member=True, name="Le Havre (membre)")
    tidy()
    member.refresh_from_db()
    assert member.geonames_id == HAVRE and member.name == "Le Havre (membre)"  # name kept
    assert Actor.objects.filter(city=member).count() == 2
    assert not City.objects.filter(pk=messy["havre"].pk).exists()


def test_a_second_run_does_nothing(messy):
    tidy()
    state = list(City.objects.order_by("pk").values_list("pk", "name", "slug", "geonames_id"))
    output = tidy()
    assert output.splitlines()[-1] == ("0 attached to the gazetteer, 0 merged, 1 not found "
                                       "in the gazetteer (left as they are).")
    assert list(City.objects.order_by("pk").values_list(
        "pk", "name", "slug", "geonames_id")) == state


def test_the_upgrade_migration_attaches_only_unambiguous_cities(messy):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("cities.migrations.0007_attach_cities_to_gazetteer")
    fr = messy["havre"].country
    many = CityFactory(name="Saint-Georges", slug="saint-georges", country=fr,
                       latitude=46.95, longitude=-1.29, is_aimf_member=False)
    migration.attach(apps, None)
    attached = dict(City.objects.values_list("slug", "geonames_id"))
    assert attached["toulouse-x"] == 2972315  # one Toulouse in France, 1 km away
    assert attached["saint-georges"] is None and many.geonames_id is None  # dozens of them
    assert attached["havre-le"] is None  # its place already has a city: left to tidy_cities
    assert attached["atlantide"] is None
