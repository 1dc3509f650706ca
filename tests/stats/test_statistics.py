"""Statistics figures against hand-computed values, their pages and CSV downloads."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from actors.models import Actor
from innovations.models import ForgeStatus
from stats.charts import BACKGROUND, PALETTE, contrast_ratio
from stats.selectors import Scope, charts, compared_cities
from tests.factories import ActorFactory, CityFactory
from tests.innovations.factories import AdaptationFactory, InnovationFactory


def by_key(scope):
    return {chart.key: chart for chart in charts(scope)}


def figures(chart):
    return {bar.key: (bar.value, bar.share) for bar in chart.bars}


def test_network_figures(network):
    scope = Scope.network()
    assert scope.summary == {
        "total": 7, "women_led": 3, "not_women_led": 2, "women_led_unknown": 2,
        "women_led_stated": 5, "verified": 3, "verified_share": 42.9,
        # Over the 5 actors that stated it, not the 7: the 2 "not stated" are shown apart.
        "women_led_share": 60.0,
    }
    found = by_key(scope)
    assert list(found) == ["kinds", "themes", "regions", "north-south", "countries",
                           "women-led", "verified", "growth", "adaptations"]
    assert figures(found["kinds"]) == {"fablab": (4, 57.1), "incubator": (3, 42.9)}
    assert figures(found["themes"]) == {"social": (3, 42.9), "digital": (3, 42.9)}
    assert figures(found["countries"]) == {"cm": (4, 57.1), "fr": (3, 42.9)}
    assert figures(found["regions"]) == {"central_africa": (4, 57.1),
                                         "western_europe": (3, 42.9)}
    assert figures(found["north-south"]) == {"south": (4, 57.1), "north": (3, 42.9)}
    assert figures(found["women-led"]) == {"yes": (3, 60.0), "no": (2, 40.0),
                                           "unknown": (2, None)}
    assert found["women-led"].caption == (
        "Acteurs dirigés par des femmes : 5 acteurs l’ont indiqué, 2 ne l’ont pas fait")
    assert figures(found["verified"]) == {"verified": (3, 42.9), "not-verified": (4, 57.1)}


def test_growth_by_month_includes_empty_months_up_to_this_month(network):
    growth = by_key(Scope.network())["growth"]
    months = [(bar.key, bar.value, bar.extra[0]) for bar in growth.bars]
    assert months[:4] == [("2026-01", 2, 2), ("2026-02", 0, 2), ("2026-03", 2, 4),
                          ("2026-04", 3, 7)]
    this_month = timezone.localdate().strftime("%Y-%m")
    assert months[-1][0] == max(this_month, "2026-04")
    assert all(value == 0 and running == 7 for _key, value, running in months[4:])
    assert growth.base == 7


def test_country_figures(network):
    scope = Scope.of_country(network["cameroon"])
    assert scope.summary["total"] == 4
    assert scope.summary["women_led_share"] == 66.7  # 2 of the 3 that stated it
    assert scope.summary["verified_share"] == 50.0
    found = by_key(scope)
    assert "countries" not in found and "regions" not in found
    assert figures(found["cities"]) == {"douala": (3, 75.0), "yaounde": (1, 25.0)}
    assert figures(found["kinds"]) == {"fablab": (2, 50.0), "incubator": (2, 50.0)}
    assert [(bar.key, bar.value) for bar in found["growth"].bars[:3]] == [
        ("2026-01", 2), ("2026-02", 0), ("2026-03", 2)]


def test_city_figures_and_comparison(network):
    scope = Scope.of_city(network["douala"])
    assert scope.summary["total"] == 3
    found = by_key(scope)
    assert figures(found["kinds"]) == {"fablab": (2, 66.7), "incubator": (1, 33.3)}
    assert figures(found["women-led"])["yes"] == (1, 50.0)  # 1 of the 2 that stated it
    assert figures(found["verified"])["verified"] == (2, 66.7)
    assert figures(found["themes"]) == {"social": (2, 66.7), "digital": (1, 33.3)}

    comparison = compared_cities(network["douala"])
    rows = [(row.city.slug, row.actors, row.per_100k, row.women_led_share, row.verified_share)
            for row in comparison["country"]]
    assert rows == [("douala", 3, 0.1, 50.0, 66.7), ("yaounde", 1, None, 100.0, 0.0)]
    assert [row.women_led_stated for row in comparison["country"]] == [2, 1]
    assert [row.city.slug for row in comparison["region"]] == ["douala", "yaounde"]


def test_comparison_keeps_the_city_without_actors_and_its_region_neighbours(network):
    empty = CityFactory(name="Edéa", slug="edea", country=network["cameroon"])
    comparison = compared_cities(empty)
    assert [row.city.slug for row in comparison["country"]] == ["douala", "yaounde", "edea"]
    assert comparison["country"][-1].women_led_share is None


def test_empty_network_has_no_shares(db):
    scope = Scope.network()
    assert scope.summary["total"] == 0 and scope.summary["women_led_share"] is None
    assert by_key(scope)["growth"].bars == []


def test_palette_passes_non_text_contrast():
    assert all(contrast_ratio(colour, BACKGROUND) >= 3 for colour in PALETTE)


# --- Pages -------------------------------------------------------------------------


def test_network_page(client, network):
    response = client.get("/statistics/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Statistiques du réseau" in html or "Statistics of the network" in html
    assert '<svg class="bars"' in html and 'aria-hidden="true"' in html
    assert '<th scope="row">Fablab</th><td class="number">4</td>' in html
    assert "57,1 %" in html  # French decimals
    assert 'href="/statistics/kinds.csv"' in html


def test_english_page(client, network):
    html = client.get("/en/statistics/countries/cm/").content.decode()
    assert "Statistics of Cameroon" in html
    assert '<th scope="row">Douala</th><td class="number">3</td>' in html
    assert "75 %" in html


def test_city_page_highlights_the_city(client, network):
    html = client.get("/en/statistics/cities/douala/").content.decode()
    assert 'class="current" aria-current="true"' in html
    assert "Compared with other cities" in html
    assert "Cities of Cameroon" in html
    assert "population unknown" in html  # Yaoundé


@pytest.mark.parametrize("url", [
    "/statistics/countries/zz/", "/statistics/countries/xx1/", "/statistics/cities/nowhere/",
    "/statistics/nowhere.csv", "/statistics/cities/douala/countries.csv",
    "/statistics/countries/cm/regions.csv", "/statistics/countries/zz/kinds.csv",
    "/statistics/cities/nowhere/kinds.csv",
])
def test_unknown_places_and_charts_are_404(client, network, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("params", [
    {"page": "x"}, {"q": "\x00"}, {"kind": "a" * 5000}, {"month": "99999999999999999999"},
])
def test_garbage_parameters_never_fail(client, network, params):
    # Unusable text or a non-numeric page is refused before the view (400), never a 500.
    assert client.get("/statistics/", params).status_code in (200, 400)
    assert client.get("/statistics/kinds.csv", params).status_code in (200, 400)


def test_country_code_in_either_case(client, network):
    assert client.get("/statistics/countries/CM/").status_code == 200


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_chart_csv_matches_the_chart(client, network):
    response = client.get("/statistics/countries/cm/cities.csv")
    assert response["Content-Disposition"] == 'attachment; filename="statistics-cm-cities.csv"'
    assert 'rel="license"' in response["Link"]
    rows = read_csv(response)
    assert [(row["key"], row["label"], row["count"], row["share_percent"]) for row in rows] == [
        ("douala", "Douala", "3", "75.0"), ("yaounde", "Yaoundé", "1", "25.0")]
    assert "CC BY 4.0" in rows[0]["attribution"]


def test_every_chart_has_a_csv_equal_to_its_figures(client, network):
    for scope, prefix in [(Scope.network(), "/statistics/"),
                          (Scope.of_city(network["douala"]), "/statistics/cities/douala/")]:
        for chart in charts(scope):
            rows = read_csv(client.get(f"{prefix}{chart.key}.csv"))
            assert [(row["key"], int(row["count"])) for row in rows] == [
                (bar.key, bar.value) for bar in chart.bars]


def test_growth_csv_has_the_running_total(client, network):
    rows = read_csv(client.get("/statistics/growth.csv"))
    assert [(row["key"], row["count"], row["cumulative"]) for row in rows[:4]] == [
        ("2026-01", "2", "2"), ("2026-02", "0", "2"), ("2026-03", "2", "4"),
        ("2026-04", "3", "7")]


def test_pages_follow_data_changes(client, network):
    assert '<th scope="row">Fablab</th><td class="number">4</td>' in client.get(
        "/statistics/").content.decode()
    ActorFactory(city=network["paris"], kind=network["actors"][0].kind)
    assert '<th scope="row">Fablab</th><td class="number">5</td>' in client.get(
        "/statistics/").content.decode()


@pytest.mark.parametrize("url", ["/statistics/", "/statistics/countries/cm/",
                                 "/statistics/cities/douala/"])
def test_query_counts_are_constant(client, network, django_assert_max_num_queries, url):
    # 11 for the actors' figures, 2 for the forge (its data version, adaptations).
    with django_assert_max_num_queries(13):
        client.get(url)
    for index in range(15):
        ActorFactory(city=network["yaounde"], themes=[network["actors"][0].themes.first()],
                     created_at=timezone.now() - datetime.timedelta(days=40 * index))
        CityFactory(country=network["cameroon"])
    with django_assert_max_num_queries(13):
        assert client.get(url).status_code == 200
    # Second view: from the cache, keyed by the data versions of actors and the forge.
    with django_assert_max_num_queries(3):
        client.get(url)


def test_pages_without_any_actor(client, db):
    city = CityFactory(name="Edéa", slug="edea")
    for url in ["/statistics/", "/statistics/countries/cm/", f"/statistics/cities/{city.slug}/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Aucun acteur publié" in response.content.decode() or \
            "No published actor to count yet." in response.content.decode()
    rows = read_csv(client.get("/statistics/growth.csv"))
    assert rows == []


def test_comparison_csv(client, network):
    response = client.get("/statistics/cities/douala/comparison.csv")
    rows = read_csv(response)
    assert [(row["city"], row["same_country"], row["is_this_city"], row["actors"],
             row["per_100k_inhabitants"], row["women_led_share_percent"], row["women_led_stated"],
             row["verified_share_percent"]) for row in rows] == [
        ("douala", "True", "True", "3", "0.1", "50.0", "2", "66.7"),
        ("yaounde", "True", "False", "1", "", "100.0", "1", "0.0")]
    assert client.get("/statistics/countries/cm/comparison.csv").status_code == 404
    assert 'href="/statistics/cities/douala/comparison.csv"' in client.get(
        "/statistics/cities/douala/").content.decode()


def test_growth_months_follow_the_site_time_zone(settings, db):
    settings.TIME_ZONE = "Pacific/Kiritimati"  # UTC+14
    actor = ActorFactory()
    Actor.objects.filter(pk=actor.pk).update(
        created_at=datetime.datetime(2026, 1, 31, 12, tzinfo=datetime.UTC))
    bars = by_key(Scope.network())["growth"].bars
    assert (bars[0].key, bars[0].value) == ("2026-02", 1)


def test_adaptations_by_direction(network, client):
    """Douala (South) and Paris (North): an innovation born in Paris adapted in Douala and
    Yaoundé, one born in Douala adapted in Yaoundé and Paris; a pending adaptation and an
    adaptation of an archived innovation are not counted."""
    douala, yaounde, paris = network["douala"], network["yaounde"], network["paris"]
    by_city = {}
    for actor in network["actors"]:
        by_city.setdefault(actor.city_id, actor)
    from_paris = InnovationFactory(city=paris, actors=[by_city[paris.pk]])
    from_douala = InnovationFactory(city=douala, actors=[by_city[douala.pk]])
    archived = InnovationFactory(city=paris, actors=[by_city[paris.pk]],
                                 status=ForgeStatus.ARCHIVED)
    AdaptationFactory(innovation=from_paris, actor=by_city[douala.pk])     # North → South
    AdaptationFactory(innovation=from_paris, actor=by_city[yaounde.pk])    # North → South
    AdaptationFactory(innovation=from_douala, actor=by_city[yaounde.pk])   # South → South
    AdaptationFactory(innovation=from_douala, actor=by_city[paris.pk])     # South → North
    AdaptationFactory(innovation=from_douala, actor=network["actors"][5],  # Paris, pending
                      status=ForgeStatus.PENDING)
    AdaptationFactory(innovation=archived, actor=by_city[douala.pk])       # not public

    def directions(scope):
        return figures(by_key(scope)["adaptations"])

    assert directions(Scope.network()) == {
        "north_south": (2, 50.0), "south_north": (1, 25.0), "south_south": (1, 25.0),
        "north_north": (0, 0.0)}
    # Douala: the one adapted there (from Paris) and the two of its own innovation.
    assert directions(Scope.of_city(douala)) == {
        "north_south": (1, 33.3), "south_north": (1, 33.3), "south_south": (1, 33.3),
        "north_north": (0, 0.0)}
    # France: the two of Paris's innovation and the one adapted in Paris.
    assert directions(Scope.of_country(network["france"])) == {
        "north_south": (2, 66.7), "south_north": (1, 33.3), "south_south": (0, 0.0),
        "north_north": (0, 0.0)}
    # The table counts adaptations, and says so (not "4 actors").
    html = client.get("/en/statistics/").content.decode()
    assert ">Adaptations by direction: 4 adaptations</caption>" in html
    assert '<th scope="col" class="number">Adaptations</th>' in html
    assert "Adaptations by direction: 4 actors" not in html
    rows = list(csv.DictReader(io.StringIO(
        client.get("/en/statistics/adaptations.csv").content.decode("utf-8-sig"))))
    assert [(row["key"], row["count"]) for row in rows] == [
        ("north_south", "2"), ("south_north", "1"), ("south_south", "1"), ("north_north", "0")]


def test_chart_csv_defuses_spreadsheet_formulas(client, network):
    network["yaounde"].name = '=HYPERLINK("http://x";"y")'
    network["yaounde"].save()
    ActorFactory(city=network["yaounde"], kind=network["actors"][0].kind)  # a new version
    rows = read_csv(client.get("/statistics/countries/cm/cities.csv"))
    assert ("yaounde", "'=HYPERLINK(\"http://x\";\"y\")", "2") in [
        (row["key"], row["label"], row["count"]) for row in rows]
