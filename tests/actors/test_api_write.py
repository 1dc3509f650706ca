"""Partners' writes through the API: create (pending), update their own, no mass assignment,
field errors, history, visibility of their own unpublished actors, CORS."""

import pytest

from actors.models import Actor
from partners.models import APIKeyScope
from partners.services import issue_key
from tests.factories import (
    ActorFactory,
    ActorKindFactory,
    CityFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/actors/"


def auth(user, scope=APIKeyScope.WRITE):
    _key, secret = issue_key(owner=user, name="test", scope=scope)
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def partner():
    return UserFactory(username="partner")


@pytest.fixture
def payload():
    city = CityFactory()
    ActorKindFactory(slug="fablab")
    ThemeFactory(slug="social")
    return {
        "name": "Fablab de Bonabéri", "kind": "fablab", "themes": ["social"],
        "city": city.slug, "latitude": 4.07, "longitude": 9.67,
        "short_description": "Impression 3D et réparation.",
        "email": "contact@example.org", "email_is_public": False,
        "languages": ["fr", "dua"],
    }


def post(client, data, headers):
    return client.post(URL, data, content_type="application/json", headers=headers)


def patch(client, actor, data, headers):
    return client.patch(f"{URL}{actor.pk}/", data, content_type="application/json",
                        headers=headers)


def test_a_write_key_creates_a_pending_actor_owned_by_the_partner(client, partner, payload):
    response = post(client, payload, auth(partner))
    assert response.status_code == 201, response.json()
    body = response.json()
    actor = Actor.objects.get(pk=body["id"])
    assert actor.status == Actor.Status.PENDING and body["status"] == "pending"
    assert list(actor.owners.all()) == [partner]
    assert actor.location_precision == Actor.Precision.EXACT
    assert [t.slug for t in actor.themes.all()] == ["social"]
    assert body["email"] == ""  # no consent, not published even to its owner's output
    assert response.headers["Location"].endswith(f"{URL}{actor.pk}/")
    record = actor.history.latest()
    assert record.history_user == partner and record.history_change_reason == "submitted"
    # Pending: invisible to everyone else, visible to its owner.
    assert client.get(f"{URL}{actor.pk}/").status_code == 404
    assert actor.pk not in [a["id"] for a in client.get(URL).json()["results"]]
    assert client.get(f"{URL}{actor.pk}/", headers=auth(partner)).json()["status"] == "pending"


def test_without_coordinates_the_city_centre_is_used_and_marked_approximate(
    client, partner, payload
):
    del payload["latitude"], payload["longitude"]
    actor = Actor.objects.get(pk=post(client, payload, auth(partner)).json()["id"])
    assert (actor.latitude, actor.longitude) == (actor.city.latitude, actor.city.longitude)
    assert actor.location_precision == Actor.Precision.CITY


@pytest.mark.parametrize("field, value", [
    ("status", "published"), ("verified", True), ("verified_at", "2026-01-01T00:00:00Z"),
    ("owners", [1]), ("source", "official"), ("slug", "chosen"), ("id", 99),
    ("external_id", "x"), ("mystery", 1),
])
def test_no_mass_assignment(client, partner, payload, field, value):
    response = post(client, {**payload, field: value}, auth(partner))
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Actor.objects.exists()


@pytest.mark.parametrize("change, field", [
    ({"latitude": 91, "longitude": 9}, "latitude"),
    ({"longitude": None}, "longitude"),
    ({"latitude": "NaN"}, "latitude"),
    ({"kind": "no-such-kind"}, "kind"),
    ({"city": "atlantis"}, "city"),
    ({"themes": ["nope"]}, "themes"),
    ({"name": ""}, "name"),
    ({"website": "javascript:alert(1)"}, "website"),
    ({"social_links": ["ftp://x"]}, "social_links"),
    ({"languages": ["French"]}, "languages"),
    ({"founded_year": 2**63}, "founded_year"),
    ({"name": "a\x00b"}, "name"),
    ({"email": "not an e-mail"}, "email"),
])
def test_bad_fields_give_400_naming_the_field(client, partner, payload, change, field):
    response = post(client, {**payload, **change}, auth(partner))
    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()
    assert not Actor.objects.exists()


def test_latitude_without_longitude_is_refused(client, partner, payload):
    del payload["longitude"]
    response = post(client, payload, auth(partner))
    assert response.status_code == 400 and "longitude" in response.json()["errors"]


def test_a_body_that_is_not_an_object_is_a_400(client, partner, payload):
    response = client.post(URL, "[1, 2]", content_type="application/json",
                           headers=auth(partner))
    assert response.status_code == 400
    broken = client.post(URL, "{", content_type="application/json", headers=auth(partner))
    assert broken.status_code == 400 and broken.json()["status"] == 400


def test_the_owner_updates_their_actor_and_history_keeps_who_and_what(client, partner):
    # Not yet published: the edit applies at once (published ones are reviewed first, see
    # tests/revisions/test_reviewed_edits.py).
    actor = ActorFactory(name="Ancien nom", status=Actor.Status.PENDING)
    actor.owners.add(partner)
    response = patch(client, actor, {"name": "Nouveau nom", "phone": "+237 6 00 00 00",
                                     "phone_is_public": True}, auth(partner))
    assert response.status_code == 200, response.json()
    assert response.json()["phone"] == "+237 6 00 00 00"
    actor.refresh_from_db()
    assert actor.name == "Nouveau nom" and actor.status == Actor.Status.PENDING
    assert actor.slug != "nouveau-nom"  # links stay stable
    newest, previous = actor.history.all()[:2]
    assert newest.history_user == partner and previous.name == "Ancien nom"


def test_put_replaces_and_status_cannot_be_changed_by_update(client, partner, payload):
    actor = ActorFactory(status=Actor.Status.PENDING)
    actor.owners.add(partner)
    response = client.put(f"{URL}{actor.pk}/", {**payload, "status": "published"},
                          content_type="application/json", headers=auth(partner))
    assert response.status_code == 400 and "status" in response.json()["errors"]
    response = client.put(f"{URL}{actor.pk}/", payload, content_type="application/json",
                          headers=auth(partner))
    assert response.status_code == 200
    actor.refresh_from_db()
    assert actor.name == payload["name"] and actor.status == Actor.Status.PENDING


# The permission matrix of API writes: who may create, and edit which actor.
@pytest.mark.parametrize("who, create, edit_own, edit_other_published, edit_archived_own", [
    ("anonymous", 401, 401, 401, 401),
    ("read_key", 403, 403, 403, 403),
    ("write_key", 201, 200, 403, 403),
    ("staff_write_key", 201, 200, 200, 403),
    ("staff_without_actor_permissions", 201, 200, 403, 403),
])
def test_write_permission_matrix(client, partner, payload, who, create, edit_own,
                                 edit_other_published, edit_archived_own):
    user = partner
    if who.startswith("staff"):
        user = UserFactory(username="staff", is_staff=True, is_superuser=who == "staff_write_key")
    headers = {
        "anonymous": {},
        "read_key": auth(user, APIKeyScope.READ),
    }.get(who) if who in ("anonymous", "read_key") else auth(user)
    own = ActorFactory(status=Actor.Status.PENDING)
    own.owners.add(user)
    other = ActorFactory()
    archived = ActorFactory(status=Actor.Status.ARCHIVED)
    archived.owners.add(user)
    assert post(client, payload, headers).status_code == create
    assert patch(client, own, {"name": "x"}, headers).status_code == edit_own
    assert patch(client, other, {"name": "y"}, headers).status_code == edit_other_published
    assert patch(client, archived, {"name": "z"}, headers).status_code == edit_archived_own
    other.refresh_from_db()
    assert (other.name == "y") == (edit_other_published == 200)


def test_another_partners_pending_actor_is_not_found(client, partner):
    hidden = ActorFactory(status=Actor.Status.PENDING)
    hidden.owners.add(UserFactory())
    assert patch(client, hidden, {"name": "x"}, auth(partner)).status_code == 404


def test_delete_is_not_offered(client, partner):
    actor = ActorFactory()
    actor.owners.add(partner)
    response = client.delete(f"{URL}{actor.pk}/", headers=auth(partner))
    assert response.status_code == 405
    assert Actor.objects.filter(pk=actor.pk).exists()


def test_owners_list_includes_their_pending_actors_with_their_own_etag(client, partner):
    mine = ActorFactory(status=Actor.Status.PENDING)
    mine.owners.add(partner)
    ActorFactory()
    headers = auth(partner)
    public = client.get(URL)
    own = client.get(URL, headers=headers)
    assert [a["status"] for a in public.json()["results"]] == ["published"]
    assert sorted(a["status"] for a in own.json()["results"]) == ["pending", "published"]
    assert public.headers["ETag"] != own.headers["ETag"]
    geojson = client.get(URL, {"format": "geojson"}, headers=headers).json()
    assert len(geojson["features"]) == 2


def test_an_owners_substantive_edit_of_a_verified_entry_waits_for_review(client, partner):
    from django.utils import timezone

    actor = ActorFactory(verified_at=timezone.now())
    actor.owners.add(partner)
    headers = auth(partner)
    response = patch(client, actor, {"name": "Tout autre chose"}, headers)
    assert response.status_code == 202
    public = client.get(f"{URL}{actor.pk}/").json()
    assert public["verified"] is True and public["name"] == actor.name


def test_put_returns_left_out_fields_to_their_defaults(client, partner, payload):
    actor = ActorFactory(description="Ancienne description", email="old@example.org",
                         latitude=4.1, longitude=9.7, location_precision="exact",
                         status=Actor.Status.PENDING)
    actor.owners.add(partner)
    minimal = {"name": "Nouveau", "kind": payload["kind"], "city": payload["city"]}
    response = client.put(f"{URL}{actor.pk}/", minimal, content_type="application/json",
                          headers=auth(partner))
    assert response.status_code == 200, response.json()
    actor.refresh_from_db()
    assert (actor.description, actor.email) == ("", "")
    assert actor.location_precision == "city"
    assert (actor.latitude, actor.longitude) == (actor.city.latitude, actor.city.longitude)


def test_nul_bytes_in_json_fields_and_odd_ids_are_400_or_404(client, partner, payload):
    response = post(client, {**payload, "social_links": ["http://example.org/\x00"]},
                    auth(partner))
    assert response.status_code == 400 and "social_links" in response.json()["errors"]
    for odd in ("²", "①", "٣"):
        assert patch(client, ActorFactory(), {"name": "x"}, auth(partner)).status_code == 403
        assert client.patch(f"{URL}{odd}/", {}, content_type="application/json",
                            headers=auth(partner)).status_code == 404
        assert client.get(f"{URL}{odd}/").status_code == 404
