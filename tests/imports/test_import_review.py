# ruff: noqa: F811 - the fixtures imported from import_helpers are test arguments
"""Records and files the importer must survive: non-Latin names, nested documents,
implausible coordinates, junk city names; mapping values it must refuse."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.utils import translation

from actors.models import Actor, LocationPrecision
from cities.models import City, Country
from imports.records import record_key
from tests.factories import CountryFactory
from tests.imports.import_helpers import FIXTURES, english, places, run, snapshot  # noqa: F401

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


# --- 2. deeply nested documents ----------------------------------------------------------

def test_deeply_nested_json_and_yaml_fail_clearly(places, english, tmp_path):
    before = snapshot()
    nested = tmp_path / "nested.json"
    nested.write_text('{"labs": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(CommandError, match="nested too deeply. Nothing was imported"):
        run(nested, "--format", "fablabs", "--source", "partner")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("kinds: " + "[" * 100_000)
    with pytest.raises(CommandError, match="Cannot read the mapping file: its values are "
                                           "nested too deeply"):
        run(TEMPLATE, "--source", "partner", "--mapping", str(mapping))
    assert snapshot() == before


def test_deeply_nested_mapping_upload_is_a_400(staff_client, places, english):
    page = staff_client.post("/en/admin/actors/actor/import/", {
        "file": SimpleUploadedFile("template.csv", TEMPLATE.read_bytes()),
        "mapping": SimpleUploadedFile("mapping.json", b'{"kinds": ' + b"[" * 100_000),
        "format": "csv", "source": "partner", "closed": "archive",
    })
    assert page.status_code == 400
    assert "its values are nested too deeply" in page.content.decode()
    assert not Actor.objects.exists()


# --- 3. implausible coordinates -----------------------------------------------------------

def test_points_far_from_their_city_are_swapped_back_or_replaced_by_the_centre(
        places, english, tmp_path):
    path = csv_file(tmp_path, [
        "Lab Proche,fablab,Dakar,SN,14.70,-17.45",
        "Lab Inverse,fablab,Dakar,SN,-17.45,14.70",
        "Lab Lointain,fablab,Dakar,SN,48.85,2.35",
        "Lab Zero,fablab,Dakar,SN,0,0",
        "Lab Thies,fablab,Thiès,SN,0,0",
    ])
    output = run(path, "--source", "partner")
    assert "5 created, 0 updated, 0 unchanged, 0 skipped, 0 rejected." in output
    dakar = places["dakar"]
    near = Actor.objects.get(name="Lab Proche")
    assert (near.latitude, near.longitude, near.location_precision) == (
        14.70, -17.45, LocationPrecision.EXACT)
    swapped = Actor.objects.get(name="Lab Inverse")
    assert (swapped.latitude, swapped.longitude, swapped.location_precision) == (
        14.70, -17.45, LocationPrecision.EXACT)
    assert "note line 3 (Lab Inverse): latitude and longitude (-17.45, 14.70) were swapped: " \
        "corrected." in output
    for name in ("Lab Lointain", "Lab Zero"):
        actor = Actor.objects.get(name=name)
        assert (actor.latitude, actor.longitude, actor.location_precision) == (
            dakar.latitude, dakar.longitude, LocationPrecision.CITY)
    assert "note line 4 (Lab Lointain): coordinates (48.85, 2.35) are more than 100 km " \
        "from Dakar: placed at the city centre (approximate)." in output
    assert "note line 5 (Lab Zero): coordinates (0, 0) ignored: placed at the city " \
        "centre." in output
    # Thiès is not on the platform yet, but it is a place of the gazetteer: created there.
    thies = Actor.objects.get(name="Lab Thies").city
    assert (thies.name, thies.geonames_id) == ("Thiès", 2244802)
    assert (Actor.objects.get(name="Lab Thies").latitude, thies.latitude) == (
        thies.latitude, 14.78944)


# --- 4. junk city names -------------------------------------------------------------------

def test_city_names_without_letters_create_no_city(places, english, tmp_path):
    """Junk in the city column never names a city: the point finds the real place."""
    cities = City.objects.count()
    path = csv_file(tmp_path, [
        "Lab 1,fablab,---,SN,14.8,-16.9",
        "Lab 2,fablab,!!!,SN,14.8,-16.9",
        "Lab 3,fablab,🏙️,SN,14.8,-16.9",
        "Lab 4,fablab,X,SN,14.8,-16.9",
        "Lab 5,fablab,Thiès,SN,14.79,-16.93",
        "Lab 6,fablab,---,SN,,",
    ])
    output = run(path, "--source", "partner")
    assert "5 created, 0 updated, 0 unchanged, 0 skipped, 1 rejected." in output
    assert "note line 5 (Lab 4): city 'X' not found in the gazetteer: placed in Thiès by " \
        "its coordinates." in output
    assert "rejected line 7 (Lab 6): '---' is not a place of SN known to the gazetteer" in output
    assert list(City.objects.exclude(pk__in=[c.pk for c in places.values()])
                .values_list("name", flat=True)) == ["Thiès"]
    assert City.objects.count() == cities + 1


# --- 6. consent values, uploads where nothing could be imported ---------------------------

def test_consent_must_be_given_with_booleans(places, english, tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"consent": {"email": "yes", "phone": 1, "contact_name": true}}')
    with pytest.raises(CommandError, match=r"Consent is given with true or false, not "
                                           r"email: 'yes', phone: 1\. Nothing was imported"):
        run(TEMPLATE, "--source", "partner", "--mapping", str(mapping))
    assert not Actor.objects.exists()
    mapping.write_text("consent:\n  email: true\n  phone: false\n")
    assert "7 created" in run(TEMPLATE, "--source", "partner", "--mapping", str(mapping))
    assert Actor.objects.get(external_id="fl-001").email_is_public is True
    assert Actor.objects.get(external_id="fl-001").phone_is_public is False


def test_upload_where_nothing_could_be_imported_is_an_error(staff_client, places, english):
    for dry_run in ({}, {"dry_run": "on"}):
        page = staff_client.post("/en/admin/actors/actor/import/", {
            "file": SimpleUploadedFile("bad.csv", b"name,city,country\n,Dakar,SN\n"),
            "format": "csv", "source": "partner", "closed": "skip", **dry_run,
        })
        assert page.status_code == 400
        html = page.content.decode()
        assert '<p class="errornote" role="alert">' in html
        assert "Nothing could be imported." in html


def test_command_errors_speak_the_active_language(places, tmp_path):
    path = csv_file(tmp_path, [",fablab,Dakar,SN,,"])
    with translation.override("fr"), pytest.raises(CommandError) as error:
        run(path, "--source", "partner")
    assert str(error.value) == "Rien n'a pu être importé."
