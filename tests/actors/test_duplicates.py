# ruff: noqa: F811 - the fixtures imported from import_helpers are test arguments
"""Duplicates across sources: the finder, and imports of overlapping directories (reported,
never created silently; --on-duplicate flag, skip or create)."""

import csv

import pytest

from actors.duplicates import DuplicateFinder, Entry, name_key, scan_for_duplicates
from actors.models import Actor, DuplicatePair
from tests.factories import ActorFactory
from tests.imports.import_helpers import english, places, run  # noqa: F401

pytestmark = pytest.mark.django_db

HEADER = ["external_id", "name", "kind", "city", "country", "latitude", "longitude",
          "website", "email"]
FABLABS_IO = [
    ["kernel", "FabLab Lannion KerNEL", "fablab", "Dakar", "SN", "14.6940", "-17.4440",
     "https://kernel.example.net", "contact@kernel.example.net"],
    ["ker-2", "Ker Thiossane", "fablab", "Dakar", "SN", "14.7100", "-17.4700", "", ""],
    ["yaounde", "Mboa Lab", "fablab", "Yaoundé", "CM", "", "", "", "mboa@gmail.com"],
]
# The same places as another directory spells them, with one new place.
OSM = [
    ["node/1", "Fablab Lannion - KerNEL", "fablab", "Dakar", "SN", "14.6942", "-17.4441",
     "", ""],
    ["node/2", "Kër Thiossane", "fablab", "Dakar", "SN", "14.7300", "-17.4900", "", ""],
    ["node/3", "Atelier Mboa", "fablab", "Yaoundé", "CM", "3.9", "11.5",
     "http://www.kernel.example.net/", "lab@gmail.com"],
    ["node/4", "Jokkolabs", "fablab", "Dakar", "SN", "14.6800", "-17.4600", "", ""],
]


def write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture
def directories(tmp_path, places, english):
    return write(tmp_path / "fablabs.csv", FABLABS_IO), write(tmp_path / "osm.csv", OSM)


def test_names_are_compared_folded_without_punctuation():
    assert name_key("FabLab Lannion KerNEL") == name_key("Fablab Lannion - KerNEL")
    assert name_key("Kër Thiossane") == "ker thiossane"


def test_finder_matches_similar_names_nearby_or_in_the_same_city_only():
    finder = DuplicateFinder()
    existing = Entry(name="FabLab Lannion KerNEL", city_id=1, latitude=48.73,
                     longitude=-3.46, source="fablabs.io", actor_id=10)
    finder.add(existing)
    finder.add(Entry(name="Fablab", city_id=1, latitude=48.73, longitude=-3.46,
                     source="fablabs.io", actor_id=11))
    finder.add(Entry(name="Fablab 2", city_id=1, latitude=48.73, longitude=-3.46,
                     source="fablabs.io", actor_id=12))
    near = finder.find(Entry(name="Fablab Lannion - KerNEL", city_id=2, latitude=48.7305,
                             longitude=-3.4605, source="osm"))
    assert [(m.entry.actor_id, m.reasons) for m in near] == [(10, ["name+near"])]
    assert near[0].distance_km < 0.1
    same_city = finder.find(Entry(name="Fablab Lannion KerNEL", city_id=1, latitude=48.80,
                                  longitude=-3.40, source="osm"))
    assert [(m.entry.actor_id, m.reasons) for m in same_city] == [(10, ["name+city"])]
    # Elsewhere, another name, or another number: not a duplicate.
    assert finder.find(Entry(name="FabLab Lannion KerNEL", city_id=3, latitude=45.0,
                             longitude=3.0, source="osm")) == []
    assert finder.find(Entry(name="Fablab 3", city_id=1, latitude=48.73, longitude=-3.46,
                             source="osm")) == []
    # The same source's records are recognised by their identifiers, not reported.
    assert finder.find(Entry(name="Fablab Lannion KerNEL", city_id=1, latitude=48.73,
                             longitude=-3.46, source="fablabs.io")) == []


def test_finder_matches_a_website_or_mail_domain_but_not_webmail_or_shared_ones():
    finder = DuplicateFinder()
    finder.add(Entry(name="A", city_id=1, latitude=0.5, longitude=0.5, actor_id=1,
                     website="https://www.lab.example.net/about", email="x@gmail.com"))
    for pk in (2, 3, 4):
        finder.add(Entry(name=f"N{pk}", city_id=pk, latitude=pk, longitude=pk, actor_id=pk,
                         email=f"a{pk}@network.example.org"))
    found = finder.find(Entry(name="B", city_id=9, latitude=9, longitude=9, source="osm",
                              website="http://lab.example.net", email="y@gmail.com"))
    assert [(m.entry.actor_id, m.reasons) for m in found] == [(1, ["website"])]
    assert finder.find(Entry(name="C", city_id=9, latitude=9, longitude=9, source="osm",
                             email="b@network.example.org")) == []


