"""Public pages in a real browser: accessibility (axe-core), keyboard use, no CSP errors."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/actors/",
    "/actors/my-human-kit/",
    "/cities/yaounde/",
    "/countries/",
    "/countries/cm/",
    "/workshops/",
    "/summits/namur-2021/",
    "/workshops/namur-2021-villes-et-acteurs-de-linnovation/",
    "/people/charlie-dreano/",
    "/embed/?city=yaounde",
]


def test_public_pages_pass_axe_in_both_languages(page, axe, demo_data):
    failures = {}
    for path in PAGES + [f"/en{path}" for path in PAGES]:
        response = page.goto(path)
        assert response.status == 200, path
        if page.locator("[data-map=actors]").count():
            page.wait_for_selector("[data-map=actors][data-state=ready]")
        results = axe.run(page)
        if results.violations_count:
            failures[path] = results.generate_report()
    assert not failures, "\n".join(f"{path}:\n{report}" for path, report in failures.items())
    assert page.console_errors == []


def test_keyboard_user_reaches_the_content_first(page, demo_data):
    page.goto("/actors/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switcher_keeps_the_current_page(page, demo_data):
    page.goto("/countries/cm/")
    assert page.locator("h1").inner_text() == "Cameroun"
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/countries/cm/")
    assert page.locator("h1").inner_text() == "Cameroon"
    assert page.locator("html").get_attribute("lang") == "en"


def test_directory_filters_work_without_javascript(browser, live_server, demo_data):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/actors/")
    page.get_by_label("Incubateur").check()
    page.get_by_role("button", name="Filtrer").click()
    assert "kind=incubator" in page.url
    results = page.locator(".results li")
    assert results.count() > 0
    assert all("Incubateur" in text for text in results.all_inner_texts())
    context.close()
