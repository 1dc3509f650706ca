"""Reviewed edits in a real browser: an owner renames their published organisation on the
web form, the public page keeps the approved name, a city official finds the change in
the moderation queue, reads the diff on the decision page and approves it, and the public
page shows the new name. The queue and the decision pages pass axe-core in French and in
English."""

import pytest

from actors.models import Actor
from revisions.models import Revision
from tests.browser.conftest import sign_in
from tests.factories import ActorFactory, ActorKindFactory, CityFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
OLD, NEW = "Fablab de Bonabéri", "Fablab de Bonabéri – atelier du port"


@pytest.fixture
def world():
    city = CityFactory(name="Douala", slug="douala", latitude=4.05, longitude=9.7)
    ActorKindFactory(slug="fablab", name_fr="Fablab", name_en="Fablab")
    theme = ThemeFactory(slug="social", name_fr="Innovation sociale",
                         name_en="Social innovation")
    official = UserFactory(username="official", email="official@example.org")
    city.officials.add(official)
    owner = UserFactory(username="owner", email="owner@example.org")
    actor = ActorFactory(city=city, name=OLD, slug="fablab-de-bonaberi",
                         short_description="Impression 3D", themes=[theme],
                         website="https://fablab-bonaberi.example.org")
    actor.owners.add(owner)
    # Something else waits too, so that the queue has a new entry and a change.
    ActorFactory(city=city, name="Repair café de Akwa", status=Actor.Status.PENDING)
    return {"city": city, "official": official, "owner": owner, "actor": actor}


def new_page(browser, live_server, locale="fr-FR"):
    context = browser.new_context(base_url=live_server.url, locale=locale)
    page = context.new_page()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(
        status=200, content_type="image/png", body=b""))
    return page


def test_owner_edit_official_review_approval_public_change(browser, live_server, page, world):
    actor = world["actor"]
    # 1. The owner renames the organisation through the web form.
    sign_in(page, world["owner"], next_url=f"/my/organisations/{actor.pk}/edit/")
    page.fill("#id_name", NEW)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert Revision.objects.pending().count() == 1

    # 2. The public page still shows the approved version.
    visitor = new_page(browser, live_server)
    visitor.goto(f"/actors/{actor.slug}/")
    assert visitor.locator("h1").inner_text() == OLD

    # 3. The official opens the queue, then the decision page, and reads the diff.
    official = sign_in(new_page(browser, live_server), world["official"],
                       next_url="/moderation/queue/")
    official.get_by_label("Modifications d’éléments publiés").check()
    official.get_by_role("button", name="Afficher").click()
    official.wait_for_url("**stage=revision**")
    rows = official.locator("tr.queue-entry")
    assert rows.count() == 1
    assert "en attente depuis" in rows.first.inner_text()
    rows.first.get_by_role("link", name=OLD).click()
    official.wait_for_url("**/moderation/changes/**")
    diff = official.locator("#change-name")
    assert OLD in diff.locator("del").inner_text()
    assert NEW in diff.locator("ins").inner_text()

    # 4. Approval.
    official.get_by_role("button", name="Approuver").click()
    official.wait_for_load_state()
    assert "approuvées" in official.locator("main").inner_text()

    # 5. The public page shows the change.
    visitor.goto(f"/actors/{actor.slug}/")
    assert visitor.locator("h1").inner_text() == NEW
    assert page.console_errors == []


def test_queue_and_decision_pages_pass_axe_in_both_languages(browser, live_server, page, axe,
                                                              world):
    from revisions.services import propose

    actor = world["actor"]
    revision = propose(item=actor, user=world["owner"], data={"name": NEW,
                                                               "latitude": 4.06})
    pending = Actor.objects.get(name="Repair café de Akwa")
    sign_in(page, world["official"], next_url="/moderation/queue/")
    failures = {}
    for prefix in ("", "/en"):
        for path in ("/moderation/queue/", "/moderation/queue/?stage=revision&kind=organisation",
                     f"/moderation/changes/{revision.pk}/", f"/moderation/{pending.pk}/"):
            response = page.goto(prefix + path)
            assert response.status == 200, prefix + path
            page.wait_for_selector("#revision-map.leaflet-container, table.moderation-queue")
            results = axe.run(page)
            if results.violations_count:
                failures[prefix + path] = results.generate_report()
    assert not failures, "\n".join(f"{path}:\n{report}" for path, report in failures.items())
    assert page.console_errors == []
