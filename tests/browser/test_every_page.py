"""Every page, in both languages, at 320, 390 and 1366 CSS px: axe-core finds no violation
of any impact, and nothing is wider than a 320 px screen (WCAG reflow). One browser
context; each page is loaded once per language and checked at the three widths."""

import pytest

from tests.browser.conftest import BLANK_TILE, sign_in
from tests.every_page import PUBLIC, both_languages, official_pages

pytestmark = pytest.mark.django_db(transaction=True)
WIDTHS = (320, 390, 1366)


def _check(page, axe, paths, failures):
    for path in paths:
        page.set_viewport_size({"width": 1366, "height": 900})
        response = page.goto(path)
        if response is None or response.status != 200:
            failures.append(f"{path}: HTTP {response and response.status}")
            continue
        if page.locator("[data-map=actors]").count():
            page.wait_for_selector("[data-map=actors][data-state=ready]")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(50)
            if width == 320:
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                if scroll_width > 320:
                    failures.append(f"{path} @320: {scroll_width} px wide")
            results = axe.run(page)
            for violation in results.response["violations"]:
                targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
                failures.append(f"{path} @{width}: {violation['id']} ({violation['impact']}) "
                                f"{targets}")


@pytest.mark.timeout(1500)
def test_every_page_passes_axe_and_reflows_at_320px(browser, live_server, axe, demo_data):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(
        status=200, content_type="image/png", body=BLANK_TILE))
    failures = []
    _check(page, axe, both_languages(PUBLIC), failures)
    official, signed_in = official_pages()
    sign_in(page, official, next_url="/accounts/profile/")
    _check(page, axe, both_languages(signed_in), failures)
    context.close()
    assert failures == [], "\n".join(failures)
