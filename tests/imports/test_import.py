# ruff: noqa: F811 - the fixtures imported from import_helpers are test arguments
"""import_actors: every format from realistic files, the report, idempotence, dry runs,
malformed files, publication and closed records."""

import zlib

import pytest
from django.core.management.base import CommandError
from django.utils import translation

from actors.models import Actor, LocationPrecision, ModerationDecision
from cities.models import City
from tests.factories import UserFactory
from tests.imports.import_helpers import FIXTURES, english, places, run, snapshot  # noqa: F401

pytestmark = pytest.mark.django_db

TEMPLATE = FIXTURES / "template.csv"


def actor(external_id, source="partner"):
    return Actor.objects.select_related("city__country", "kind").get(
        source=source, external_id=external_id)


def test_template_csv_with_bom_is_imported_as_pending(places, english):
    output = run(TEMPLATE, "--source", "partner")
    assert "7 created, 0 updated, 0 unchanged, 1 skipped, 5 rejected." in output
    bxl = actor("fl-001")  # the BOM did not spoil the first column's name
    assert bxl.name == "Fablab Bruxelles" and bxl.city == places["bruxelles"]
    assert bxl.status == Actor.Status.PENDING
    assert (bxl.latitude, bxl.longitude, bxl.location_precision) == (
        50.8503, 4.3517, LocationPrecision.EXACT)
    assert bxl.address == "Rue Royale 72, 1000"
    assert set(bxl.themes.values_list("slug", flat=True)) == {"digital-inclusion", "education"}
    assert bxl.social_links == ["https://www.facebook.com/fablabbxl"]
    assert (bxl.founded_year, bxl.languages, bxl.is_women_led) == (2014, ["fr", "nl"], True)
    assert bxl.description == "Machines, ateliers, et café."
    # Contacts are kept for moderators but not public without the source's consent.
    assert bxl.email == "contact@fablab.example.be" and bxl.public_email == ""
    assert bxl.phone and bxl.public_phone == "" and bxl.public_contact_name == ""


def test_csv_values_are_mapped_and_corrected(places, english):
    run(TEMPLATE, "--source", "partner")
    hevea = actor("fl-002")
    assert hevea.city == places["clermont"]  # CLERMONT-FERRAND
    assert hevea.kind.slug == "incubator"  # French kind name
    assert list(hevea.themes.values_list("slug", flat=True)) == ["economic"]
    assert hevea.website == "https://www.hevea.example.fr"
    assert hevea.email == "" and hevea.founded_year is None  # bad values dropped, row kept
    # No coordinates: the city's centre, marked approximate.
    assert (hevea.latitude, hevea.longitude) == (45.77969, 3.08682)
    assert hevea.location_precision == LocationPrecision.CITY
    yaounde = actor("fl-006")  # latitude 95: replaced by the city's centre
    assert yaounde.city == places["yaounde"]
    assert (yaounde.latitude, yaounde.location_precision) == (3.86667, LocationPrecision.CITY)
    assert actor("fl-008").status == Actor.Status.ARCHIVED  # "fermé" in the source
    assert actor("fl-012").city == places["saint_louis"]  # "St Louis", Senegal


def test_unmatched_cities_are_created_as_non_members_never_attached_elsewhere(places, english):
    output = run(TEMPLATE, "--source", "partner")
    kribi = actor("fl-007").city
    assert (kribi.name, kribi.country.code, kribi.is_aimf_member) == ("Kribi", "CM", False)
    # Created from the gazetteer: the place's centre and GeoNames id, not the record's.
    assert (kribi.latitude, kribi.longitude, kribi.geonames_id) == (2.93725, 9.90765, 2229761)
    # Saint-Louis exists in Senegal: a French Saint-Louis is another city.
    saint_louis_fr = actor("fl-011").city
    assert saint_louis_fr != places["saint_louis"]
    assert (saint_louis_fr.country.code, saint_louis_fr.is_aimf_member) == ("FR", False)
    assert City.objects.filter(name="Saint-Louis").count() == 2
    assert "New cities (not AIMF members): Kribi (CM), Saint-Louis (FR)" in output
    assert kribi.history.count() == 1  # created with its history


