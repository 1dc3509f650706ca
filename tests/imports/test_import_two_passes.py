# ruff: noqa: F811 - the fixtures imported from import_helpers are test arguments
"""Every record judged before any is written: rejected records create no city, the order
of rows never matters, the dry run says what the real run does, a second run is a no-op."""

import pytest

from actors.models import Actor, LocationPrecision
from cities.models import City
from tests.imports.import_helpers import FIXTURES, english, places, run, snapshot  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_run_where_nothing_could_be_imported_creates_no_city(places, english):
    cities = City.objects.count()
    output = run(FIXTURES / "orphans.csv", "--source", "partner", expect_error=True)
    assert "0 created, 0 updated, 0 unchanged, 0 skipped, 3 rejected." in output
    assert output.endswith("Nothing could be imported.")
    assert "New cities" not in output
    assert City.objects.count() == cities
    assert not City.objects.filter(name__in=["Ziguinchor", "Kaolack", "Louga"]).exists()


def test_a_rejected_record_leaves_no_city_behind_next_to_accepted_ones(
        places, english, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(
        "name,kind,city,country,latitude,longitude\n"
        "Lab Kolda,fablab,Kolda,SN,12.8833,-14.95\n"
        "Lab Matam,Space station,Matam,SN,15.6559,-13.2554\n",
        encoding="utf-8")
    for dry_run in (["--dry-run"], []):
        output = run(path, "--source", "partner", *dry_run)
        assert "1 created, 0 updated, 0 unchanged, 0 skipped, 1 rejected." in output
        assert "New cities (not AIMF members): Kolda (SN)" in output
        assert "Matam" not in output.split("rejected")[0]
    assert City.objects.filter(name="Kolda").exists()
    assert not City.objects.filter(name="Matam").exists()
    # Every city the import created has an actor.
    assert not City.objects.filter(actors__isnull=True, is_aimf_member=False).exclude(
        pk__in=[city.pk for city in places.values()]).exists()


def test_a_city_created_by_a_later_row_places_the_earlier_rows(places, english):
    output = run(FIXTURES / "row_order.csv", "--source", "partner")
    assert "4 created, 0 updated, 0 unchanged, 0 skipped, 1 rejected." in output
    assert "rejected line 6 (Lab perdu): " in output  # no such place, no point
    assert not City.objects.filter(name="Atlantis").exists()
    ziguinchor = City.objects.get(name="Ziguinchor")  # the spelling of the row with a point
    without, with_point = (Actor.objects.get(external_id=key) for key in ("ro-1", "ro-3"))
    assert without.city == with_point.city == ziguinchor
    assert (without.latitude, without.longitude, without.location_precision) == (
        ziguinchor.latitude, ziguinchor.longitude, LocationPrecision.CITY)
    assert Actor.objects.get(external_id="ro-2").city.name == "Kaolack"
    # The report reads in the file's order.
    lines = [line for line in output.splitlines() if line.startswith(("rejected", "note"))]
    assert lines == sorted(lines, key=lambda line: int(line.split()[2]))


def test_the_dry_run_reports_exactly_what_the_real_run_does(places, english):
    before = snapshot()
    dry = run(FIXTURES / "row_order.csv", "--source", "partner", "--dry-run")
    assert "4 created, 0 updated, 0 unchanged, 0 skipped, 1 rejected." in dry
    assert snapshot() == before
    real = run(FIXTURES / "row_order.csv", "--source", "partner")
    assert dry.removeprefix("Dry run, nothing was saved: ") == real


def test_a_second_run_of_the_same_file_changes_nothing(places, english):
    run(FIXTURES / "row_order.csv", "--source", "partner")
    before = snapshot()
    output = run(FIXTURES / "row_order.csv", "--source", "partner")
    assert "0 created, 0 updated, 4 unchanged, 0 skipped, 1 rejected." in output
    assert "New cities" not in output
    assert snapshot() == before
