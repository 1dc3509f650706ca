"""The admin's import page in a real browser: upload, report, accessibility (axe-core)."""

import pytest

from actors.models import Actor
from actors.services import load_taxonomy
from cities.models import Country
from tests.browser.conftest import sign_in
from tests.factories import CityFactory, CountryFactory, UserFactory
from tests.imports.import_helpers import FIXTURES

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_upload_a_file_and_read_the_report(page, axe):
    load_taxonomy()
    be = CountryFactory(code="BE", region=Country.Region.WESTERN_EUROPE, is_global_south=False)
    CityFactory(name="Bruxelles", slug="bruxelles", country=be, alternate_names=["Brussels"])
    staff = UserFactory(username="staff", is_staff=True, is_superuser=True)
    sign_in(page, staff, next_url="/admin/actors/actor/")
    page.click("#content a[href$='/admin/actors/actor/import/']")
    page.wait_for_url("**/admin/actors/actor/import/")
    results = axe.run(page)
    assert not results.violations_count, results.generate_report()
    page.set_input_files("#id_file", str(FIXTURES / "template.csv"))
    page.fill("#id_source", "Partenaire")
    page.uncheck("#id_dry_run")
    page.click("input[type=submit]")
    page.wait_for_selector("#import-report")
    assert page.locator("#import-report + p").inner_text().startswith("2 ")  # Brussels only
    assert page.locator("section table").count() == 2  # unknown values; rejected rows
    assert Actor.objects.filter(source="Partenaire", external_id="fl-001").exists()
    results = axe.run(page)
    assert not results.violations_count, results.generate_report()
    assert page.console_errors == []