def test_report_lists_each_rejected_row_with_its_line_and_reason(places, english):
    output = run(TEMPLATE, "--source", "partner")
    for expected in [
        "rejected line 4 (Café Numérique): unknown kind 'Space station'",
        "rejected line 6: 3 columns where the header has 21.",
        "rejected line 7 (Nom sur\\r\\ndeux lignes): the name contains line breaks or control "
        "characters.",
        "rejected line 12 (Nowhere Lab): 'Atlantis' is not a place of FR known to the "
        "gazetteer (GeoNames), and there are no coordinates to find it.",
        "rejected line 13 (Lab sans pays): unknown country 'ZZ'",
        "note line 3 (Hévéa Incubateur): invalid e-mail 'not-an-email' dropped.",
        "note line 3 (Hévéa Incubateur): founding year '1750' dropped.",
        "note line 5 (Fablab Bruxelles (copie)): duplicate of line 2 (same identifier 'fl-001')",
        "note line 9 (Yaoundé Lab): invalid coordinates (95.0, 11.5): placed at the city centre.",
        "Unknown kinds (add them to the mapping's \"kinds\"): 'Space station' ×1",
        "Unknown themes (add them to the mapping's \"themes\"): 'Robotique spatiale' ×1",
        "1 closed record imported as archived.",
    ]:
        assert expected in output
    assert not Actor.objects.filter(name__startswith="Fablab Bruxelles (copie)").exists()
    assert not Actor.objects.filter(external_id__in=["fl-003", "fl-005", "fl-009"]).exists()


def test_second_run_updates_never_duplicates(places, english, tmp_path):
    run(TEMPLATE, "--source", "partner")
    before = snapshot()
    output = run(TEMPLATE, "--source", "partner")
    assert "0 created, 0 updated, 7 unchanged" in output
    assert snapshot() == before  # no new actor, city or history row
    changed = tmp_path / "changed.csv"
    changed.write_text(
        TEMPLATE.read_text(encoding="utf-8-sig")
        .replace("Hévéa Incubateur,Incubateur,Innovation économique",
                 "Hévéa Incubateur,Incubateur,social|economic"),
        encoding="utf-8",
    )
    assert "line 3 (Hévéa Incubateur): updated: themes." in run(
        changed, "--source", "partner", "--dry-run")
    output = run(changed, "--source", "partner")
    assert "0 created, 1 updated, 6 unchanged" in output
    assert "line 3 (Hévéa Incubateur): updated: themes." in output
    hevea = actor("fl-002")
    assert set(hevea.themes.values_list("slug", flat=True)) == {"social", "economic"}
    assert Actor.objects.count() == before[0]
    latest = hevea.history.first()
    assert latest.history_type == "~" and latest.history_change_reason == "imported from partner"
    assert {t.theme.slug for t in latest.themes.all()} == {"social", "economic"}


def test_history_rows_hold_the_themes_of_created_actors(places, english):
    run(TEMPLATE, "--source", "partner")
    record = actor("fl-001").history.get()
    assert record.history_type == "+"
    assert {t.theme.slug for t in record.themes.all()} == {"digital-inclusion", "education"}


def test_a_source_is_part_of_the_identity(places, english):
    run(TEMPLATE, "--source", "partner")
    run(TEMPLATE, "--source", "other partner")
    assert Actor.objects.filter(external_id="fl-001").count() == 2
    assert len(set(Actor.objects.values_list("slug", flat=True))) == Actor.objects.count()


