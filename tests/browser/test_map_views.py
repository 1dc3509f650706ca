"""Maps that explain themselves: a chosen place fits the map, empty results say so,
and a shared link reproduces the view."""

import re

import pytest
from django.db.models import Count

from actors.models import Actor
from cities.models import City

pytestmark = pytest.mark.django_db(transaction=True)


def wait_ready(page, total=None):
    selector = "#actor-map[data-state=ready]"
    if total is not None:
        selector = f"#actor-map[data-total='{total}'][data-state=ready]"
    page.wait_for_selector(selector)


def hash_view(page):
    zoom, lat, lon = re.match(r"#map=(\d+)/(-?[\d.]+)/(-?[\d.]+)",
                              page.evaluate("window.location.hash")).groups()
    return int(zoom), float(lat), float(lon)


def wait_zoom_above(page, zoom):
    for _ in range(50):
        hash_ = page.evaluate("window.location.hash")
        if hash_.startswith("#map=") and hash_view(page)[0] > zoom:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the map stayed at zoom {zoom}: {page.evaluate('window.location.hash')}")


def test_choosing_a_country_fits_the_map_and_narrows_the_cities(page, demo_data):
    senegal = Actor.objects.published().filter(city__country__code="SN")
    cities = set(City.objects.filter(country__code="SN", actors__status="published")
                 .values_list("slug", flat=True))
    page.goto("/")
    wait_ready(page)
    page.select_option("#id_country", "SN")
    page.wait_for_url(re.compile(r"country=SN"))
    wait_ready(page, senegal.count())
    wait_zoom_above(page, 4)  # from the world view (2) to Senegal
    _, lat, lon = hash_view(page)
    assert 12 < lat < 17 and -18 < lon < -11
    offered = set(page.eval_on_selector_all(
        "#id_city option:not([disabled])", "options => options.map(o => o.value)")) - {""}
    assert offered == cities


def test_an_empty_result_says_so_and_clears_the_filters(page, demo_data):
    total = Actor.objects.published().count()
    page.goto("/")
    wait_ready(page)
    empty = page.locator(".map-empty")
    assert empty.is_hidden()
    page.get_by_role("searchbox").fill("zzqxw")
    wait_ready(page, 0)
    assert empty.is_visible()
    assert "Aucun acteur ne correspond" in empty.inner_text()
    empty.get_by_role("button", name="Effacer les filtres").click()
    wait_ready(page, total)
    assert empty.is_hidden()
    assert page.get_by_role("searchbox").input_value() == ""


def test_the_share_button_gives_a_link_that_reproduces_the_view(page, browser, live_server,
                                                                demo_data):
    country = (Actor.objects.published().of_kind("fablab").values("city__country__code")
               .annotate(n=Count("id")).order_by("-n")[0]["city__country__code"])
    page.goto("/")
    wait_ready(page)
    page.get_by_role("checkbox", name="Fablab", exact=True).check()
    page.select_option("#id_country", country)
    page.wait_for_url(re.compile(f"country={country}"))
    wait_zoom_above(page, 3)
    page.get_by_role("button", name="Partager cette vue").click()
    link = page.locator(".map-share-url")
    link.wait_for()
    url = link.input_value()
    assert "kind=fablab" in url and f"country={country}" in url and "#map=" in url
    view = hash_view(page)

    other = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    other.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    other.goto(url)
    wait_ready(other)
    assert other.get_by_role("checkbox", name="Fablab", exact=True).is_checked()
    assert other.locator("#id_country").input_value() == country
    assert hash_view(other) == view
    other.context.close()


def _colour(text):
    return [float(v) for v in re.findall(r"[\d.]+", text)[:3]]


def _contrast(first, second):
    def luminance(rgb):
        parts = [v / 255 for v in rgb]
        r, g, b = (v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in parts)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_locate_button_is_readable_and_centres_the_map_on_the_user(page, demo_data):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 3.87, "longitude": 11.52})  # Yaoundé
    page.goto("/")
    wait_ready(page)
    locate = page.get_by_role("button", name="Me localiser")
    colours = locate.evaluate(
        "(el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]")
    assert _contrast(_colour(colours[0]), _colour(colours[1])) >= 4.5, colours
    locate.click()
    wait_zoom_above(page, 10)
    _, lat, lon = hash_view(page)
    assert abs(lat - 3.87) < 0.05 and abs(lon - 11.52) < 0.05


def test_the_full_screen_button_puts_the_map_in_full_screen_and_back(page, demo_data):
    page.goto("/")
    wait_ready(page)
    button = page.get_by_role("button", name="Plein écran")
    button.click()
    page.wait_for_selector(".map-fullscreen[aria-pressed=true]")
    assert page.evaluate(
        "document.fullscreenElement.contains(document.getElementById('actor-map'))")
    assert page.locator("#actor-map").bounding_box()["height"] > 500
    button.click()
    page.wait_for_selector(".map-fullscreen[aria-pressed=false]")
    assert page.evaluate("document.fullscreenElement") is None
