"""Summit, workshop, speakers and action plan pages in a real browser: axe-core, maps,
filters without JavaScript, calendar links."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/workshops/",
    "/summits/namur-2021/",
    "/workshops/namur-2021-villes-et-acteurs-de-linnovation/",
    "/workshops/namur-2021-numerique-et-desinformation/",
    "/people/",
    "/people/?role=speaker&summit=namur-2021",
    "/people/charlie-dreano/",
    "/action-plan/",
    "/action-plan/?status=proposed&theme=social",
    "/action-plan/?status=nope",
    "/action-plan/plateforme-innovations-locales/",
]


def test_pages_pass_axe_in_both_languages(page, axe, demo_data):
    failures = {}
    for path in PAGES + [f"/en{path}" for path in PAGES]:
        response = page.goto(path)
        assert response.status == 200, path
        if page.locator("[data-map=places]").count():
            page.wait_for_selector("[data-map=places][data-state=ready]")
        results = axe.run(page)
        if results.violations_count:
            failures[path] = results.generate_report()
    assert not failures, "\n".join(f"{path}:\n{report}" for path, report in failures.items())
    assert page.console_errors == []


def test_summit_map_shows_the_venue(page, demo_data):
    page.goto("/summits/namur-2021/")
    page.wait_for_selector("[data-map=places][data-state=ready]")
    marker = page.locator("[data-map=places] .still-point")
    assert marker.count() == 1
    assert "Parlement de la Fédération Wallonie-Bruxelles" in marker.get_attribute("aria-label")
    assert page.console_errors == []


def test_workshop_map_places_the_organisations(page, demo_data):
    page.goto("/workshops/namur-2021-villes-et-acteurs-de-linnovation/")
    page.wait_for_selector("[data-map=places][data-state=ready]")
    # The venue and the seven organisations of speakers that are on the platform.
    assert page.locator("[data-map=places] .still-point").count() == 8
    # Each organisation is a link to its page, named by its name and city.
    link = page.locator("[data-map=places] a.place-organisation[title^='My Human Kit']")
    assert link.get_attribute("aria-label").startswith("My Human Kit, ")
    link.click()
    page.wait_for_url("**/actors/my-human-kit/")
    assert page.console_errors == []


def test_filters_work_without_javascript(browser, live_server, demo_data):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/action-plan/")
    page.locator("input[name=status][value=in_progress]").check()
    page.locator("main form button[type=submit]").click()
    assert "status=in_progress" in page.url
    items = page.locator("ol.commitments > li")
    assert items.count() == 1 and "innovations locales" in items.inner_text()
    page.goto("/people/")
    page.locator("select[name=role]").select_option("chair")
    page.locator("main form button[type=submit]").click()
    assert "role=chair" in page.url
    assert page.locator(".people-list > li").all_inner_texts()[0].startswith(
        "Marguerite Dissake Ekoka")
    assert page.locator(".people-list > li").count() == 1
    context.close()


def test_calendar_link_downloads_an_ics_file(page, demo_data):
    page.goto("/summits/namur-2021/")
    with page.expect_download() as download_info:
        page.locator("a[href='/summits/namur-2021/calendar.ics']").first.click()
    download = download_info.value
    assert download.suggested_filename == "namur-2021.ics"
    assert "BEGIN:VCALENDAR" in Path(download.path()).read_text(encoding="utf-8")
