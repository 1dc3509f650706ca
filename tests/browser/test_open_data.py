"""The open data page in a real browser: reached from every footer, accessible (axe-core)
in both languages, and its embed generator follows the form (or works without JS)."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("prefix", "link", "heading"), [
    ("", "Données ouvertes", "Données ouvertes"), ("/en", "Open data", "Open data")])
def test_footer_link_leads_to_an_accessible_open_data_page(page, axe, demo_data, prefix, link,
                                                           heading):
    page.goto(f"{prefix}/actors/")
    page.locator("footer").get_by_role("link", name=link).click()
    page.wait_for_url(f"**{prefix}/open-data/")
    assert page.locator("h1").inner_text() == heading
    page.wait_for_selector("#embed-preview")
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.console_errors == []


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_embed_generator_updates_the_code_and_the_preview(page, axe, demo_data, prefix):
    page.goto(f"{prefix}/open-data/#embed")
    code = page.locator("#embed-code")
    assert "/embed/\"" in code.input_value()
    page.locator("#id_country").select_option("CM")
    page.locator("#embed-form input[name=kind][value=fablab]").check()
    page.locator("#id_height").fill("600")
    page.locator("#id_language").select_option("en")
    value = code.input_value()
    assert "/en/embed/?country=CM&amp;kind=fablab" in value
    assert 'height="600"' in value and 'title="Map of local innovation actors"' in value
    preview = page.locator("#embed-preview")
    assert preview.get_attribute("src").endswith("/en/embed/?country=CM&kind=fablab")
    assert preview.get_attribute("height") == "600"
    frame = page.frame_locator("#embed-preview")
    frame.locator("#result-count").wait_for()
    assert "country=CM" in page.url  # the choices survive a reload or a shared link
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copier le code" if not prefix else "Copy the code").click()
    # The clipboard answers asynchronously: wait for the message, then read it.
    page.wait_for_function("document.querySelector('#embed-copied').textContent.trim() !== ''")
    assert page.locator("#embed-copied").inner_text() in ("Copié.", "Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == value
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.console_errors == []


def test_embed_generator_without_javascript(browser, live_server, demo_data):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/open-data/")
    page.locator("#id_city").select_option("yaounde")
    page.get_by_role("button", name="Show the code").click()
    page.wait_for_url("**city=yaounde**")
    assert "/en/embed/?city=yaounde" in page.locator("#embed-code").input_value()
    assert page.locator("#embed-copy").is_hidden()  # copying needs the script
    context.close()


def test_signed_in_partner_goes_to_the_key_section(page, demo_data):
    from tests.browser.conftest import sign_in

    user = UserFactory(email="partner@example.org")
    user.set_password("a-long-test-password-2021")
    user.save()
    sign_in(page, user, next_url="/open-data/")
    page.get_by_role("link", name="Gérer mes clés d’API").click()
    page.wait_for_url("**/accounts/profile/#api-keys")
    assert page.locator("#api-keys").is_visible()
