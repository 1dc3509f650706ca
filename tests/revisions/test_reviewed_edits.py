"""Reviewed edits: an owner's change to a published organisation, innovation or adaptation
(web form or API) changes nothing public until an official approves it; a rejection
changes nothing public and tells the owner why."""

import pytest

from actors.models import Actor, ModerationAction
from innovations.models import ForgeStatus
from partners.models import APIKeyScope
from partners.services import issue_key
from revisions.models import Revision
from tests.factories import ActorFactory, ActorKindFactory, CityFactory, ThemeFactory, UserFactory
from tests.innovations.factories import AdaptationFactory, InnovationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    city = CityFactory(name="Douala", slug="douala")
    owner = UserFactory(username="owner", email="owner@example.org")
    official = UserFactory(username="official", email="official@douala.example")
    second = UserFactory(username="second", email="second@douala.example")
    city.officials.add(official, second)
    kind = ActorKindFactory(slug="fablab")
    theme = ThemeFactory(slug="social")
    actor = ActorFactory(city=city, kind=kind, name="Fablab de Bonabéri",
                         website="https://fablab.example", short_description="Impression 3D",
                         themes=[theme])
    actor.owners.add(owner)
    return {"city": city, "owner": owner, "official": official, "second": second,
            "actor": actor, "kind": kind, "theme": theme}


def edit_form(world, **changes):
    actor = world["actor"]
    return {"name": actor.name, "kind": world["kind"].pk, "themes": [world["theme"].pk],
            "city": world["city"].pk, "short_description": actor.short_description,
            "website": actor.website, "accessibility": "unknown", "is_women_led": "unknown",
            "not_a_duplicate": "on", **changes}


PHISHING = "Mairie de Douala - service officiel"


def public_views(client, actor):
    """What anyone sees of the organisation: page, API record, list, GeoJSON export, map."""
    client.logout()
    page = client.get(actor.get_absolute_url()).content.decode()
    record = client.get(f"/api/v1/actors/{actor.pk}/").json()
    listing = client.get("/api/v1/actors/").json()["results"]
    export = client.get("/api/v1/actors/", {"format": "csv"}).content.decode()
    return page, record, listing, export


def review(client, user, revision, **data):
    client.force_login(user)
    seen = client.get(f"/moderation/changes/{revision.pk}/").context["revision"]
    return client.post(f"/moderation/changes/{revision.pk}/",
                       {"seen": seen.updated_at.isoformat(), **data})


def test_web_edit_waits_for_review_then_approval_changes_everything(client, world, mailoutbox,
                                                                    django_capture_on_commit_callbacks):
    actor = world["actor"]
    client.force_login(world["owner"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/my/organisations/{actor.pk}/edit/", edit_form(
            world, name=PHISHING, website="https://phishing.example"))
    assert response.status_code == 302
    revision = Revision.objects.get()
    assert revision.status == "pending" and revision.author == world["owner"]
    assert revision.changes == {"name": PHISHING, "website": "https://phishing.example"}
    # Nothing public changed.
    page, record, listing, export = public_views(client, actor)
    for text in (page, str(record), str(listing), export):
        assert PHISHING not in text and "phishing.example" not in text
    assert "pending_changes" not in record
    actor.refresh_from_db()
    assert actor.name == "Fablab de Bonabéri" and actor.status == Actor.Status.PUBLISHED
    # The officials are told, one message each.
    assert sorted(m.to for m in mailoutbox) == [["official@douala.example"],
                                                 ["second@douala.example"]]
    assert f"/moderation/changes/{revision.pk}/" in mailoutbox[0].body
    # The owner sees it waiting.
    client.force_login(world["owner"])
    mine = client.get("/my/organisations/").content.decode()
    assert "awaiting review since" in mine or "en attente de relecture depuis" in mine
    # The official reviews the diff and approves.
    client.force_login(world["official"])
    page = client.get(f"/moderation/changes/{revision.pk}/").content.decode()
    assert "Fablab de Bonabéri" in page and PHISHING in page
    with django_capture_on_commit_callbacks(execute=True):
        response = review(client, world["official"], revision, operation="approve")
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.name == PHISHING and actor.website == "https://phishing.example"
    page, record, listing, export = public_views(client, actor)
    assert PHISHING in page and record["name"] == PHISHING and PHISHING in export
    assert [a.action for a in actor.decisions.all()][:2] == [
        ModerationAction.REVISION_APPROVED, ModerationAction.REVISED]
    assert mailoutbox[-1].to == ["owner@example.org"]


