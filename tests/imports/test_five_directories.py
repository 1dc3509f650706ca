# ruff: noqa: F811 - the fixtures imported from import_helpers are test arguments
"""Issue 15's acceptance: five directories of different formats and encodings imported one
after another leave a clean map of places, and a second run of each changes nothing."""

import re

from actors.models import Actor
from cities.gazetteer import gazetteer
from cities.models import City
from tests.imports.import_helpers import FIXTURES, english, places, run, snapshot  # noqa: F401

# (file, format, source): fablabs.io, a GeoJSON map with its own property names, a DOS
# (CP850) CSV, a SpaceAPI directory, a GoGoCarto export with HTML in its descriptions.
DIRECTORIES = [
    ("fablabs.json", "fablabs", "fablabs.io"),
    ("labs.geojson", "geojson", "regional-map"),
    ("dos_cp850.csv", "csv", "dos-network"),
    ("spaceapi_spaces.json", "spaceapi", "hackerspaces"),
    ("html.json", "gogocarto", "gogocarto"),
]
TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|&(?:amp|lt|gt|quot|nbsp|#\d+);")
TEXT_FIELDS = ["name", "short_description", "description", "address", "website",
               "contact_name"]


# A sixth, dirtier network list in a DOS code page: towns the platform does not have yet,
# spelled as people type them, one of them twice; a vertical tab pasted from a word
# processor; an address where the city should be (no point: rejected, creates nothing).
DIRTY_CSV = (
    "external_id,name,kind,city,country,latitude,longitude\r\n"
    "t1,Artilect Fablab,fablab,toulouse,FR,,\r\n"
    "t2,Fablab du Bocage,fablab,ST GEORGES DE MONTAIGU,FR,,\r\n"
    "t3,LH Factory,fablab,Havre (Le),FR,,\r\n"
    "t4,Le Havre Tiers-Lieu\v,tiers-lieu,Le havre,FR,49.49,0.107\r\n"
    "t5,Catenazzi Lab,fablab,Via Francesco Catenazzi 23,FR,,\r\n"
)


def import_all(tmp_path):
    dirty = tmp_path / "reseau-dos.csv"
    dirty.write_bytes(DIRTY_CSV.encode("cp850"))
    return [run(path, "--format", fmt, "--source", source, "--publish")
            for path, fmt, source in [(FIXTURES / name, fmt, source)
                                      for name, fmt, source in DIRECTORIES]
            + [(dirty, "csv", "dirty-network")]]


def test_five_directories_leave_a_clean_map_of_places(places, english, tmp_path):
    cities_before = set(City.objects.values_list("pk", flat=True))
    outputs = import_all(tmp_path)
    assert all("created" in output for output in outputs), outputs
    assert Actor.objects.count() >= 10

    new_cities = City.objects.exclude(pk__in=cities_before)
    assert sorted(new_cities.values_list("name", flat=True)) == [
        "Le Havre", "Saint-Georges-de-Montaigu", "Toulouse"]
    assert "Via Francesco Catenazzi 23" in outputs[-1]  # rejected, with its reason
    # No city without actors: a rejected record never leaves its city behind.
    assert [city.name for city in new_cities if not city.actors.exists()] == []
    # No city outside the gazetteer, and each under its canonical GeoNames name.
    for city in new_cities:
        place = gazetteer().get(city.geonames_id)
        assert place is not None, city.name
        assert city.name.startswith(place.name), (city.name, place.name)
    # No two cities of one country for one place.
    attached = [pk for pk in City.objects.values_list("geonames_id", flat=True) if pk]
    assert len(attached) == len(set(attached))
    # No HTML (tags or entities) in any stored text.
    for values in Actor.objects.values(*TEXT_FIELDS):
        for field, value in values.items():
            assert not TAG.search(value or ""), (field, value)


def test_a_second_run_of_each_directory_creates_nothing(places, english, tmp_path):
    import_all(tmp_path)
    before = snapshot()
    outputs = import_all(tmp_path)
    assert snapshot() == before
    for output in outputs:
        assert re.search(r"\b0 created, 0 updated\b", output), output