def test_dry_run_changes_nothing_and_says_what_would_change(places, english):
    before = snapshot()
    output = run(TEMPLATE, "--source", "partner", "--dry-run")
    assert "Dry run, nothing was saved: 7 created" in output
    assert "New cities (not AIMF members): Kribi (CM), Saint-Louis (FR)" in output
    assert snapshot() == before


def test_owned_actors_are_not_overwritten(places, english, tmp_path):
    run(TEMPLATE, "--source", "partner")
    bxl = actor("fl-001")
    bxl.owners.add(UserFactory())
    Actor.objects.filter(pk=bxl.pk).update(name="Fablab de Bruxelles (edited by owner)")
    history = bxl.history.count()
    output = run(TEMPLATE, "--source", "partner")
    assert "line 2 (Fablab Bruxelles): claimed by its owners on the platform" in output
    assert actor("fl-001").name == "Fablab de Bruxelles (edited by owner)"
    assert bxl.history.count() == history


def test_publish_and_status_rules(places, english):
    run(TEMPLATE, "--source", "partner")
    assert actor("fl-001").status == Actor.Status.PENDING
    Actor.objects.filter(external_id="fl-002").update(status=Actor.Status.PUBLISHED)
    Actor.objects.filter(external_id="fl-006").update(status=Actor.Status.REJECTED)
    output = run(TEMPLATE, "--source", "partner", "--publish")
    assert "0 created, 4 updated, 3 unchanged" in output
    assert actor("fl-001").status == Actor.Status.PUBLISHED  # pending -> published
    assert actor("fl-002").status == Actor.Status.PUBLISHED
    assert actor("fl-006").status == Actor.Status.REJECTED  # a moderator's refusal stays
    assert actor("fl-008").status == Actor.Status.ARCHIVED  # closed: never published
    assert ModerationDecision.objects.filter(
        actor=actor("fl-001"), action=ModerationDecision.Action.APPROVED).exists()
    # Without --publish, a published entry is never sent back to moderation.
    run(TEMPLATE, "--source", "partner")
    assert actor("fl-001").status == Actor.Status.PUBLISHED


def test_publish_on_first_import(places, english):
    run(TEMPLATE, "--source", "partner", "--publish")
    assert Actor.objects.published().count() == 6
    assert actor("fl-008").status == Actor.Status.ARCHIVED


def test_closed_records_can_be_skipped(places, english):
    output = run(TEMPLATE, "--source", "partner", "--closed", "skip")
    assert "6 created, 0 updated, 0 unchanged, 2 skipped" in output
    assert "line 11 (Ancien Fablab): closed or inactive in the source: skipped." in output
    assert not Actor.objects.filter(external_id="fl-008").exists()


def test_closed_record_archives_an_existing_published_actor(places, english, tmp_path):
    run(TEMPLATE, "--source", "partner", "--publish")
    closed = tmp_path / "closed.csv"
    closed.write_text(
        TEMPLATE.read_text(encoding="utf-8-sig").replace("oui,active", "oui,closed"),
        encoding="utf-8",
    )
    run(closed, "--source", "partner", "--publish")
    assert actor("fl-001").status == Actor.Status.ARCHIVED
    assert ModerationDecision.objects.filter(
        actor=actor("fl-001"), action=ModerationDecision.Action.ARCHIVED).exists()


def test_latin1_semicolons_and_a_yaml_mapping(places, english):
    output = run(FIXTURES / "latin1_semicolon.csv", "--source", "partner", "--mapping",
                 str(FIXTURES / "latin1_mapping.yaml"))
    assert "3 created, 0 updated, 0 unchanged, 0 skipped, 0 rejected." in output
    elan = actor("A1")
    assert (elan.name, elan.kind.slug, elan.city) == (
        "Tiers-lieu Élan", "tiers-lieu", places["clermont"])
    assert (elan.latitude, elan.longitude) == (45.7772, 3.087)  # decimal commas
    assert elan.public_email == "bonjour@elan.example.fr"  # the mapping records consent
    nandu = actor("A2")
    assert (nandu.name, nandu.city, nandu.kind.slug) == (
        "Coopérative Ñandú", places["liege"], "cooperative")
    assert actor("A3").status == Actor.Status.ARCHIVED  # "inactif"


