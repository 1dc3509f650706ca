"""Phone first: on a 390x844 screen the map starts within the first screen."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_map_is_in_the_first_phone_screen(browser, live_server, demo_data):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR",
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto("/")
    page.wait_for_selector("#actor-map[data-state=ready]")
    top = page.locator("#actor-map").bounding_box()["y"]
    assert top < 844 - 300, top  # at least 300 px of map on the first screen
    # The filters are one tap away, and the kinds come back when the panel opens.
    page.get_by_text("Plus de filtres").click()
    assert page.get_by_role("checkbox", name="Fablab", exact=True).is_visible()
    context.close()
