"""Exports: licence and attribution in the API's CSV and GeoJSON, the directory's export
links (same rows as the page), and the staff's export_data command."""

import csv
import io
import re
import zipfile
from html import unescape

import orjson
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from actors.models import Actor
from tests.factories import (
    ActorFactory,
    ParticipationFactory,
    PersonFactory,
    ThemeFactory,
    WorkshopFactory,
)

API = "/api/v1/actors/"
TODAY = timezone.localdate().isoformat()


def csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


# --- API exports --------------------------------------------------------------------


def test_geojson_export_has_licence_attribution_and_sources(client, network):
    response = client.get(API, {"format": "geojson"})
    body = orjson.loads(response.content)
    assert body["type"] == "FeatureCollection" and len(body["features"]) == 7
    assert body["licence"] == {"name": "CC BY 4.0",
                               "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert "innovations locales (AIMF)" in body["attribution"]
    assert "GeoNames" in body["attribution"]
    assert [source["name"] for source in body["source"]] == [
        "African Tech Hubs (Oluwafemi Azeez)", "GeoNames"]
    assert response["Content-Disposition"] == f'attachment; filename="acteurs-{TODAY}.geojson"'
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


def test_csv_export_has_an_attribution_column_and_licence_headers(client, network):
    response = client.get(API, {"format": "csv"})
    rows = csv_rows(response.content)
    assert len(rows) == 7
    assert list(rows[0])[-1] == "attribution"
    assert all("CC BY 4.0" in row["attribution"] for row in rows)
    assert response["Content-Disposition"] == f'attachment; filename="acteurs-{TODAY}.csv"'
    assert response["X-License"] == "CC BY 4.0"
    assert "GeoNames" in response["X-Attribution"]


def test_licence_headers_survive_the_answer_cache(client, network):
    first = client.get(API, {"format": "csv"})
    again = client.get(API, {"format": "csv"})
    assert again.content == first.content
    assert again["Content-Disposition"] == first["Content-Disposition"]
    assert again["X-License"] == "CC BY 4.0"


def test_city_exports_are_credited_too(client, network):
    response = client.get("/api/v1/cities/", {"format": "geojson"})
    assert response.json()["licence"]["name"] == "CC BY 4.0"
    assert response["Content-Disposition"] == f'attachment; filename="villes-{TODAY}.geojson"'


def test_json_answers_are_unchanged(client, network):
    response = client.get(API)
    assert "Content-Disposition" not in response and "licence" not in response.json()


# --- The directory's export links ----------------------------------------------------


def export_links(html: str) -> dict:
    links = re.findall(r'href="(/api/v1/actors/\?format=(csv|geojson)[^"]*)"', html)
    return {fmt: unescape(url) for url, fmt in links}


def page_slugs(client, params) -> list[str]:
    html = client.get("/actors/", params).content.decode()
    return re.findall(r'<a href="/actors/([^/"]+)/">', html), html


@pytest.mark.parametrize("params", [
    {},
    {"kind": "fablab"},
    {"kind": ["fablab", "incubator"], "country": "cm"},
    {"theme": "digital", "verified": "on"},
    {"verified": "on"},
    {"verified": "false"},  # the page ignores it; the API would read "not verified"
    {"city": "douala", "q": "acteur"},
    {"country": "FR", "kind": "", "city": ""},
])
def test_export_links_carry_the_filters_and_match_the_page(client, network, params):
    slugs, html = page_slugs(client, params)
    links = export_links(html)
    if not slugs:  # nothing to download: no link offered
        assert links == {}
        return
    assert set(links) == {"csv", "geojson"}
    exported = [row["slug"] for row in csv_rows(client.get(links["csv"]).content)]
    assert sorted(exported) == sorted(slugs)
    features = client.get(links["geojson"]).json()["features"]
    assert sorted(feature["properties"]["slug"] for feature in features) == sorted(slugs)


def test_export_links_carry_filters_beyond_the_first_page(client, network):
    for _ in range(55):
        ActorFactory(city=network["paris"], kind=network["actors"][0].kind)
    slugs, html = page_slugs(client, {"country": "fr"})
    exported = csv_rows(client.get(export_links(html)["csv"]).content)
    assert len(slugs) == 50 and len(exported) == 58


def test_no_export_links_for_invalid_filters(client, network):
    _slugs, html = page_slugs(client, {"kind": "no-such-kind"})
    assert export_links(html) == {}


def test_no_export_links_for_an_empty_result(client, network):
    slugs, html = page_slugs(client, {"q": "no such actor anywhere"})
    assert slugs == [] and export_links(html) == {}


@pytest.mark.parametrize(("params", "name"), [
    ({"format": "geojson", "country": "cm", "kind": "fablab"}, "acteurs-CM-fablab-{}.geojson"),
    ({"format": "csv", "city": "douala"}, "acteurs-douala-{}.csv"),
    ({"format": "csv", "kind": ["incubator", "fablab"], "theme": "digital"},
     "acteurs-fablab-incubator-digital-{}.csv"),
    # Invalid filters never reach a file name (the answer is a 400).
    ({"format": "csv", "country": "cm", "q": "x"}, "acteurs-CM-{}.csv"),
])
def test_downloads_are_named_by_what_they_hold(client, network, params, name):
    response = client.get(API, params)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{name.format(TODAY)}"'


def test_english_downloads_are_named_in_english(client, network):
    response = client.get(API, {"format": "geojson", "country": "fr"},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Disposition"] == f'attachment; filename="actors-FR-{TODAY}.geojson"'


# --- export_data ---------------------------------------------------------------------


@pytest.fixture
def private_actor(network):
    return ActorFactory(city=network["douala"], name="Secret contacts", email="a@example.org",
                        email_is_public=False, phone="+237 600", phone_is_public=True,
                        contact_name="Awa", contact_name_is_public=False,
                        themes=[ThemeFactory(slug="social")])


def run_export(target, *args) -> str:
    out = io.StringIO()
    call_command("export_data", str(target), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_export_data_zip(tmp_path, network, private_actor):
    ParticipationFactory(workshop=WorkshopFactory(), person=PersonFactory(name="Jeanne"))
    target = tmp_path / "export.zip"
    report = run_export(target)
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        assert names == {
            "countries.csv", "cities.csv", "cities.geojson", "kinds.csv", "themes.csv",
            "actors.csv", "actors.geojson", "summits.csv", "summits.geojson", "workshops.csv",
            "workshops.geojson", "people.csv", "participations.csv", "README.md",
            "LICENCE.txt"}
        actors = csv_rows(archive.read("actors.csv"))
        geojson = orjson.loads(archive.read("actors.geojson"))
        readme = archive.read("README.md").decode()
        people = csv_rows(archive.read("people.csv"))
        licence = archive.read("LICENCE.txt").decode()
    assert len(actors) == 8  # published only: not the pending and archived ones
    assert len(geojson["features"]) == 8 and geojson["licence"]["name"] == "CC BY 4.0"
    secret = next(row for row in actors if row["name"] == "Secret contacts")
    assert secret["email"] == "" and secret["contact_name"] == "" and secret["phone"] == "+237 600"
    assert secret["themes"] == "social"
    assert [row["name"] for row in people] == ["Jeanne"]
    assert "CC BY 4.0" in readme and "| actors.csv | 8 |" in readme
    assert "https://creativecommons.org/licenses/by/4.0/" in licence
    assert "actors.csv: 8 rows" in report and "actors.geojson: 8 features" in report
    assert "countries.csv: 2 rows" in report and "README.md: written" in report


def test_export_data_include_private_and_all_statuses(tmp_path, network, private_actor):
    run_export(tmp_path / "out", "--include-private", "--all-statuses")
    actors = csv_rows((tmp_path / "out" / "actors.csv").read_bytes())
    assert len(actors) == 10
    secret = next(row for row in actors if row["name"] == "Secret contacts")
    assert secret["email"] == "a@example.org" and secret["email_is_public"] == "False"
    assert "Internal use only" in (tmp_path / "out" / "README.md").read_text()
    assert {row["status"] for row in actors} == {"published", "pending", "archived"}


def test_export_data_streams_in_batches(tmp_path, network, monkeypatch,
                                        django_assert_max_num_queries):
    monkeypatch.setattr("stats.exports.BATCH_SIZE", 3)
    for _ in range(10):
        ActorFactory(city=network["paris"], themes=[ThemeFactory(slug="social")])
    # 17 actors in batches of 3 (6 batches + a theme query each, CSV and GeoJSON): the
    # count grows with batches, never with rows.
    with django_assert_max_num_queries(40):
        run_export(tmp_path / "out")
    actors = csv_rows((tmp_path / "out" / "actors.csv").read_bytes())
    assert len(actors) == 17 and len({row["id"] for row in actors}) == 17


def test_export_data_refuses_bad_targets(tmp_path, network):
    with pytest.raises(CommandError, match="not a directory"):
        run_export(tmp_path / "missing" / "out.zip")
    existing = tmp_path / "done.zip"
    existing.write_bytes(b"x")
    with pytest.raises(CommandError, match="already exists"):
        run_export(existing)
    assert existing.read_bytes() == b"x"
    run_export(existing, "--force")
    assert zipfile.is_zipfile(existing)
    plain = tmp_path / "file.txt"
    plain.write_text("x")
    with pytest.raises(CommandError, match="not a directory"):
        run_export(plain)
    assert Actor.objects.count() == 9 + 1 - 1  # untouched


@pytest.mark.parametrize("params", [
    {"kind": "\x00"}, {"country": "\x00"}, {"city": "a" * 3000}, {"verified": "\x00"},
    {"q": "\x00"}, {"page": "99999999999999999999"},
])
def test_directory_with_garbage_filters_never_fails(client, network, params):
    response = client.get("/actors/", params)
    # 400: refused before the view (cities.middleware).
    assert response.status_code in (200, 400, 404)
    for url in export_links(response.content.decode()).values():
        assert client.get(url).status_code == 200


def test_export_data_defuses_spreadsheet_formulas(tmp_path, network, private_actor):
    ActorFactory(city=network["douala"], name='=HYPERLINK("http://x";"y")')
    run_export(tmp_path / "export.zip")
    with zipfile.ZipFile(tmp_path / "export.zip") as archive:
        actors = csv_rows(archive.read("actors.csv"))
    names = {row["name"] for row in actors}
    assert "'=HYPERLINK(\"http://x\";\"y\")" in names and '=HYPERLINK("http://x";"y")' not in names
    secret = next(row for row in actors if row["name"] == "Secret contacts")
    assert secret["phone"] == "+237 600"  # a phone number is no formula