def test_geojson_points(places, english):
    output = run(FIXTURES / "labs.geojson", "--format", "geojson", "--source", "partner")
    assert "3 created, 0 updated, 0 unchanged, 0 skipped, 1 rejected." in output
    assert "rejected line 3 (Une ligne): Only Point geometries can be imported" in output
    living = actor("g1")
    assert (living.latitude, living.longitude) == (50.8503, 4.3517)  # [lon, lat] order
    assert set(living.themes.values_list("slug", flat=True)) == {"social", "health"}
    repair = actor("g2")
    assert (repair.city, repair.kind.slug) == (places["clermont"], "association")
    no_point = actor("g4")
    assert no_point.location_precision == LocationPrecision.CITY
    assert no_point.city == places["yaounde"]


def test_fablabs_io_labs(places, english):
    output = run(FIXTURES / "fablabs.json", "--format", "fablabs", "--source", "fablabs.io")
    assert "3 created, 0 updated, 0 unchanged, 0 skipped, 0 rejected." in output
    assert "Unknown themes (add them to the mapping's \"themes\"): 'bio_lab' ×1" in output
    assert "note line 3 (Lab de Liège): invalid web address 'not a url' dropped." in output
    yaounde = actor("fablabyaounde", "fablabs.io")
    assert (yaounde.city, yaounde.kind.slug) == (places["yaounde"], "fablab")  # "cm"
    assert yaounde.address == "Rue 1.234, Quartier Bastos"
    assert yaounde.website == "http://fablab.example.cm"
    assert yaounde.social_links == ["https://twitter.com/fablabyde"]
    assert yaounde.short_description == "Le premier fablab de la ville."
    assert yaounde.public_phone == "" and yaounde.phone
    dakar = actor("fablabdakar", "fablabs.io")
    assert dakar.status == Actor.Status.ARCHIVED  # activity_status closed
    assert dakar.location_precision == LocationPrecision.CITY
    assert actor("lablg", "fablabs.io").city == places["liege"]  # "Luik"
    # A bare list of labs reads the same.
    assert "0 created, 0 updated, 3 unchanged" in run(
        FIXTURES / "fablabs.json", "--format", "fablabs", "--source", "fablabs.io")


def test_fablabs_io_as_a_plain_list(places, english, tmp_path):
    labs = tmp_path / "labs.json"
    text = FIXTURES.joinpath("fablabs.json").read_text()
    labs.write_text(text.strip()[len('{"labs": '):-1])
    output = run(labs, "--format", "fablabs", "--source", "fablabs.io")
    assert "3 created" in output


def test_gogocarto_export(places, english):
    output = run(FIXTURES / "gogocarto.json", "--format", "gogocarto", "--source", "gogo")
    assert "2 created, 0 updated, 0 unchanged, 0 skipped, 1 rejected." in output
    assert "rejected line 3 (Sans catégorie): unknown kind 'Boulangerie'" in output
    assert "Unknown themes (add them to the mapping's \"themes\"): 'Jardins partagés' ×1" in output
    fabrique = actor("AbC1", "gogo")
    assert (fabrique.kind.slug, fabrique.city) == ("tiers-lieu", places["clermont"])
    assert list(fabrique.themes.values_list("slug", flat=True)) == ["digital-inclusion"]
    assert fabrique.address == "12 rue des Gras, 63000"
    deleted = actor("AbC2", "gogo")
    assert (deleted.city, deleted.status) == (places["bruxelles"], Actor.Status.ARCHIVED)


