"""Light pages and the basemap on every map (issue 17).

Pages with one small map (an actor, a workshop, a summit) draw a still map with
static/js/map/small.js: no Leaflet, no clustering library, none of the actors' map code.
Every map, big or small, shows the bundled basemap when the tile server is unreachable.
"""

import pytest
from django.test import Client

from actors.models import Actor
from revisions.models import Revision
from tests.browser.conftest import sign_in
from tests.factories import ActorFactory, ActorKindFactory, CityFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

HEAVY = ("leaflet.js", "leaflet.markercluster", "js/map/main", "js/map/leaflet-view")


def block_tiles(page):
    page.unroute("https://tile.openstreetmap.org/**")
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())


def requested(page):
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def assert_basemap_drawn(page, selector):
    page.wait_for_selector(f"{selector}[data-basemap=ready]")
    assert page.locator(f"{selector} path.basemap-land").count() >= 1
    assert page.locator(f"{selector} path.basemap-borders").count() >= 1


def test_the_actor_page_loads_neither_leaflet_nor_the_map_code(page, demo_data):
    actor = Actor.objects.published().get(slug="my-human-kit")
    urls = requested(page)
    page.goto(actor.get_absolute_url())
    page.wait_for_selector(".mini-map[data-state=ready]")
    page.wait_for_load_state("networkidle")
    assert [url for url in urls if any(name in url for name in HEAVY)] == []
    assert any("js/map/small" in url for url in urls)
    # Its one marker, in its kind's symbol and named by the actor's name.
    marker = page.locator(".mini-map .still-point")
    assert marker.count() == 1
    assert marker.get_attribute("aria-label") == actor.name
    assert "kind-marker" in marker.get_attribute("class")
    # The map zooms with its buttons, and links to the big map at the actor's place.
    zoom = int(page.locator(".mini-map").get_attribute("data-zoom"))
    page.get_by_role("button", name="Zoom arrière").click()
    assert page.locator(".mini-map").get_attribute("data-zoom") == str(zoom - 1)
    link = page.get_by_role("link", name="Voir sur la carte des acteurs")
    assert link.get_attribute("href").startswith("/#map=13/")
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/summits/namur-2021/",
                                  "/workshops/namur-2021-villes-et-acteurs-de-linnovation/"])
def test_workshop_and_summit_pages_are_light_too(page, demo_data, path):
    urls = requested(page)
    page.goto(path)
    page.wait_for_selector("[data-map=places][data-state=ready]")
    page.wait_for_load_state("networkidle")
    assert [url for url in urls if any(name in url for name in HEAVY)] == []
    assert page.locator(".map-legend").count() == 1  # what a pin and a dot stand for


@pytest.mark.parametrize("path, selector", [
    ("/", "#actor-map"),
    ("/cities/yaounde/", "#actor-map"),
    ("/countries/CM/", "#actor-map"),
    ("/actors/my-human-kit/", ".mini-map"),
    ("/summits/namur-2021/", "[data-map=places]"),
    ("/workshops/namur-2021-villes-et-acteurs-de-linnovation/", "[data-map=places]"),
    ("/innovations/main-imprimee-3d/", "#innovation-map"),
])
def test_every_public_map_draws_the_basemap_without_tiles(page, demo_data, path, selector):
    block_tiles(page)
    assert page.goto(path).status == 200
    assert_basemap_drawn(page, selector)
    assert page.locator(".map-legend").count() >= 1  # every map has its legend


def test_the_registration_map_draws_the_basemap_without_tiles(page):
    CityFactory()
    sign_in(page, UserFactory(username="amina"), next_url="/organisations/new/")
    block_tiles(page)
    page.reload()
    assert_basemap_drawn(page, ".location-map")
    page.locator(".location-map").click()
    # The placed marker's image is found (Leaflet's default icon, hashed names or not).
    page.wait_for_function("""() => {
        const image = document.querySelector('.location-map .leaflet-marker-icon');
        return image && image.complete && image.naturalWidth > 0;
    }""")


def test_the_admin_location_map_draws_the_basemap_without_tiles(page):
    city = CityFactory()
    sign_in(page, UserFactory(username="staff", is_staff=True, is_superuser=True),
            next_url="/admin/")
    block_tiles(page)
    page.goto(f"/admin/cities/city/{city.pk}/change/")
    assert_basemap_drawn(page, ".location-map")


def test_the_review_map_draws_the_basemap_without_tiles(page):
    city = CityFactory(name="Douala", slug="douala")
    owner = UserFactory(username="owner", email="owner@example.org")
    official = UserFactory(username="official", email="official@douala.example")
    city.officials.add(official, UserFactory(username="second"))
    kind, theme = ActorKindFactory(slug="fablab"), ThemeFactory(slug="social")
    actor = ActorFactory(city=city, kind=kind, themes=[theme])
    actor.owners.add(owner)
    client = Client()
    client.force_login(owner)
    client.post(f"/my/organisations/{actor.pk}/edit/", {
        "name": actor.name, "kind": kind.pk, "themes": [theme.pk], "city": city.pk,
        "accessibility": "unknown", "is_women_led": "unknown", "not_a_duplicate": "on",
        "latitude": 4.07, "longitude": 9.67})
    revision = Revision.objects.get()
    block_tiles(page)
    sign_in(page, official, next_url=f"/moderation/changes/{revision.pk}/")
    assert_basemap_drawn(page, "#revision-map")
    assert page.locator(".map-legend").count() == 1
