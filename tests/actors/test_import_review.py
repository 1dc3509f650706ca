# ruff: noqa: F811 - the fixtures imported from import_helpers are test arguments
"""Records and files the importer must survive: non-Latin names, nested documents,
implausible coordinates, junk city names; mapping values it must refuse."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError

from actors.importers.records import record_key
from actors.models import Actor, LocationPrecision
from cities.models import City, Country
from tests.actors.import_helpers import FIXTURES, english, places, run, snapshot  # noqa: F401
from tests.factories import CountryFactory

pytestmark = pytest.mark.django_db

TEMPLATE = FIXTURES / "template.csv"
HEADER = "name,kind,city,country,latitude,longitude\n"


def csv_file(tmp_path, rows, name="file.csv", header=HEADER):
    path = tmp_path / name
    path.write_text(header + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


# --- 1. records without an identifier whose name has no Latin letter -------------------

def test_names_in_other_scripts_get_distinct_stable_keys(places, english, tmp_path):
    CountryFactory(code="MA", region=Country.Region.NORTHERN_AFRICA)
    path = csv_file(tmp_path, [
        "مختبر,fablab,الرباط,MA,34.02,-6.84",
        "مختبر الابتكار,fablab,الرباط,MA,34.02,-6.84",
        "创新实验室,fablab,Dakar,SN,,",
    ])
    output = run(path, "--source", "partner")
    assert "3 created, 0 updated, 0 unchanged, 0 skipped, 0 rejected." in output
    keys = set(Actor.objects.values_list("external_id", flat=True))
    assert keys == {"مختبر-الرباط", "مختبر-الابتكار-الرباط", "创新实验室-dakar"}
    assert "0 created, 0 updated, 3 unchanged" in run(path, "--source", "partner")


def test_record_keys_of_latin_names_are_unchanged_and_never_empty():
    assert record_key("Lab Un", "Dakar") == "lab-un-dakar"
    assert record_key("Fab Lab Ørsted", "Liège") == "fab-lab-rsted-liege"
    assert record_key("★", "☆").startswith("sha1-")
    assert record_key("★", "☆") != record_key("✦", "☆")