@pytest.mark.parametrize(
    ("name", "content", "fmt", "message"),
    [
        ("binary.csv", b"name,city,country\n\x00\x01\x02,Dakar,SN\n", "csv",
         "Line 2 contains binary data"),
        ("image.csv", zlib.compress(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40), "csv",
         "The file's encoding was not recognised"),
        ("empty.csv", b"", "csv", "The file is empty."),
        ("missing.csv", b"external_id,name,kind,country\nx1,Sans ville,fablab,FR\n", "csv",
         "Missing required column(s): city."),
        ("broken.json", b'{"labs": [{"name": "Fablab",}', "fablabs",
         "The file is not valid JSON (line 1"),
        ("labs.json", b'{"items": []}', "fablabs", "A fablabs.io file holds a list of labs"),
        ("gogo.json", b'[]', "gogocarto", 'A GoGoCarto export holds {"data": [...]}'),
        ("not.geojson", b'{"type": "Feature"}', "geojson", "must hold a FeatureCollection"),
    ],
)
def test_malformed_files_fail_clearly_and_change_nothing(
    places, english, tmp_path, name, content, fmt, message
):
    run(TEMPLATE, "--source", "partner")
    before = snapshot()
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match="Nothing was imported") as error:
        run(path, "--format", fmt, "--source", "partner")
    assert message in str(error.value)
    assert snapshot() == before


def test_a_bad_byte_late_in_the_file_still_changes_nothing(places, english, tmp_path):
    path = tmp_path / "late.csv"
    good = "".join(f"x{n},Lab {n},fablab,Dakar,SN\n" for n in range(3000))
    path.write_bytes(b"external_id,name,kind,city,country\n" + good.encode() + b"\x00\n")
    before = snapshot()
    with pytest.raises(CommandError, match="binary data"):
        run(path, "--source", "partner")
    assert snapshot() == before


def test_exit_code_is_non_zero_when_nothing_could_be_imported(places, english, tmp_path):
    path = tmp_path / "all-bad.csv"
    path.write_text("name,kind,city,country\nLab,Space station,Dakar,SN\n,fablab,Dakar,SN\n")
    output = run(path, "--source", "partner", expect_error=True)
    assert "0 created, 0 updated, 0 unchanged, 0 skipped, 2 rejected." in output
    assert "rejected line 3: no name." in output
    assert output.endswith("Nothing could be imported.")
    with pytest.raises(CommandError):
        run(path, "--source", "partner")


def test_a_stable_key_identifies_records_without_an_id(places, english, tmp_path):
    path = tmp_path / "no-id.csv"
    path.write_text("name,kind,city,country,website\nLab Un,fablab,Dakar,SN,https://a.sn\n")
    run(path, "--source", "partner")
    assert actor("lab-un-dakar").website == "https://a.sn"
    path.write_text("name,kind,city,country,website\nLAB UN,fablab,dakar,SN,https://b.sn\n")
    assert "0 created, 1 updated" in run(path, "--source", "partner")
    assert actor("lab-un-dakar").website == "https://b.sn"


def test_mapping_errors_are_reported(places, english, tmp_path):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("columns:\n  nom: Nom\n")
    with pytest.raises(CommandError, match="Unknown field"):
        run(TEMPLATE, "--source", "partner", "--mapping", str(mapping))
    mapping.write_text("default_kind: spaceport\n")
    with pytest.raises(CommandError, match="not a kind slug"):
        run(TEMPLATE, "--source", "partner", "--mapping", str(mapping))
    mapping.write_text("themes: {Robotique: {slug: x}}\n")
    with pytest.raises(CommandError, match="Mapped values must be slugs or codes"):
        run(TEMPLATE, "--source", "partner", "--mapping", str(mapping))
    mapping.write_text("list_separator: ''\n")
    with pytest.raises(CommandError, match="list_separator cannot be empty"):
        run(TEMPLATE, "--source", "partner", "--mapping", str(mapping))
    mapping.write_text("[1, 2")
    with pytest.raises(CommandError, match="Cannot read the mapping file"):
        run(TEMPLATE, "--source", "partner", "--mapping", str(mapping))


