"""The map in a real browser: filters, URL state, popups, embed, accessibility."""

import functools
import http.server
import re
import threading

import pytest

from actors.models import Actor

pytestmark = pytest.mark.django_db(transaction=True)


def wait_ready(page):
    page.wait_for_selector("#actor-map[data-state=ready]")


def count_text(page):
    return page.locator("#result-count").inner_text()


def test_filtering_updates_markers_count_and_url_and_back_restores(page, demo_data):
    total = Actor.objects.published().count()
    incubators = Actor.objects.published().of_kind("incubator").count()
    page.goto("/")
    wait_ready(page)
    assert count_text(page) == f"{total} acteurs"
    assert page.locator("#actor-map").get_attribute("data-total") == str(total)
    markers_before = page.locator(".kind-marker, .marker-cluster").count()

    page.get_by_role("checkbox", name="Incubateur").check()
    page.wait_for_url(re.compile(r"kind=incubator"))
    page.wait_for_selector(f"#actor-map[data-total='{incubators}'][data-state=ready]")
    assert count_text(page) == f"{incubators} acteurs"
    assert page.locator(".kind-marker, .marker-cluster").count() != markers_before
    assert page.locator("#list-link").get_attribute("href").endswith("?kind=incubator")

    page.go_back()
    page.wait_for_selector(f"#actor-map[data-total='{total}'][data-state=ready]")
    assert not page.get_by_role("checkbox", name="Incubateur").is_checked()
    assert count_text(page) == f"{total} acteurs"


def test_search_is_live_and_accent_insensitive(page, demo_data):
    # Expectations are read before the browser runs: the live server shares the database.
    expected = Actor.objects.published().search("yaounde").count()
    page.goto("/")
    wait_ready(page)
    page.get_by_label("Rechercher").fill("yaounde")
    page.wait_for_url(re.compile(r"q=yaounde"))
    page.wait_for_selector(f"#actor-map[data-total='{expected}'][data-state=ready]")
    assert expected > 0


def test_a_shared_url_restores_filters_and_view(page, demo_data):
    fablabs = Actor.objects.published().of_kind("fablab").count()
    page.goto("/?kind=fablab#map=6/48.1000/-1.6700")
    wait_ready(page)
    assert page.get_by_label("Fablab", exact=True).is_checked()
    assert page.evaluate("window.location.hash") == "#map=6/48.1000/-1.6700"
    assert page.locator("#actor-map").get_attribute("data-total") == str(fablabs)


def test_a_popup_link_opens_the_actor_page(page, demo_data):
    # My Human Kit is alone in Rennes: zoomed in, its marker stands on its own.
    page.goto("/?q=human#map=12/48.1111/-1.6743")
    wait_ready(page)
    marker = page.locator(".kind-marker").first
    assert marker.get_attribute("tabindex") == "0"  # reachable with the keyboard
    marker.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup a", has_text="My Human Kit")
    link.wait_for()
    assert "Fablab · Rennes, France" in page.locator(".leaflet-popup").inner_text()
    link.click()
    page.wait_for_url("**/actors/my-human-kit/")
    assert page.locator("h1").inner_text() == "My Human Kit"
    assert page.locator(".mini-map .still-point").count() == 1


@pytest.fixture
def partner_site(tmp_path):
    """Another website (another origin), served by a plain HTTP server on loopback."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=tmp_path)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_embed_renders_in_another_sites_iframe(page, live_server, partner_site, demo_data):
    yaounde = Actor.objects.published().filter(city__slug="yaounde").count()
    folder, origin = partner_site
    (folder / "our-city.html").write_text(
        '<!DOCTYPE html><html lang="fr"><title>Partner</title>'
        f'<iframe title="carte" src="{live_server.url}/embed/?city=yaounde" '
        'width="800" height="500"></iframe></html>'
    )
    page.goto(f"{origin}/our-city.html")
    frame = page.frame_locator("iframe")
    frame.locator("#actor-map[data-state=ready]").wait_for()
    assert frame.locator("#result-count").inner_text() == f"{yaounde} acteurs"
    assert frame.locator(".kind-marker, .marker-cluster").count() > 0


def test_no_request_leaves_the_site_but_map_tiles(page, live_server, demo_data):
    origins = set()
    page.on("request", lambda request: origins.add(re.match(r"https?://[^/]+", request.url)[0]))
    page.goto("/")
    wait_ready(page)
    assert origins <= {live_server.url, "https://tile.openstreetmap.org"}
