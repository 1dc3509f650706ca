"""The forge in a real browser: the innovation map draws its origin, one marker and one
line per adaptation; the new pages pass axe-core in both languages with no CSP error."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/innovations/", "/innovations/main-imprimee-3d/", "/innovations/?licence=MIT",
         "/cities/rennes/", "/actors/my-human-kit/"]


def test_innovation_map_draws_markers_and_lines(page, demo_data):
    page.goto("/innovations/main-imprimee-3d/")
    page.wait_for_selector("#innovation-map[data-state=ready]")
    # Two adaptations: two lines, two adaptation markers, one origin marker.
    assert page.locator("#innovation-map path.forge-line").count() == 2
    assert page.locator("#innovation-map path.forge-adaptation").count() == 2
    assert page.locator("#innovation-map path.forge-origin").count() == 1
    assert page.locator("#innovation-map path.leaflet-interactive").count() == 5
    page.locator("#innovation-map path.forge-adaptation").first.click(force=True)
    assert page.locator(".leaflet-popup-content").inner_text()
    # The same information as a table for screen readers.
    assert page.locator(".adaptations-table tbody tr").count() == 2
    assert page.console_errors == []


def test_forge_pages_pass_axe_in_both_languages(page, axe, demo_data):
    failures = {}
    for path in PAGES + [f"/en{path}" for path in PAGES]:
        response = page.goto(path)
        assert response.status == 200, path
        if page.locator("#innovation-map").count():
            page.wait_for_selector("#innovation-map[data-state=ready]")
        if page.locator("[data-map=actors]").count():
            page.wait_for_selector("[data-map=actors][data-state=ready]")
        results = axe.run(page)
        if results.violations_count:
            failures[path] = results.generate_report()
    assert not failures, "\n".join(f"{path}:\n{report}" for path, report in failures.items())
    assert page.console_errors == []


def test_owner_pages_pass_axe(page, axe, demo_data):
    from actors.models import Actor
    from tests.browser.conftest import sign_in

    owner = UserFactory(username="forge-owner")
    Actor.objects.get(slug="aniac").owners.add(owner)
    sign_in(page, owner, next_url="/my/innovations/")
    failures = {}
    for path in ["/my/innovations/", "/my/innovations/new/",
                 "/innovations/sechoir-solaire-low-tech/adapt/"]:
        assert page.goto(path).status == 200, path
        results = axe.run(page)
        if results.violations_count:
            failures[path] = results.generate_report()
    # A form sent empty shows its errors, still accessible.
    page.goto("/my/innovations/new/")
    page.locator("main form button[type=submit]").click()
    assert page.locator("[role=alert]").count() >= 1
    results = axe.run(page)
    if results.violations_count:
        failures["errors"] = results.generate_report()
    assert not failures, "\n".join(f"{path}:\n{report}" for path, report in failures.items())


def test_moderation_pages_pass_axe_and_approve(page, axe, demo_data):
    from cities.models import City
    from innovations.models import Adaptation, ForgeStatus
    from tests.browser.conftest import sign_in

    official = UserFactory(username="forge-official")
    City.objects.get(slug="lome").officials.add(official)
    adaptation = Adaptation.objects.get(city__slug="lome")
    Adaptation.objects.filter(pk=adaptation.pk).update(status=ForgeStatus.PENDING)
    sign_in(page, official, next_url="/moderation/queue/")
    failures = {}
    for path in ["/moderation/forge/?status=pending",
                 f"/moderation/forge/adaptations/{adaptation.pk}/"]:
        assert page.goto(path).status == 200, path
        results = axe.run(page)
        if results.violations_count:
            failures[path] = results.generate_report()
    assert not failures, "\n".join(f"{path}:\n{report}" for path, report in failures.items())
    page.get_by_label("Approuver : la publier").or_(
        page.get_by_label("Approve: publish it")).check()
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    adaptation.refresh_from_db()
    assert adaptation.status == ForgeStatus.PUBLISHED
