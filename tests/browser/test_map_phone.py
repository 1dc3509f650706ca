"""Phone first, on a 390x844 screen: the map fills the first screen under a compact search
bar, the filters open in a panel that shows the live count, and a map/list switch."""

import pytest

from actors.models import Actor
from cities.models import City

pytestmark = pytest.mark.django_db(transaction=True)
SCREEN = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=SCREEN)
    page = context.new_page()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    yield page
    context.close()


def wait_ready(page, total=None):
    selector = "#actor-map[data-state=ready]"
    if total is not None:
        selector = f"#actor-map[data-total='{total}'][data-state=ready]"
    page.wait_for_selector(selector)


@pytest.mark.parametrize("path", ["/", "/cities/yaounde/", "/countries/cm/"])
def test_the_map_fills_the_first_phone_screen(phone, demo_data, path):
    phone.goto(path)
    wait_ready(phone)
    box = phone.locator("#actor-map").bounding_box()
    shown = min(box["y"] + box["height"], SCREEN["height"]) - box["y"]
    assert shown >= 0.55 * SCREEN["height"], f"{path}: {shown:.0f} px of map on the first screen"
    if path == "/":  # under the search bar, which is in the first screen too
        search = phone.get_by_role("searchbox").bounding_box()
        assert search["y"] + search["height"] <= box["y"]


def test_the_filters_panel_shows_the_live_count_and_closes(phone, demo_data):
    fablabs = Actor.objects.published().of_kind("fablab").count()
    phone.goto("/")
    wait_ready(phone)
    more = phone.locator("summary", has_text="Plus de filtres")
    more.click()
    phone.get_by_role("checkbox", name="Fablab", exact=True).check()
    wait_ready(phone, fablabs)
    # The panel covers the screen and its button, always in sight, gives the live count.
    done = phone.get_by_role("button", name=f"Afficher {fablabs} résultats")
    button = done.bounding_box()
    assert button["y"] + button["height"] <= SCREEN["height"]
    assert phone.get_by_role("checkbox", name="Fablab", exact=True).is_visible()
    done.click()
    assert phone.get_by_role("checkbox", name="Fablab", exact=True).is_hidden()
    # The folded panel's summary says that a filter is on.
    focused = phone.evaluate("document.activeElement.textContent")
    assert focused == "Plus de filtres (1 filtre actif)"
    assert phone.locator("#actor-map").is_visible()
    assert phone.locator("#result-count").inner_text() == f"{fablabs} acteurs"


def test_escape_closes_the_filters_panel(phone, demo_data):
    phone.goto("/")
    wait_ready(phone)
    phone.locator("summary", has_text="Plus de filtres").click()
    phone.get_by_role("checkbox", name="Fablab", exact=True).focus()
    phone.keyboard.press("Escape")
    assert phone.get_by_role("checkbox", name="Fablab", exact=True).is_hidden()
    assert phone.evaluate("document.activeElement.textContent") == "Plus de filtres"


def test_the_map_list_switch_shows_the_results_as_a_list_and_back(phone, demo_data):
    fablabs = list(Actor.objects.published().of_kind("fablab").values_list("name", flat=True))
    phone.goto("/?kind=fablab")
    wait_ready(phone, len(fablabs))
    to_list = phone.get_by_role("button", name="Liste", exact=True)
    to_map = phone.get_by_role("button", name="Carte", exact=True)
    assert to_list.get_attribute("aria-pressed") == "false"
    to_list.focus()
    phone.keyboard.press("Enter")
    results = phone.get_by_role("region", name="Les résultats sous forme de liste")
    results.get_by_role("link", name=fablabs[0]).wait_for()
    assert sorted(results.locator("ol li a").all_inner_texts()) == sorted(fablabs)
    assert phone.locator("#actor-map").is_hidden()
    assert to_list.get_attribute("aria-pressed") == "true"
    assert phone.get_by_role("status").filter(
        has_text="La liste des résultats est affichée.").count() == 1
    # The list follows the filters while it is shown.
    phone.get_by_role("searchbox").fill(fablabs[0])
    results.get_by_role("link", name=fablabs[0]).wait_for()
    for _ in range(50):
        if results.locator("ol li a").count() == 1:
            break
        phone.wait_for_timeout(100)
    assert results.locator("ol li a").all_inner_texts() == [fablabs[0]]

    to_map.focus()
    phone.keyboard.press("Space")
    assert phone.locator("#actor-map").is_visible()
    assert results.is_hidden()
    assert to_map.get_attribute("aria-pressed") == "true"
    assert phone.get_by_role("status").filter(has_text="La carte est affichée.").count() == 1


def test_on_a_city_page_the_switch_shows_the_city_list(phone, demo_data):
    yaounde = City.objects.get(slug="yaounde")
    name = Actor.objects.published().in_city(yaounde).values_list("name", flat=True)[0]
    phone.goto("/cities/yaounde/")
    wait_ready(phone)
    actor_link = phone.get_by_role("link", name=name)
    assert actor_link.bounding_box()["y"] > phone.locator("#actor-map").bounding_box()["y"]
    phone.get_by_role("button", name="Liste", exact=True).click()
    assert phone.locator("#actor-map").is_hidden()
    assert actor_link.bounding_box()["y"] < SCREEN["height"]  # the list moved up
    phone.get_by_role("button", name="Carte", exact=True).click()
    assert phone.locator("#actor-map").is_visible()
