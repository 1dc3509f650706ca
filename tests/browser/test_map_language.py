"""Leaflet's own controls speak the page's language (issue 17, "one language at a time"):
zoom buttons, a popup's close button, the attribution's Leaflet link, the picker's marker.
And on a phone, a folded filters panel tells how many of its filters are on."""

import pytest

from tests.browser.conftest import sign_in
from tests.factories import CityFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

FRENCH = {"in": "Zoom avant", "out": "Zoom arrière", "close": "Fermer la fiche",
          "leaflet": "Une bibliothèque JavaScript pour les cartes interactives"}
ENGLISH = {"in": "Zoom in", "out": "Zoom out", "close": "Close popup",
           "leaflet": "A JavaScript library for interactive maps"}


def assert_controls(page, words):
    for button, key in ((".leaflet-control-zoom-in", "in"), (".leaflet-control-zoom-out", "out")):
        control = page.locator(button).first
        assert control.get_attribute("aria-label") == words[key]
        assert control.get_attribute("title") == words[key]
    assert page.locator(".leaflet-control-attribution a[href='https://leafletjs.com']").first \
        .get_attribute("title") == words["leaflet"]


def assert_popup_close(page, words):
    close = page.locator(".leaflet-popup-close-button")
    close.wait_for()
    assert close.get_attribute("aria-label") == words["close"]
    assert page.get_by_role("button", name=words["close"]).count() == 1


@pytest.mark.parametrize(("prefix", "words"), [("", FRENCH), ("/en", ENGLISH)])
# My Human Kit is alone in Rennes: zoomed in, its marker stands on its own.
@pytest.mark.parametrize("path", ["/?q=human#map=12/48.1111/-1.6743", "/cities/rennes/"])
def test_the_actor_maps_controls_speak_the_page_language(page, demo_data, prefix, words, path):
    page.goto(prefix + path)
    page.wait_for_selector("#actor-map[data-state=ready]")
    assert_controls(page, words)
    page.locator("#actor-map .kind-marker").first.focus()
    page.keyboard.press("Enter")
    assert_popup_close(page, words)
    assert page.get_by_role("button", name="Zoom in").count() == (prefix == "/en")
    assert "Close popup" not in page.content() or prefix == "/en"
    assert page.console_errors == []


@pytest.mark.parametrize(("prefix", "words"), [("", FRENCH), ("/en", ENGLISH)])
def test_the_forge_map_controls_speak_the_page_language(page, demo_data, prefix, words):
    page.goto(f"{prefix}/innovations/main-imprimee-3d/")
    page.wait_for_selector("#innovation-map[data-state=ready]")
    assert_controls(page, words)
    page.locator("#innovation-map path.forge-adaptation").first.click(force=True)
    assert_popup_close(page, words)
    assert page.console_errors == []


def test_the_location_picker_speaks_the_page_language(page):
    staff = UserFactory(username="staff", is_staff=True, is_superuser=True)
    sign_in(page, staff, next_url="/admin/")
    city = CityFactory(name="Namur", slug="namur", latitude=50.4669, longitude=4.86746)
    page.goto(f"/admin/cities/city/{city.pk}/change/")
    page.locator(".location-map .leaflet-marker-icon").wait_for()
    assert_controls(page, FRENCH)
    assert page.locator(".location-map .leaflet-marker-icon").get_attribute("alt") \
        == "Emplacement choisi"


PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=PHONE)
    page = context.new_page()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.console_errors = []
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    context.close()


def test_the_folded_filters_panel_shows_the_filters_from_the_url(phone, demo_data):
    phone.goto("/?kind=fablab&country=CM")
    phone.wait_for_selector("#actor-map[data-state=ready]")
    summary = phone.locator(".filter-panel > summary")
    assert phone.locator(".filter-panel").get_attribute("open") is None  # folded on a phone
    assert summary.inner_text() == "Plus de filtres (2 filtres actifs)"
    # It follows the choices made in the panel, and says nothing once they are all off.
    summary.click()
    phone.get_by_role("checkbox", name="Fablab", exact=True).uncheck()
    assert summary.inner_text() == "Plus de filtres (1 filtre actif)"
    phone.go_back()  # and the browser's history
    assert phone.get_by_role("checkbox", name="Fablab", exact=True).is_checked()
    assert summary.inner_text() == "Plus de filtres (2 filtres actifs)"
    phone.get_by_role("checkbox", name="Fablab", exact=True).uncheck()
    phone.get_by_label("Pays").select_option("")
    assert summary.inner_text() == "Plus de filtres"
    assert phone.console_errors == []


def test_without_filters_the_summary_stays_plain(phone, demo_data):
    phone.goto("/en/")
    phone.wait_for_selector("#actor-map[data-state=ready]")
    assert phone.locator(".filter-panel > summary").inner_text() == "More filters"
    phone.goto("/en/?verified=on&kind=fablab&kind=incubator")
    phone.wait_for_selector("#actor-map[data-state=ready]")
    summary = phone.locator(".filter-panel > summary")
    assert summary.inner_text() == "More filters (3 active filters)"
