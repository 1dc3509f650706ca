"""Statistics pages in a real browser: axe-core, phone width, CSV downloads, export links."""

import csv
import io
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/statistics/", "/statistics/countries/cm/", "/statistics/cities/yaounde/"]


def test_statistics_pages_pass_axe_in_both_languages(page, axe, demo_data):
    failures = {}
    for path in PAGES + [f"/en{path}" for path in PAGES]:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("svg.bars").count() >= 3
        assert page.locator("table caption").count() >= 3
        results = axe.run(page)
        if results.violations_count:
            failures[path] = results.generate_report()
    assert not failures, "\n".join(f"{path}:\n{report}" for path, report in failures.items())
    assert page.console_errors == []


def test_charts_fit_a_phone_and_tables_are_read_instead(browser, live_server, demo_data):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360,
                                                                      "height": 740})
    page = context.new_page()
    page.goto("/statistics/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    svg = page.locator("#kinds svg.bars")
    assert svg.get_attribute("aria-hidden") == "true"
    assert svg.bounding_box()["width"] <= 360
    table = page.get_by_role("table", name="Acteurs par type")
    assert table.get_by_role("rowheader").count() >= 2
    context.close()


def test_chart_csv_download(page, demo_data):
    page.goto("/en/statistics/countries/cm/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download “Actors by city” (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "statistics-cm-cities.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows and {"key", "label", "count", "share_percent", "attribution"} <= set(rows[0])
    shown = page.locator("#cities tbody tr").count()
    assert len(rows) == shown


def test_directory_export_link_downloads_the_filtered_actors(page, demo_data):
    page.goto("/actors/?country=cm")
    count = page.locator("ol.results > li").count()
    with page.expect_download() as download_info:
        page.locator("#actor-exports").get_by_role("link", name="CSV").click()
    rows = list(csv.DictReader(io.StringIO(
        Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == count and {row["country"] for row in rows} == {"CM"}
