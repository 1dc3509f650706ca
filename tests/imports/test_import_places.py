# ruff: noqa: F811 - the fixtures imported from import_helpers are test arguments
"""City and country matching of imported records."""

import pytest
from django.utils import translation

from actors.models import Actor
from cities.models import City, Country
from imports.places import PlaceResolver, place_key
from imports.report import ImportReport
from tests.factories import CityFactory, CountryFactory
from tests.imports.import_helpers import english, places, run  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("spelling", "key"),
    [("CLERMONT-FERRAND", "clermont ferrand"), ("Clermont  Ferrand", "clermont ferrand"),
     ("St-Louis", "saint louis"), ("Yaoundé", "yaounde"), ("L’Haÿ-les-Roses", "l hay les roses")],
)
def test_place_keys(spelling, key):
    assert place_key(spelling) == key


def resolver():
    return PlaceResolver(mapping_countries={"belgique": "BE"}, report=ImportReport())


def test_cities_match_by_name_spelling_and_country(places):
    found = resolver()
    be = Country.objects.get(code="BE")
    fr = Country.objects.get(code="FR")
    assert found.find_city("Brussels", be) == places["bruxelles"]
    assert found.find_city("BRUXELLES", be) == places["bruxelles"]
    assert found.find_city("Liege", be) == places["liege"]
    assert found.find_city("clermont-ferrand", fr) == places["clermont"]
    assert found.find_city("Bruxelles", fr) is None  # same name, other country


def test_a_city_name_wins_over_another_citys_alternate_spelling(places):
    be = Country.objects.get(code="BE")
    other = CityFactory(name="Brussel", slug="brussel", country=be)
    assert resolver().find_city("Brussel", be) == other


def test_countries_by_code_name_alias_and_mapping(places):
    found = resolver()
    assert found.country("be").code == "BE"
    assert found.country("BEL").code == "BE"
    assert found.country("Belgium").code == "BE"
    assert found.country("Belgique").code == "BE"  # from the mapping
    assert found.country("Cameroon").code == "CM"
    assert found.country("Atlantis") is None
    assert found.country("DE") is None  # not among our countries


def test_created_city_is_the_gazetteer_place_of_the_record(places):
    report = ImportReport()
    found = PlaceResolver(mapping_countries={}, report=report)
    resolution = found.resolve(city=" ZIGUINCHOR ", country="SN", latitude=12.59,
                               longitude=-16.27)
    assert resolution.city is None and resolution.place.name == "Ziguinchor"
    assert not City.objects.filter(name="Ziguinchor").exists()  # resolving writes nothing
    found.cities_for([resolution])
    city = resolution.city
    assert (city.name, city.slug, city.is_aimf_member) == ("Ziguinchor", "ziguinchor", False)
    assert city.geonames_id == resolution.place.geonames_id  # the place's centre, not ours
    assert (city.latitude, city.longitude) == (round(resolution.place.latitude, 5),
                                               round(resolution.place.longitude, 5))
    assert found.find_city("Ziguinchor", city.country) == city  # later records match it
    again = found.resolve(city="Ziguinchor", country="SN", latitude=None, longitude=None)
    found.cities_for([again])
    assert again.city == city
    assert report.cities_created == ["Ziguinchor (SN)"]


# --- the gazetteer behind every city (issue 15) ----------------------------------------

HEADER = "name,kind,city,country,latitude,longitude\n"


def csv_file(tmp_path, rows):
    path = tmp_path / "places.csv"
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def new_cities(places):
    return sorted(City.objects.exclude(pk__in=[city.pk for city in places.values()])
                  .values_list("name", "geonames_id"))


def test_spelling_variants_articles_and_saints_make_one_city_each(places, english, tmp_path):
    path = csv_file(tmp_path, [
        "Lab 1,fablab,Havre (Le),FR,,",
        "Lab 2,fablab,Le havre,FR,49.49,0.11",
        "Lab 3,fablab,LE HAVRE,FR,,",
        "Lab 4,fablab,ST GEORGES DE MONTAIGU,FR,,",
        "Lab 5,fablab,Saint-Georges-de-Montaigu,FR,46.95,-1.29",
        "Lab 6,fablab,toulouse,FR,,",
    ])
    output = run(path, "--source", "partner")
    assert "6 created, 0 updated, 0 unchanged, 0 skipped, 0 rejected." in output
    assert new_cities(places) == [("Le Havre", 3003796), ("Saint-Georges-de-Montaigu", 2979930),
                                  ("Toulouse", 2972315)]
    assert Actor.objects.filter(city__name="Le Havre").count() == 3
    # A second run changes nothing and creates no city.
    again = run(path, "--source", "partner")
    assert "0 created, 0 updated, 6 unchanged" in again and len(new_cities(places)) == 3


def test_a_record_with_coordinates_only_gets_its_city_and_country(places, english, tmp_path):
    path = csv_file(tmp_path, ["Lab Paris,fablab,,,48.8566,2.3522"])
    output = run(path, "--source", "partner")
    assert "1 created" in output
    lab = Actor.objects.get(name="Lab Paris")
    assert (lab.city.name, lab.city.country.code, lab.city.geonames_id) == ("Paris", "FR", 2988507)
    assert (lab.latitude, lab.longitude) == (48.8566, 2.3522)