def test_default_kind_and_theme_mapping(places, english, tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"default_kind": "fablab", "themes": {"Robotique spatiale": '
                       '["digital-literacy", "education"]}}')
    output = run(TEMPLATE, "--source", "partner", "--mapping", str(mapping))
    assert "8 created" in output  # "Space station" falls back to the default kind
    assert "Unknown kinds (add them to the mapping's \"kinds\"): 'Space station' ×1" in output
    assert actor("fl-003").kind.slug == "fablab"
    assert set(actor("fl-007").themes.values_list("slug", flat=True)) == {
        "digital-literacy", "education"}


def generated_csv(path, rows):
    lines = ["external_id,name,kind,themes,city,country,latitude,longitude,website"]
    cities = ["Dakar", "DAKAR", "Saint-Louis", "St Louis", "saint louis"]
    for n in range(rows):
        lines.append(f"r{n},Lab {n},fablab,social|health,{cities[n % 5]},SN,"
                     f"14.{n % 1000:03d},-17.4,https://lab{n}.example.org")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_every_batch_is_written(places, english, tmp_path):
    from imports import import_actors

    path = generated_csv(tmp_path / "many.csv", 230)
    report = import_actors(source_file=path, fmt="csv", source="bulk", batch_size=100)
    assert report.created == Actor.objects.filter(source="bulk").count() == 230
    report = import_actors(source_file=path, fmt="csv", source="bulk", batch_size=100,
                           progress=True)
    assert report.unchanged == 230


@pytest.mark.parametrize("rows", [50, 500])
def test_queries_do_not_grow_with_the_rows(
    places, english, tmp_path, rows, django_assert_max_num_queries
):
    """A fixed number of queries per batch of 1,000 rows, whatever the number of rows and
    the database: the actors in one executemany (SQLite) or COPY (PostgreSQL, which the
    query log does not see), their history and its themes copied by the database in one
    INSERT ... SELECT each."""
    from imports import import_actors

    path = generated_csv(tmp_path / "many.csv", rows)
    # Fixed costs per run: places, kinds, themes, whether the source was imported before
    # (a new source's batches look nothing up by identifier), the other sources' index for
    # duplicates, the source's licence record; the rest is per batch.
    with django_assert_max_num_queries(19):
        report = import_actors(source_file=path, fmt="csv", source="bulk")
    assert report.created == rows
    with open(path, "a") as handle:
        handle.write("\nnew,New lab,fablab,,Dakar,SN,,,\n")
    with django_assert_max_num_queries(19):
        report = import_actors(source_file=path, fmt="csv", source="bulk")
    assert (report.created, report.unchanged) == (1, rows)


def test_user_option_records_the_author(places, english):
    user = UserFactory(username="importer")
    run(TEMPLATE, "--source", "partner", "--user", "importer")
    assert actor("fl-001").history.get().history_user == user
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        run(TEMPLATE, "--source", "partner", "--user", "nobody")


def test_a_database_conflict_is_a_clear_error_and_changes_nothing(places, english, monkeypatch):
    from imports.writer import BatchWriter

    def same_slug(self, rows):
        for row in rows:
            row["slug"] = "same-slug"

    monkeypatch.setattr(BatchWriter, "assign_slugs", same_slug)
    before = snapshot()
    with pytest.raises(CommandError, match="another import of this source ran at the same"):
        run(TEMPLATE, "--source", "partner")
    assert snapshot() == before


def test_repeated_records_are_counted_in_any_language(places):
    """The demo loader reports "merged duplicates" from this count, also in French."""
    from imports import import_actors

    with translation.override("fr"):
        report = import_actors(source_file=TEMPLATE, fmt="csv", source="partner",
                               progress=False)
    assert report.duplicates == 1
    assert report.skipped >= report.duplicates
