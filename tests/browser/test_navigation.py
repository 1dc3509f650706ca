"""The header: a short primary menu and one account menu, usable with the keyboard."""

import pytest

from tests.browser.conftest import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def official_page(page, demo_data):
    from cities.models import City

    official = UserFactory(username="nav-official")
    City.objects.get(slug="yaounde").officials.add(official)
    page.set_viewport_size({"width": 1366, "height": 800})
    return sign_in(page, official, next_url="/actors/")


def _on_one_row(page, selector):
    """Whether the visible boxes matched by `selector` all share a horizontal band."""
    return page.evaluate(
        """(selector) => {
            const boxes = [...document.querySelectorAll(selector)]
                .filter((el) => el.offsetParent !== null)
                .map((el) => el.getBoundingClientRect());
            return boxes.length > 6
                && Math.max(...boxes.map((b) => b.top)) < Math.min(...boxes.map((b) => b.bottom));
        }""",
        selector,
    )


def test_an_officials_header_is_one_row_at_1366px(official_page):
    page = official_page
    header = page.locator(".site-header")
    # Brand, the five primary links, the account button and the language switch: one row.
    assert _on_one_row(page, ".site-header > .brand, .primary-nav a, .account-menu > summary, "
                             ".language-switcher a")
    assert header.bounding_box()["height"] < 70
    primary = page.get_by_role("navigation", name="Menu principal").get_by_role("link")
    assert primary.all_inner_texts() == ["Carte", "Annuaire", "Sommets", "Forge", "Statistiques"]
    # Personal and moderation links are folded away until the account menu opens.
    assert not page.get_by_role("link", name="Modération", exact=True).is_visible()


def test_the_account_menu_opens_with_enter_and_closes_with_escape(official_page):
    page = official_page
    summary = page.locator(".account-menu > summary")
    summary.focus()
    page.keyboard.press("Enter")
    moderation = page.get_by_role("link", name="Modération", exact=True)
    assert moderation.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Profil"
    page.keyboard.press("Escape")
    assert not moderation.is_visible()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    # Tab order then goes on past the closed menu, not into it.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.account-menu')") is None


def test_the_account_menu_works_without_javascript(browser, live_server, official_page):
    state = official_page.context.storage_state()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False,
                                  storage_state=state)
    page = context.new_page()
    page.goto("/actors/")
    page.locator(".account-menu > summary").click()
    assert page.get_by_role("link", name="Mes organisations").is_visible()
    context.close()


def test_phone_header_stays_compact(page, demo_data):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/")
    assert page.locator(".site-header").bounding_box()["height"] < 130
