"""The gazetteer: spellings reduced to keys, places found by name or by point."""

import pytest
from django.utils import translation

from cities.gazetteer import gazetteer, place_key
from cities.gazetteer.matching import locate, match_place


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("spelling", "key"),
    [("Havre (Le)", "le havre"), ("Havre, Le", "le havre"), ("Le havre", "le havre"),
     ("ST GEORGES DE MONTAIGU", "saint georges de montaigu"),
     ("Saint-Georges-de-Montaigu", "saint georges de montaigu"),
     ("Ste-Foy", "sainte foy"), ("Rochelle (La)", "la rochelle"),
     ("L’Haÿ-les-Roses", "l hay les roses")],
)
def test_place_keys_fold_case_accents_hyphens_saints_and_articles(spelling, key):
    assert place_key(spelling) == key


def test_every_place_has_an_id_names_country_population_and_point():
    index = gazetteer()
    assert len(index) > 200_000  # cities500: small towns included
    havre = index.get(3003796)
    assert (havre.name, havre.country, havre.population > 100_000) == ("Le Havre", "FR", True)
    assert "Havre" in havre.alternate_names
    assert index.get(1) is None


@pytest.mark.parametrize(
    ("name", "country", "expected"),
    [("Havre (Le)", "FR", 3003796), ("Le havre", "FR", 3003796), ("toulouse", "FR", 2972315),
     ("ST GEORGES DE MONTAIGU", "FR", 2979930), ("Hanoï", "VN", 1581130),
     ("Ha Noi", "VN", 1581130)],
)
def test_names_match_in_their_country(name, country, expected):
    assert match_place(name=name, country=country).place.geonames_id == expected


def test_a_name_of_another_country_is_not_matched():
    match = match_place(name="Toulouse", country="BE")
    assert match.place is None
    assert "not a place of BE known to the gazetteer" in match.reason


def test_damaged_spellings_resolve_near_their_point():
    assert match_place(name="S?o Paulo", country="BR", latitude=-23.55,
                       longitude=-46.63).place.geonames_id == 3448439
    hanoi = match_place(name="Hà N?i", country="VN", latitude=21.03, longitude=105.85)
    assert hanoi.place.geonames_id == 1581130


def test_a_point_alone_gives_the_city_not_the_district_it_lies_in():
    assert locate(48.8566, 2.3522).name == "Paris"  # not "Paris 04 Hôtel-de-Ville"
    assert locate(21.03, 105.85).name == "Hanoi"  # not the Hoàn Kiếm district
    assert locate(0.0, -30.0) is None  # the middle of the Atlantic


def test_an_address_given_as_city_is_placed_by_its_point_or_not_at_all():
    with_point = match_place(name="Via Francesco Catenazzi 23", country="CH",
                             latitude=46.0037, longitude=8.9511)
    assert with_point.place.name == "Lugano"
    assert "not found in the gazetteer: placed in Lugano" in with_point.notes[0]
    alone = match_place(name="KM. 12.5 Carretera a El Salvador", country="GT")
    assert alone.place is None and "no coordinates to find it" in alone.reason


def test_homonyms_are_told_apart_by_the_point():
    # Saint-Louis: Senegal's is far from the one in Alsace; both are French-named places.
    alsace = match_place(name="Saint-Louis", country="FR", latitude=47.59, longitude=7.56)
    assert (alsace.place.country, round(alsace.place.latitude)) == ("FR", 48)