def test_rejection_changes_nothing_public_and_tells_the_owner_why(
        client, world, mailoutbox, django_capture_on_commit_callbacks):
    actor = world["actor"]
    client.force_login(world["owner"])
    client.post(f"/my/organisations/{actor.pk}/edit/", edit_form(world, name=PHISHING))
    revision = Revision.objects.get()
    missing = review(client, world["official"], revision, operation="reject", message=" ")
    assert missing.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        review(client, world["official"], revision, operation="reject",
               message="Ce nom usurpe la mairie.")
    revision.refresh_from_db()
    actor.refresh_from_db()
    assert revision.status == "rejected" and actor.name == "Fablab de Bonabéri"
    page, record, _listing, _export = public_views(client, actor)
    assert PHISHING not in page and record["name"] == "Fablab de Bonabéri"
    assert mailoutbox[-1].to == ["owner@example.org"]
    assert "Ce nom usurpe la mairie." in mailoutbox[-1].body
    client.force_login(world["owner"])
    assert "Ce nom usurpe la mairie." in client.get("/my/organisations/").content.decode()


def test_api_write_answers_202_and_only_the_owner_sees_pending_changes(client, world):
    actor = world["actor"]
    _key, secret = issue_key(owner=world["owner"], name="k", scope=APIKeyScope.WRITE)
    headers = {"Authorization": f"Bearer {secret}"}
    # The owner's GET is cached under an ETag: it must change with the proposal.
    assert client.get(f"/api/v1/actors/{actor.pk}/", headers=headers).json()[
        "pending_changes"] is None
    response = client.patch(f"/api/v1/actors/{actor.pk}/", {"name": PHISHING},
                            content_type="application/json", headers=headers)
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "pending" and body["changes"] == {"name": PHISHING}
    mine = client.get(f"/api/v1/actors/{actor.pk}/", headers=headers).json()
    assert mine["name"] == "Fablab de Bonabéri"
    assert mine["pending_changes"]["changes"] == {"name": PHISHING}
    anonymous = client.get(f"/api/v1/actors/{actor.pk}/").json()
    assert anonymous["name"] == "Fablab de Bonabéri" and "pending_changes" not in anonymous
    # A second write updates the same pending revision.
    response = client.put(f"/api/v1/actors/{actor.pk}/", {
        "name": "Fablab Bonabéri", "kind": "fablab", "city": "douala",
        "latitude": actor.latitude, "longitude": actor.longitude,
        "website": actor.website, "short_description": "Impression 3D",
        "themes": ["social"]}, content_type="application/json", headers=headers)
    assert response.status_code == 202, response.content
    assert Revision.objects.count() == 1
    assert Revision.objects.get().changes["name"] == "Fablab Bonabéri"
    # Bad input is a 400 with field errors, never a revision.
    bad = client.patch(f"/api/v1/actors/{actor.pk}/", {"founded_year": 1200},
                       content_type="application/json", headers=headers)
    assert bad.status_code == 400 and "founded_year" in bad.json()["errors"]


def test_owner_withdraws_and_a_new_edit_updates_the_pending_revision(client, world):
    actor = world["actor"]
    client.force_login(world["owner"])
    url = f"/my/organisations/{actor.pk}/edit/"
    client.post(url, edit_form(world, name="Nom 1"))
    # The edit form starts from the pending values, so that a second edit builds on them.
    assert client.get(url).context["form"].initial["name"] == "Nom 1"
    client.post(url, edit_form(world, name="Nom 1", short_description="Réparation"))
    revision = Revision.objects.get()
    assert revision.changes == {"name": "Nom 1", "short_description": "Réparation"}
    response = client.post(f"/my/changes/{revision.pk}/withdraw/",
                           {"next": "/my/organisations/"})
    assert response.status_code == 302 and response.url == "/my/organisations/"
    revision.refresh_from_db()
    assert revision.status == "withdrawn"
    assert actor.decisions.first().action == ModerationAction.REVISION_WITHDRAWN
    # Someone else cannot withdraw it.
    client.post(url, edit_form(world, name="Nom 2"))
    other = Revision.objects.get(status="pending")
    client.force_login(world["official"])
    assert client.post(f"/my/changes/{other.pk}/withdraw/").status_code == 404


def test_exempt_fields_go_live_and_archiving_stays_immediate(client, world, settings):
    settings.REVIEW_EXEMPT_FIELDS = ["actors.actor.short_description"]
    actor = world["actor"]
    client.force_login(world["owner"])
    client.post(f"/my/organisations/{actor.pk}/edit/",
                edit_form(world, name=PHISHING, short_description="Ouvert le samedi"))
    actor.refresh_from_db()
    assert actor.short_description == "Ouvert le samedi" and actor.name != PHISHING
    assert Revision.objects.get().changes == {"name": PHISHING}
    client.post(f"/my/organisations/{actor.pk}/archive/", {"message": "Fermé"})
    actor.refresh_from_db()
    assert actor.status == Actor.Status.ARCHIVED