def test_addresses_as_city_names_never_become_cities(places, english, tmp_path):
    path = csv_file(tmp_path, [
        "Lab Rue,fablab,12 rue de la Paix,FR,,",
        "Lab Km,fablab,KM. 12.5 Carretera a El Salvador,SN,,",
        "Lab Point,fablab,12 rue de la Paix,FR,45.78,3.09",
    ])
    output = run(path, "--source", "partner")
    assert "1 created, 0 updated, 0 unchanged, 0 skipped, 2 rejected." in output
    assert "rejected line 2 (Lab Rue): '12 rue de la Paix' is not a place of FR known to the " \
        "gazetteer (GeoNames), and there are no coordinates to find it." in output
    assert new_cities(places) == []
    # With a point, the record lands in the city it is in: here the member Clermont-Ferrand.
    assert Actor.objects.get(name="Lab Point").city == places["clermont"]


def test_a_rejected_record_creates_no_city(places, english, tmp_path):
    before = City.objects.count()
    path = csv_file(tmp_path, ["Lab Toulouse,space station,Toulouse,FR,43.6,1.44"])
    output = run(path, "--source", "partner", expect_error=True)
    assert "0 created, 0 updated, 0 unchanged, 0 skipped, 1 rejected." in output
    assert City.objects.count() == before and City.history.count() == before


def test_member_cities_are_never_duplicated_by_a_variant(places, english, tmp_path):
    vn = CountryFactory(code="VN", region=Country.Region.SOUTH_EASTERN_ASIA)
    hanoi = CityFactory(name="Hanoï", slug="hanoi", country=vn, latitude=21.0245,
                        longitude=105.84117, geonames_id=1581130)
    path = csv_file(tmp_path, [
        "Lab 1,fablab,Hà N?i,VN,21.03,105.85",
        "Lab 2,fablab,Ha Noi,VN,,",
        "Lab 3,fablab,,,21.0287,105.852",
        "Lab 4,fablab,Hanoi,Vietnam,,",
    ])
    output = run(path, "--source", "partner")
    assert "4 created" in output
    assert set(Actor.objects.values_list("city", flat=True)) == {hanoi.pk}
    assert City.objects.filter(country=vn).count() == 1


def test_resolve_writes_nothing_and_gives_a_translated_reason(places):
    found = PlaceResolver(mapping_countries={}, report=ImportReport())
    before = City.objects.count()
    with translation.override("fr"):
        missing = found.resolve(city="Nulle Part", country="FR", latitude=None, longitude=None)
    assert missing.place is None and missing.city is None and missing.reason
    assert "gazetteer" not in missing.reason  # French
    far = found.resolve(city="", country="", latitude=0.0, longitude=-30.0)
    assert far.reason and far.place is None
    created = found.resolve(city="Toulouse", country="FR", latitude=None, longitude=None)
    assert created.place.geonames_id == 2972315 and created.city is None
    assert City.objects.count() == before


@pytest.mark.parametrize("towns", [2, 12])
def test_the_towns_a_file_brings_are_created_together(
    places, english, tmp_path, towns, django_assert_max_num_queries
):
    """However many towns a file brings, their cities cost the same few queries (one
    import made 2,000 of them); homonyms of one country get their region code."""
    from cities.gazetteer import gazetteer
    from imports import import_actors

    every = [gazetteer().place(position) for position in range(len(gazetteer()))]
    senegal = sorted((place for place in every if place.country == "SN"
                      and place.name not in {"Dakar", "Saint-Louis"}),
                     key=lambda place: -place.population)[:towns]
    homonyms = [place for place in every
                if place.country == "FR" and place.name == "Saint-Sauveur"][:2]
    path = csv_file(tmp_path, [
        f"Lab {number},fablab,{place.name},{place.country},{place.latitude},{place.longitude}"
        for number, place in enumerate([*senegal, *homonyms])
    ])
    with django_assert_max_num_queries(23):
        report = import_actors(source_file=path, fmt="csv", source="towns")
    assert (report.created, report.rejected) == (towns + 2, [])
    created = City.objects.filter(geonames_id__in=[p.geonames_id for p in senegal + homonyms])
    assert sorted(created.filter(country__code="SN").values_list("name", flat=True)) == sorted(
        place.name for place in senegal)
    assert sorted(created.filter(country__code="FR").values_list("name", flat=True)) == [
        "Saint-Sauveur", f"Saint-Sauveur ({homonyms[1].admin1})"]
    assert len({city.slug for city in created}) == towns + 2
    assert all(city.actors.count() == 1 for city in created)
    assert {(city.history.get().history_type, city.history.get().history_change_reason)
            for city in created} == {("+", "created by an import")}
    for city in created:  # what save() would have stored, though it is not called
        stored = (city.search_text, city.sort_name)
        city.save()
        city.refresh_from_db()
        assert stored == (city.search_text, city.sort_name) and city.search_text
