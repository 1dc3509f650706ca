"""Forms in a real browser: required fields marked, and an error summary that takes the
focus and leads to each field."""

import pytest

from tests.browser.conftest import sign_in
from tests.factories import CityFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_empty_organisation_form_focuses_a_summary_linking_to_each_field(page):
    CityFactory(name="Douala", slug="douala")
    sign_in(page, UserFactory(username="amina"), next_url="/organisations/new/")
    name_label = page.locator("label[for=id_name]")
    assert name_label.locator(".required-marker").count() == 1
    assert page.locator("#id_name").get_attribute("required") is not None
    assert "obligatoires" in page.locator(".required-note").inner_text()

    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator("[data-error-summary]")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert summary.get_attribute("role") == "alert"
    links = summary.get_by_role("link")
    targets = [link.get_attribute("href") for link in links.all()]
    assert {"#id_name", "#id_kind", "#id_city"} <= set(targets)
    for target in ("#id_name", "#id_city"):
        summary.locator(f"a[href='{target}']").click()
        assert page.evaluate("document.activeElement.id") == target[1:]
        assert page.locator(target).get_attribute("aria-invalid") == "true"
    # The field's error message is announced with it.
    described = page.locator("#id_name").get_attribute("aria-describedby").split()
    assert "id_name_error" in described
    assert page.locator("#id_name_error").count() == 1


def test_sign_up_errors_are_summarised_too(page):
    page.goto("/accounts/signup/")
    page.fill("#id_email", "amina@example.org")
    page.fill("#id_password1", "short")
    page.fill("#id_password2", "different")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    link = page.locator("[data-error-summary] a").first
    target = link.get_attribute("href")[1:]
    link.click()
    assert page.evaluate("document.activeElement.id") == target
