"""Done when (issue 13): for the web form and the API, an owner's edit of a published
organisation changes nothing public (page, map feed, API, exports, statistics) until an
official approves it, then everything; a rejection changes nothing public."""

import pytest

from actors.models import Actor
from partners.models import APIKeyScope
from partners.services import issue_key
from revisions import services
from revisions.models import Revision
from tests.actors.test_map_feed import decode, get_json
from tests.factories import ActorFactory, ActorKindFactory, CityFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

OLD, NEW = "Fablab de Bonabéri", "Mairie de Douala - service officiel"


@pytest.fixture
def world():
    city = CityFactory(name="Douala", slug="douala")
    official = UserFactory(username="official")
    city.officials.add(official)
    owner = UserFactory(username="owner")
    fablab = ActorKindFactory(slug="fablab", name_en="Fablab", name_fr="Fablab")
    office = ActorKindFactory(slug="city-office", name_en="City office",
                              name_fr="Service municipal")
    theme = ThemeFactory(slug="social")
    actor = ActorFactory(city=city, kind=fablab, name=OLD, themes=[theme],
                         website="https://fablab.example", short_description="Impression 3D")
    actor.owners.add(owner)
    return {"city": city, "official": official, "owner": owner, "actor": actor,
            "fablab": fablab, "office": office, "theme": theme}


def public(client, actor) -> dict:
    """Everything an anonymous visitor can read about the organisation."""
    client.logout()
    _response, feed = get_json(client)
    kinds = {pk: kind for pk, _lat, _lon, kind in decode(feed)}
    return {
        "page": NEW in client.get(actor.get_absolute_url()).content.decode(),
        "popup": NEW in client.get(f"/map/actors/{actor.pk}/").content.decode(),
        "api": client.get(f"/api/v1/actors/{actor.pk}/").json()["name"],
        "api_kind": client.get(f"/api/v1/actors/{actor.pk}/").json()["kind"],
        "list": [row["name"] for row in client.get("/api/v1/actors/").json()["results"]],
        "csv": NEW in client.get("/api/v1/actors/", {"format": "csv"}).content.decode(),
        "geojson": NEW in client.get("/api/v1/actors/",
                                     {"format": "geojson"}).content.decode(),
        "feed_kind": kinds[actor.pk],
        "statistics": client.get("/en/statistics/kinds.csv").content.decode(),
        "search": [row["name"] for row in client.get(
            "/api/v1/actors/", {"q": "mairie"}).json()["results"]],
    }


def edit(client, world, door):
    actor = world["actor"]
    if door == "web":
        client.force_login(world["owner"])
        response = client.post(f"/my/organisations/{actor.pk}/edit/", {
            "name": NEW, "kind": world["office"].pk, "themes": [world["theme"].pk],
            "city": world["city"].pk, "short_description": actor.short_description,
            "website": actor.website, "accessibility": "unknown", "is_women_led": "unknown",
            "not_a_duplicate": "on"})
        assert response.status_code == 302
        client.logout()
    else:
        _key, secret = issue_key(owner=world["owner"], name="k", scope=APIKeyScope.WRITE)
        response = client.patch(f"/api/v1/actors/{actor.pk}/",
                                {"name": NEW, "kind": "city-office"},
                                content_type="application/json",
                                headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code == 202, response.content
    return Revision.objects.pending().get()


@pytest.mark.parametrize("door", ["web", "api"])
def test_nothing_public_changes_until_approval_then_everything(client, world, door):
    actor = world["actor"]
    before = public(client, actor)
    assert before["api"] == OLD and before["feed_kind"] == world["fablab"].pk
    revision = edit(client, world, door)
    assert revision.changes.keys() == {"name", "kind"}
    assert public(client, actor) == before
    assert Actor.objects.get(pk=actor.pk).name == OLD
    services.approve(revision_id=revision.pk, user=world["official"])
    after = public(client, actor)
    assert after["page"] and after["popup"] and after["csv"] and after["geojson"]
    assert after["api"] == NEW and after["list"] == [NEW] and after["search"] == [NEW]
    assert after["api_kind"] != before["api_kind"]
    assert after["feed_kind"] == world["office"].pk
    assert after["statistics"] != before["statistics"] and "city-office" in after["statistics"]


@pytest.mark.parametrize("door", ["web", "api"])
def test_rejection_changes_nothing_public(client, world, door):
    actor = world["actor"]
    before = public(client, actor)
    revision = edit(client, world, door)
    services.reject(revision_id=revision.pk, user=world["official"], reason="Usurpation.")
    assert public(client, actor) == before
    actor.refresh_from_db()
    assert actor.name == OLD and actor.kind == world["fablab"]
    assert actor.status == Actor.Status.PUBLISHED