def test_overlapping_directories_report_duplicates_and_flag_them(directories, places):
    fablabs, osm = directories
    run(fablabs, "--source", "fablabs.io", "--publish")
    output = run(osm, "--source", "osm", "--publish")
    assert "4 created" in output
    kernel = Actor.objects.get(source="fablabs.io", external_id="kernel")
    lines = [line for line in output.splitlines() if "possible duplicate" in line]
    assert len(lines) == 3, output
    assert (f"note line 2 (Fablab Lannion - KerNEL): possible duplicate of 'FabLab Lannion "
            f"KerNEL' (Dakar, source fablabs.io, actor {kernel.pk}): similar name within 1 "
            "km, 0.0 km apart; created, held for moderation and listed for staff."
            ) in lines
    assert any(line.startswith("note line 3 (Kër Thiossane)") and "same city" in line
               for line in lines)
    assert any(line.startswith("note line 4 (Atelier Mboa)") and "same website" in line
               for line in lines)  # not the gmail.com addresses
    flagged = Actor.objects.get(source="osm", external_id="node/1")
    assert flagged.status == Actor.Status.PENDING  # held back despite --publish
    assert Actor.objects.get(source="osm", external_id="node/4").status == "published"
    pair = DuplicatePair.objects.get(first=kernel, second=flagged)
    assert (pair.status, pair.reason) == ("open", "name+near")
    assert pair.found_by == "import osm, line 2"
    assert DuplicatePair.objects.count() == 3
    # A second run recognises every record: nothing created, nothing reported.
    again = run(osm, "--source", "osm", "--publish")
    assert "0 created" in again and "possible duplicate" not in again
    assert DuplicatePair.objects.count() == 3


def test_skip_leaves_possible_duplicates_out_and_the_dry_run_says_the_same(directories):
    fablabs, osm = directories
    run(fablabs, "--source", "fablabs.io")
    dry = run(osm, "--source", "osm", "--on-duplicate", "skip", "--dry-run")
    real = run(osm, "--source", "osm", "--on-duplicate", "skip")
    assert dry.replace("Dry run, nothing was saved: ", "") == real
    assert "1 created, 0 updated, 0 unchanged, 3 skipped, 0 rejected." in real
    assert "; not imported." in real
    assert list(Actor.objects.filter(source="osm").values_list("name", flat=True)) == [
        "Jokkolabs"]
    assert not DuplicatePair.objects.exists()


def test_create_reports_but_neither_holds_nor_flags(directories):
    fablabs, osm = directories
    run(fablabs, "--source", "fablabs.io")
    output = run(osm, "--source", "osm", "--on-duplicate", "create", "--publish")
    assert output.count("possible duplicate") == 3 and "; imported anyway." in output
    assert Actor.objects.filter(source="osm", status="published").count() == 4
    assert not DuplicatePair.objects.exists()


def test_the_mapping_chooses_and_the_flag_overrides(directories, tmp_path):
    fablabs, osm = directories
    run(fablabs, "--source", "fablabs.io")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("on_duplicate: skip\n")
    assert "3 skipped" in run(osm, "--source", "osm", "--mapping", mapping, "--dry-run")
    assert "0 skipped" in run(osm, "--source", "osm", "--mapping", mapping,
                              "--on-duplicate", "create", "--dry-run")
    mapping.write_text("on_duplicate: sometimes\n")
    assert 'on_duplicate must be "flag", "skip" or "create"' in run(
        osm, "--source", "osm", "--mapping", mapping, expect_error=True)


def test_duplicates_within_one_file_are_reported(tmp_path, places, english):
    path = write(tmp_path / "one.csv", [
        ["a", "FabLab Lannion KerNEL", "fablab", "Dakar", "SN", "14.6940", "-17.4440", "", ""],
        ["b", "Fablab Lannion - KerNEL", "fablab", "Dakar", "SN", "14.6941", "-17.4441", "",
         ""],
    ])
    output = run(path, "--source", "osm")
    assert "note line 3 (Fablab Lannion - KerNEL): possible duplicate of line 2 ('FabLab " \
           "Lannion KerNEL'): similar name within 1 km" in output
    pair = DuplicatePair.objects.get()
    assert {pair.first.external_id, pair.second.external_id} == {"a", "b"}
    # Skipped on a second run too: it resembles the first record, matched by identifier.
    DuplicatePair.objects.all().delete()
    Actor.objects.filter(external_id="b").update(external_id="b-old", source="old")
    assert "1 skipped" in run(path, "--source", "osm", "--on-duplicate", "skip")


def test_scan_records_pairs_across_sources_once_and_never_a_dismissed_one(places):
    dakar = places["dakar"]
    one = ActorFactory(name="Ker Thiossane", city=dakar, source="fablabs.io")
    two = ActorFactory(name="Kër Thiossane", city=dakar, source="osm")
    ActorFactory(name="Ker Thiossane", city=dakar, source="osm", slug="other")  # two is osm
    assert scan_for_duplicates() == 2
    assert scan_for_duplicates() == 0
    DuplicatePair.objects.filter(first=one, second=two).update(status="dismissed")
    DuplicatePair.objects.exclude(status="dismissed").delete()
    assert scan_for_duplicates() == 1
    assert DuplicatePair.objects.get(first=one, second=two).status == "dismissed"


def test_the_admin_upload_form_offers_the_same_choice(directories, staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fablabs, osm = directories
    run(fablabs, "--source", "fablabs.io")
    page = staff_client.post("/en/admin/actors/actor/import/", {
        "file": SimpleUploadedFile("osm.csv", osm.read_bytes()), "format": "csv",
        "source": "osm", "closed": "archive", "on_duplicate": "skip"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 created, 0 updated, 0 unchanged, 3 skipped, 0 rejected." in html
    assert "possible duplicate of" in html and "not imported." in html