def test_edit_then_approve_publishes_the_officials_version(client, world):
    actor = world["actor"]
    client.force_login(world["owner"])
    client.post(f"/my/organisations/{actor.pk}/edit/",
                edit_form(world, name="FABLAB BONABERI !!!", latitude=4.07, longitude=9.67))
    revision = Revision.objects.get()
    client.force_login(world["official"])
    page = client.get(f"/moderation/changes/{revision.pk}/")
    assert page.context["map_data"]["after"] == [4.07, 9.67]
    review(client, world["official"], revision, operation="approve",
           **{"value-name": "Fablab Bonabéri"})
    actor.refresh_from_db()
    assert actor.name == "Fablab Bonabéri" and actor.latitude == 4.07
    assert actor.decisions.first().message == "Approuvées après retouches du modérateur."


def test_staff_edits_go_live(client, world, staff_user):
    actor = world["actor"]
    client.force_login(staff_user)
    client.post(f"/my/organisations/{actor.pk}/edit/", edit_form(world, name="Corrigé"))
    actor.refresh_from_db()
    assert actor.name == "Corrigé" and not Revision.objects.exists()


def test_forge_edits_wait_for_review(client, world, django_capture_on_commit_callbacks):
    innovation = InnovationFactory(city=world["city"], actors=[world["actor"]],
                                   title="Séchoir solaire")
    client.force_login(world["owner"])
    data = {"title": "Séchoir solaire amélioré", "summary": innovation.summary,
            "description": innovation.description, "actors": [world["actor"].pk],
            "city": world["city"].pk, "stage": "prototype", "licence": innovation.licence,
            "documentation_url": innovation.documentation_url}
    response = client.post(f"/my/innovations/{innovation.pk}/edit/", data)
    assert response.status_code == 302
    innovation.refresh_from_db()
    assert innovation.title == "Séchoir solaire"
    client.logout()
    assert "amélioré" not in client.get(innovation.get_absolute_url()).content.decode()
    assert "amélioré" not in client.get("/api/v1/innovations/").json()["results"][0]["title"]
    revision = Revision.objects.get()
    assert innovation.decisions.first().action == "revised"
    review(client, world["official"], revision, operation="approve")
    innovation.refresh_from_db()
    assert innovation.title == "Séchoir solaire amélioré"
    assert innovation.status == ForgeStatus.PUBLISHED
    assert innovation.decisions.first().action == "rev_approved"


def test_adaptation_edits_wait_for_review(client, world):
    yaounde = CityFactory(name="Yaoundé", slug="yaounde")
    yaounde.officials.add(world["second"])
    adapter = ActorFactory(city=yaounde)
    adapter.owners.add(world["owner"])
    adaptation = AdaptationFactory(actor=adapter, innovation=InnovationFactory(
        city=world["city"]), description="Matériaux locaux.")
    client.force_login(world["owner"])
    client.post(f"/my/adaptations/{adaptation.pk}/edit/", {
        "actor": adapter.pk, "city": yaounde.pk, "description": "Vendez des visas ici",
        "progress": "working", "changes": ["materials"]})
    adaptation.refresh_from_db()
    assert adaptation.description == "Matériaux locaux."
    revision = Revision.objects.get()
    response = review(client, world["second"], revision, operation="reject",
                      message="Hors sujet")
    assert response.status_code == 302
    adaptation.refresh_from_db()
    assert adaptation.description == "Matériaux locaux."
    assert adaptation.decisions.first().action == "rev_rejected"


def test_the_author_never_reviews_their_own_revision(client, world):
    """An official who also owns the organisation proposes; they cannot approve it."""
    actor = world["actor"]
    actor.owners.add(world["official"])
    client.force_login(world["official"])
    client.post(f"/my/organisations/{actor.pk}/edit/", edit_form(world, name=PHISHING))
    revision = Revision.objects.get()
    assert revision.author == world["official"]
    response = client.post(f"/moderation/changes/{revision.pk}/", {"operation": "approve"})
    assert response.status_code == 404
    actor.refresh_from_db()
    assert actor.name != PHISHING
    # In their queue, flagged for another moderator.
    waiting = [entry for entry in client.get("/moderation/queue/").context["entries"]
               if entry.revision == revision]
    assert waiting and waiting[0].flag
    review(client, world["second"], revision, operation="approve")
    actor.refresh_from_db()
    assert actor.name == PHISHING


def test_nothing_existing_changes_state_on_migration(world):
    """The revisions table starts empty: every published entry stays as it is."""
    assert not Revision.objects.exists()
    assert Actor.objects.get().status == Actor.Status.PUBLISHED
