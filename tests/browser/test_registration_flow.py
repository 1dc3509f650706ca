"""The whole path in a real browser: sign up, confirm the e-mail, register an organisation
with a point on the map, a city official approves it, it appears on the public map; and
the new pages pass axe-core."""

import re

import pytest
from django.core import mail

from actors.models import Actor
from tests.browser.conftest import sign_in
from tests.factories import ActorFactory, ActorKindFactory, CityFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "un-mot-de-passe-assez-long"


@pytest.fixture
def douala():
    city = CityFactory(name="Douala", slug="douala", latitude=4.05, longitude=9.7)
    ActorKindFactory(slug="fablab", name_fr="Fablab", name_en="Fablab")
    ThemeFactory(slug="social", name_fr="Innovation sociale", name_en="Social innovation")
    official = UserFactory(username="official", email="official@example.org")
    city.officials.add(official)
    return city, official


def test_sign_up_register_approve_and_see_it_on_the_map(browser, live_server, page, douala):
    city, official = douala
    # 1. Sign up and confirm the e-mail address.
    page.goto("/accounts/signup/")
    page.fill("#id_email", "amina@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    # 2. Register an organisation, placing it on the map.
    page.goto("/organisations/new/")
    page.fill("#id_name", "Fablab de Bonabéri")
    page.select_option("#id_kind", label="Fablab")
    page.get_by_label("Innovation sociale").check()
    page.select_option("#id_city", label="Douala")
    page.fill("#id_short_description", "Impression 3D et réparation")
    map_element = page.locator(".register-map")
    map_element.wait_for()
    page.wait_for_function("document.querySelector('.register-map.leaflet-container')")
    map_element.scroll_into_view_if_needed()
    box = map_element.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.3)
    latitude = float(page.input_value("#id_latitude"))
    longitude = float(page.input_value("#id_longitude"))
    assert latitude > 4.05 and longitude > 9.7  # north-east of the centred city
    page.get_by_role("button", name="Envoyer en modération").click()
    page.wait_for_url("**/my/organisations/**")
    assert "En attente de modération" in page.locator("main").inner_text()
    assert page.console_errors == []

    # 3. The city official approves it.
    official_context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    official_page = sign_in(official_context.new_page(), official,
                            next_url="/moderation/queue/")
    official_page.get_by_role("link", name="Fablab de Bonabéri").click()
    official_page.get_by_label("Approuver : la publier sur la carte").check()
    official_page.get_by_role("button", name="Envoyer la décision").click()
    official_page.wait_for_load_state()
    assert "« Publié »" in official_page.locator("main").inner_text()
    official_context.close()

    # 4. Anyone sees it on the public map, where it was placed.
    visitor = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    visitor.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(
        status=200, content_type="image/png", body=b""))
    visitor.goto("/?q=bonaberi")
    visitor.wait_for_selector("[data-map=actors][data-state=ready]")
    assert visitor.locator("#result-count").inner_text() == "1 acteur"
    assert visitor.locator(".kind-marker").count() == 1
    actor = Actor.objects.get(name="Fablab de Bonabéri")
    assert actor.status == Actor.Status.PUBLISHED
    assert (round(actor.latitude, 6), round(actor.longitude, 6)) == (latitude, longitude)
    assert actor.location_precision == Actor.Precision.EXACT


def test_account_and_moderation_pages_pass_axe(browser, live_server, page, axe, douala):
    city, official = douala
    pending = ActorFactory(city=city, status=Actor.Status.PENDING, name="En attente")
    pending.owners.add(official)
    # Nobody moderates their own organisation: the decision page is another applicant's.
    submitted = ActorFactory(city=city, status=Actor.Status.PENDING, name="Soumise")
    failures = {}
    for path in ("/accounts/signup/", "/accounts/login/", "/accounts/password/reset/",
                 "/privacy/", "/en/privacy/"):
        page.goto(path)
        results = axe.run(page)
        if results.violations_count:
            failures[path] = results.generate_report()
    sign_in(page, official, next_url="/accounts/profile/")
    for path in ("/accounts/profile/", "/organisations/new/", "/my/organisations/",
                 f"/my/organisations/{pending.pk}/edit/", "/moderation/",
                 f"/moderation/{submitted.pk}/", "/accounts/delete/", "/en/organisations/new/",
                 "/accounts/api-keys/new/"):
        response = page.goto(path)
        assert response.status == 200, path
        results = axe.run(page)
        if results.violations_count:
            failures[path] = results.generate_report()
    assert not failures, "\n".join(f"{path}:\n{report}" for path, report in failures.items())
    assert page.console_errors == []
