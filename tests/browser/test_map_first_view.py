"""The actors' map's still first view (static/js/map/first-view.js): markers drawn before
Leaflet arrives, then replaced by Leaflet's, once, with nothing left behind."""

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

STILL = "#actor-map .first-view .still-point"


def still_markers(page):
    return page.evaluate("""() => [...document.querySelectorAll(
        '#actor-map .first-view .still-point')].map((el) => ({
            label: el.getAttribute('aria-label'), role: el.getAttribute('role'),
            tag: el.tagName, tabIndex: el.tabIndex }))""")


# Centres of markers in the map's box, by name.
CENTRES = """(selector) => {
    const box = document.querySelector('#actor-map').getBoundingClientRect();
    return Object.fromEntries([...document.querySelectorAll(selector)].map((el) => {
        const r = el.getBoundingClientRect();
        return [el.getAttribute('aria-label'),
                [r.x + r.width / 2 - box.x, r.y + r.height / 2 - box.y]]; })); }"""
MAP_TOP = "document.querySelector('#actor-map').getBoundingClientRect().top"


def test_named_markers_without_leaflet(page, demo_data):
    blocked = re.compile(r".*/leaflet[^/]*\.js$")
    page.route(blocked, lambda route: route.abort())
    page.goto("/")
    page.wait_for_selector(STILL)
    markers = still_markers(page)
    assert markers
    for marker in markers:
        # Named images, never focusable: the layer goes away when Leaflet is there.
        assert marker["role"] == "img" and marker["label"], marker
        assert marker["tag"] == "SPAN" and marker["tabIndex"] == -1, marker
    labels = [marker["label"] for marker in markers]
    # At world view most actors are grouped: "12 acteurs : Fablab (3), …".
    assert any(re.match(r"\d+ acteurs : .+ \(\d+\)", label) for label in labels), labels
    assert page.locator("#actor-map .leaflet-marker-icon").count() == 0
    # The still markers are in the map's box.
    box = page.locator("#actor-map").bounding_box()
    for handle in page.locator(STILL).all():
        point = handle.bounding_box()
        assert box["x"] - 30 <= point["x"] <= box["x"] + box["width"]
        assert box["y"] - 30 <= point["y"] <= box["y"] + box["height"]

    # Same projection and extent as the Leaflet view: a marker drawn alone by both is in
    # the same place (within a pixel or two).
    still = page.evaluate(CENTRES, STILL)
    top = page.evaluate(MAP_TOP)
    page.unroute(blocked)
    page.reload()
    page.wait_for_selector("#actor-map .first-view", state="detached")
    assert page.evaluate(MAP_TOP) == top  # the map's box did not move
    final = page.evaluate(CENTRES, "#actor-map .leaflet-marker-pane .leaflet-marker-icon")
    alone = [label for label in still if label in final and " acteurs : " not in label]
    assert alone, (still, final)
    for label in alone:
        assert abs(still[label][0] - final[label][0]) <= 2, label
        assert abs(still[label][1] - final[label][1]) <= 2, label


def test_a_city_page_fits_the_still_view_to_its_actors(page, demo_data):
    from actors.models import Actor

    actor = Actor.objects.published().select_related("city").order_by("pk").first()
    page.route(re.compile(r".*/leaflet[^/]*\.js$"), lambda route: route.abort())
    page.goto(actor.city.get_absolute_url())
    page.wait_for_selector(STILL)
    labels = [marker["label"] for marker in still_markers(page)]
    assert any(actor.name in label for label in labels) or any(
        re.match(r"\d+ acteurs", label) for label in labels), labels


def test_leaflet_replaces_the_still_view_once(page, demo_data):
    page.goto("/")
    page.wait_for_selector("#actor-map[data-state=ready]")
    page.wait_for_selector("#actor-map .first-view", state="detached")
    assert page.evaluate("document.querySelector('#actor-map').dataset.firstView") == "ready"
    # One set of markers, all of them Leaflet's.
    named = page.evaluate("""() => [...document.querySelectorAll('#actor-map [aria-label]')]
        .filter((el) => el.closest('.leaflet-marker-pane')).length""")
    icons = page.locator("#actor-map .leaflet-marker-pane .leaflet-marker-icon").count()
    assert icons and named == icons
    assert page.locator("#actor-map .still-point").count() == 0

    # The keyboard reaches a cluster and opens it, as before (test_map_keyboard.py).
    page.focus("#actor-map")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('marker-cluster')"):
            break
    assert page.evaluate("document.activeElement.getAttribute('role')") == "button"
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert re.match(r"\d+ acteurs : .+ \(\d+\)", label), label
    page.keyboard.press("Enter")
    # Once the zoom's animation ends, the focus is on one of its actors or sub-clusters.
    page.wait_for_function("""() => document.activeElement.closest('.leaflet-marker-pane')
        !== null""", timeout=15_000)
    assert not page.console_errors


def test_leaflets_styles_come_with_leaflet_not_before_the_first_markers(page, demo_data):
    # The stylesheets of the page at the moment its first still marker enters it.
    page.add_init_script("""new MutationObserver((records, observer) => {
        if (!document.querySelector('#actor-map .first-view .still-point')) return;
        observer.disconnect();
        window.sheetsAtFirstMarker = [...document.querySelectorAll('link[rel=stylesheet]')]
            .map((link) => link.href).join(' ');
    }).observe(document, { childList: true, subtree: true });""")
    page.goto("/")
    page.wait_for_selector("#actor-map[data-state=ready]")
    before = page.evaluate("window.sheetsAtFirstMarker")
    assert "map" in before and "leaflet.css" not in before and "MarkerCluster" not in before
    after = page.evaluate(
        "[...document.querySelectorAll('link[rel=stylesheet]')].map((l) => l.href).join(' ')")
    assert "leaflet.css" in after and "MarkerCluster" in after
    # Leaflet's layout holds: panes stacked in the box, the zoom buttons as a bar.
    assert page.evaluate(
        "getComputedStyle(document.querySelector('#actor-map .leaflet-pane')).position"
    ) == "absolute"
    box = page.locator(".leaflet-control-zoom-in").bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    assert not page.console_errors


def test_a_shared_view_skips_the_still_view(page, demo_data):
    page.goto("/#map=6/6.5/2.4")
    page.wait_for_selector("#actor-map[data-state=ready]")
    assert page.locator("#actor-map .first-view").count() == 0
    assert not page.console_errors


def test_the_first_feed_in_the_page_saves_its_request(page, demo_data):
    feeds = []
    page.on("request", lambda request: "/map/feed/" in request.url and feeds.append(request.url))
    page.goto("/")
    page.wait_for_selector("#actor-map[data-state=ready]")
    page.wait_for_selector("#actor-map .first-view", state="detached")
    # The still view and Leaflet's markers both came from the feed inside the page.
    assert feeds == []
    assert page.locator("#first-feed").count() == 0  # read once, then gone
    assert int(page.evaluate("document.querySelector('#actor-map').dataset.total")) > 0
    # A filter asks the server, as before.
    page.goto("/?q=fablab")
    page.wait_for_selector("#actor-map[data-state=ready]")
    assert len(feeds) == 1 and "q=fablab" in feeds[0]
    assert not page.console_errors
