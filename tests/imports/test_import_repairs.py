# ruff: noqa: F811 - the fixtures imported from import_helpers are test arguments
"""Files as real directories write them: code pages, control characters, mojibake, HTML,
web addresses and coordinates typed by people; each repair reported with its line."""

import pytest

from actors.models import Actor, LocationPrecision
from cities.models import City
from tests.factories import CountryFactory
from tests.imports.import_helpers import FIXTURES, english, places, run  # noqa: F401

pytestmark = pytest.mark.django_db


def actor(external_id):
    return Actor.objects.select_related("city").get(source="partner", external_id=external_id)


# --- encodings -----------------------------------------------------------------------------

def test_a_dos_cp850_file_is_read_in_its_code_page(places, english):
    output = run(FIXTURES / "dos_cp850.csv", "--source", "partner")
    assert "3 created, 0 updated, 0 unchanged, 0 skipped, 0 rejected." in output
    assert "The file was read as DOS (CP850)." in output
    assert actor("dos-1").name == "École du Numérique"
    assert actor("dos-1").city == places["liege"]
    assert actor("dos-2").short_description == "Un café associatif : réparations, prêts."
    assert actor("dos-3").name == "Fablab Thiès Génération"


@pytest.mark.parametrize(("encoding", "shown"), [
    ("mac_roman", "Mac Roman"), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"),
])
def test_other_encodings_are_detected(places, english, tmp_path, encoding, shown):
    text = (FIXTURES / "dos_cp850.csv").read_bytes().decode("cp850")
    path = tmp_path / "file.csv"
    path.write_bytes(text.encode(encoding))
    output = run(path, "--source", "partner")
    assert "3 created" in output and f"The file was read as {shown}." in output
    assert actor("dos-2").name == "Café Numérique Médina"


def test_mojibake_is_repaired_and_reported(places, english):
    output = run(FIXTURES / "mojibake.csv", "--source", "partner")
    assert actor("mj-1").name == "FabLab Cité des Sciences"
    assert "note line 2 (FabLab Cité des Sciences): name: garbled characters " \
        "'FabLab CitÃ© des Sciences' repaired as 'FabLab Cité des Sciences'." in output


def test_refused_encodings_give_advice_that_works(places, english, tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(bytes(range(256)) * 64)
    output = run(path, "--source", "partner", expect_error=True)
    # Saving as Latin-1 would not help a file that is not text: the advice is UTF-8 alone.
    assert "Latin-1" not in output
    assert "it does not look like text. Export it again as CSV or JSON in UTF-8" in output
    assert "Nothing was imported" in output


# --- control characters --------------------------------------------------------------------

def test_control_characters_are_removed_field_by_field_with_their_line(places, english):
    output = run(FIXTURES / "control.csv", "--source", "partner")
    assert "2 created, 0 updated, 0 unchanged, 0 skipped, 0 rejected." in output
    north = actor("cc-1")
    assert north.name == "Fablab Nord"  # a vertical tab in one line: a space
    assert north.description == "Ateliers\nmachines\net café"  # in text: a line break
    assert actor("cc-2").description == "Un lab ouvert"
    assert "note line 2 (Fablab Nord): control characters removed from name." in output
    assert "note line 2 (Fablab Nord): control characters removed from description." in output
    assert "note line 3 (Lab Sud): control characters removed from description." in output


# --- HTML ----------------------------------------------------------------------------------

def test_html_becomes_plain_text_with_its_line_breaks(places, english):
    output = run(FIXTURES / "html.json", "--format", "gogocarto", "--source", "partner")
    assert "HTML turned into plain text in 1 record." in output
    arvor = actor("h1")
    assert arvor.name == "Espace Arvor"
    assert arvor.address == "Espace associatif d'Arvor, Place d'Armorique, 63000"
    assert arvor.short_description == "Un lieu ouvert & gratuit."
    assert arvor.description == (
        "Ateliers le mardi.\nRepair café le jeudi.\n\n"
        "Voir l'agenda (https://arvor.example.fr/agenda).")
    for text in (arvor.name, arvor.address, arvor.short_description, arvor.description):
        assert "<" not in text and "&amp;" not in text and "alert" not in text


# --- web addresses -------------------------------------------------------------------------

def test_web_addresses_are_cleaned(places, english):
    output = run(FIXTURES / "urls.csv", "--source", "partner")
    assert "4 created" in output and "dropped" not in output
    mailto = actor("u-1")
    assert (mailto.website, mailto.email) == ("", "contact@labmailto.example.sn")
    assert "note line 2 (Lab Mailto): e-mail address 'contact@labmailto.example.sn' taken " \
        "from a mailto: link." in output
    assert actor("u-2").website == "http://lab-double.example.sn"
    assert actor("u-3").website == "https://lab-triple.example.sn/"
    assert actor("u-4").website == "https://www.lab-sans.example.sn"


# --- coordinates ---------------------------------------------------------------------------

def test_coordinates_as_spreadsheets_write_them(places, english):
    CountryFactory(code="VN")
    output = run(FIXTURES / "coordinates.csv", "--source", "partner")
    assert "4 created, 0 updated, 0 unchanged, 0 skipped, 0 rejected." in output
    comma = actor("c-1")
    assert (comma.latitude, comma.longitude, comma.location_precision) == (
        14.6937, -17.4441, LocationPrecision.EXACT)
    assert (actor("c-2").latitude, actor("c-2").longitude) == (14.7, -17.45)
    # An unreadable value is quoted as the source wrote it, never as nan.
    assert "nan" not in output
    assert "note line 4 (Lab Illisible): invalid coordinates (abc, -17,44): placed at the " \
        "city centre." in output
    # Out of range, but right once swapped: the swapped point is used, and said.
    da_nang = actor("c-4")
    assert (da_nang.latitude, da_nang.longitude) == (16.0678, 108.2208)
    assert da_nang.city.country.code == "VN"
    assert "note line 5 (Lab Da Nang): latitude and longitude (108.2208, 16.0678) were " \
        "swapped: corrected." in output
    assert City.objects.filter(country__code="VN").count() == 1
