# ruff: noqa: F811 - the fixtures imported from import_helpers are test arguments
"""SpaceAPI and OpenStreetMap files, records nested in JSON, multi-valued cells."""

import json

import pytest

from actors.models import Actor
from imports.models import ImportSource
from tests.imports.import_helpers import FIXTURES, english, places, run, snapshot  # noqa: F401

pytestmark = pytest.mark.django_db


def themes_of(actor):
    return set(actor.themes.values_list("slug", flat=True))


# --- mapping: multi-valued cells and where the records are ---------------------------------

def test_a_split_cell_is_mapped_value_by_value(places, english):
    output = run(FIXTURES / "split_themes.csv", "--source", "partner",
                 "--mapping", str(FIXTURES / "split_themes.yaml"))
    assert "2 created" in output
    assert themes_of(Actor.objects.get(external_id="t-1")) == {"education", "health"}
    assert "Unknown themes (add them to the mapping's \"themes\"): 'robotique' ×1" in output


def test_fablabs_capabilities_joined_with_semicolons_are_split(places, english):
    output = run(FIXTURES / "fablabs_capabilities.json", "--format", "fablabs",
                 "--source", "fablabs.io")
    assert "1 created" in output
    assert "Unknown themes (add them to the mapping's \"themes\"): 'bio_lab' ×1" in output
    assert "three_d_printing;" not in output


def test_a_mapping_names_where_the_records_are(places, english):
    output = run(FIXTURES / "nested.json", "--format", "json", "--source", "partner",
                 "--mapping", str(FIXTURES / "nested.yaml"))
    assert "2 created, 0 updated, 0 unchanged, 0 skipped, 0 rejected." in output
    lab = Actor.objects.get(external_id="n-1")
    assert (lab.name, lab.city, lab.kind.slug) == ("Lab Imbriqué", places["dakar"], "fablab")


def test_records_path_errors_are_clear(places, english, tmp_path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text("records: data.nothing\n", encoding="utf-8")
    output = run(FIXTURES / "nested.json", "--format", "json", "--source", "partner",
                 "--mapping", str(mapping), expect_error=True)
    assert "The mapping's records 'data.nothing' do not name a list in the file." in output
    output = run(FIXTURES / "nested.json", "--format", "json", "--source", "partner",
                 expect_error=True)
    assert "name where they are with \"records\" in the mapping (lists found: -)" in output


# --- SpaceAPI ------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "count"), [
    ("spaceapi_one.json", 1), ("spaceapi_list.json", 2), ("spaceapi_spaces.json", 2),
])
def test_spaceapi_documents_in_their_three_shapes(places, english, name, count):
    output = run(FIXTURES / name, "--format", "spaceapi", "--source", "spaceapi")
    assert f"{count} created, 0 updated, 0 unchanged, 0 skipped, 0 rejected." in output
    hsbxl = Actor.objects.select_related("city__country", "kind").get(name="HSBXL")
    # No city nor country in the document: both come from the point.
    assert hsbxl.city.country.code == "BE"
    assert (hsbxl.latitude, hsbxl.longitude) == (50.8575, 4.3288)
    assert hsbxl.address == "Rue Osseghem 53, 1080 Molenbeek, Belgium"
    assert hsbxl.kind.slug == "makerspace"
    assert (hsbxl.website, hsbxl.email) == ("https://hsbxl.example.be",
                                            "contact@hsbxl.example.be")
    assert hsbxl.social_links == ["https://twitter.com/hsbxl",
                                  "https://mastodon.social/@hsbxl"]
    if count == 2:
        dakar = Actor.objects.get(name="Dakar Hackerspace")
        assert dakar.city.country.code == "SN"
        assert dakar.website == "https://dakar-hackerspace.example.sn"
    before = snapshot()
    again = run(FIXTURES / name, "--format", "spaceapi", "--source", "spaceapi")
    assert f"0 created, 0 updated, {count} unchanged" in again
    assert snapshot() == before


def test_a_spaceapi_directory_of_addresses_is_explained(places, english, tmp_path):
    path = tmp_path / "directory.json"
    path.write_text(json.dumps({"HSBXL": "https://hsbxl.example.be/spaceapi.json"}))
    output = run(path, "--format", "spaceapi", "--source", "spaceapi", expect_error=True)
    assert "This is a SpaceAPI directory" in output


# --- OpenStreetMap -------------------------------------------------------------------------

def test_openstreetmap_overpass_export(places, english):
    output = run(FIXTURES / "overpass.json", "--format", "osm", "--source", "OpenStreetMap")
    assert "3 created, 0 updated, 0 unchanged, 0 skipped, 2 rejected." in output
    assert "rejected line 4: no name." in output
    assert "rejected line 5 (Sans centre): no coordinates: export ways and relations with " \
        "\"out center;\"." in output
    makers = Actor.objects.select_related("city", "kind").get(external_id="node/1001")
    assert (makers.name, makers.city, makers.kind.slug) == (
        "Brussels Makers", places["bruxelles"], "makerspace")
    assert makers.address == "72 Rue Royale, 1000"
    assert (makers.website, makers.email, makers.founded_year) == (
        "https://makers.example.be", "hello@makers.example.be", 2012)
    cowork = Actor.objects.select_related("city__country", "kind").get(external_id="way/2002")
    assert cowork.kind.slug == "coworking" and cowork.city.country.code == "SN"
    assert (cowork.latitude, cowork.longitude) == (14.695, -17.44)
    assert cowork.website == "http://dakar-cowork.example.sn"
    fablab = Actor.objects.select_related("kind").get(external_id="node/1003")
    assert fablab.kind.slug == "fablab" and fablab.city == places["liege"]
    # The source's licence is kept for attribution.
    source = ImportSource.objects.get(name="OpenStreetMap")
    assert "ODbL" in source.licence and "OpenStreetMap contributors" in source.licence
    again = run(FIXTURES / "overpass.json", "--format", "osm", "--source", "OpenStreetMap")
    assert "0 created, 0 updated, 3 unchanged, 0 skipped, 2 rejected." in again
