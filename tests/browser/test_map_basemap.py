"""Without the tile server, maps still show land and borders from the bundled basemap."""

import pytest

from actors.models import Actor

pytestmark = pytest.mark.django_db(transaction=True)


def block_tiles(page):
    page.unroute("https://tile.openstreetmap.org/**")
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())


def test_the_basemap_is_drawn_when_tiles_are_blocked(page, demo_data):
    block_tiles(page)
    page.goto("/")
    page.wait_for_selector("#actor-map[data-basemap=ready]")
    assert page.locator("#actor-map .leaflet-basemap-pane path.basemap-land").count() >= 1
    assert page.locator("#actor-map .leaflet-basemap-pane path.basemap-borders").count() >= 1
    # Drawn under the tiles' pane.
    assert page.evaluate("getComputedStyle(document.querySelector('.leaflet-basemap-pane'))"
                         ".zIndex") == "150"


def test_a_small_map_falls_back_to_the_basemap_when_a_tile_fails(page, demo_data):
    actor = Actor.objects.published().first()
    block_tiles(page)
    page.goto(actor.get_absolute_url())
    page.wait_for_selector(".mini-map[data-basemap=ready]")
    assert page.locator(".mini-map path.basemap-land").count() >= 1


def test_the_light_map_switch_stops_loading_tiles(page, demo_data):
    page.goto("/")
    page.wait_for_selector("#actor-map[data-state=ready]")
    switch = page.get_by_role("button", name="Carte légère (sans fond détaillé)")
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    page.wait_for_selector("#actor-map[data-basemap=ready]")
    assert page.locator("#actor-map .leaflet-tile-pane img").count() == 0
    switch.click()
    assert switch.get_attribute("aria-pressed") == "false"
    page.wait_for_selector("#actor-map .leaflet-tile-pane img")


def test_save_data_turns_the_light_map_on(browser, live_server, demo_data):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.add_init_script("Object.defineProperty(navigator, 'connection', "
                         "{value: {saveData: true}, configurable: true})")
    tiles = []
    page.on("request", lambda request: "tile.openstreetmap.org" in request.url
            and tiles.append(request.url))
    page.goto("/")
    page.wait_for_selector("#actor-map[data-basemap=ready]")
    assert page.locator("#actor-map").get_attribute("data-light") == "true"
    assert tiles == []
    context.close()
