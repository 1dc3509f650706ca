"""Nobody moderates themselves: a city official who owns or belongs to an organisation
cannot approve, reject, ask changes of, verify, unverify or revert it, nor review a
revision they wrote (organisations and forge); staff see such items flagged."""

import pytest
from django.core.exceptions import PermissionDenied

from actors.models import Actor
from actors.moderation import decide, revert, set_verified
from revisions.models import Revision
from revisions.services import approve, propose, reject
from tests.factories import ActorFactory, CityFactory, UserFactory
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    city = CityFactory(name="Douala", slug="douala")
    official = UserFactory(username="official")
    colleague = UserFactory(username="colleague")
    city.officials.add(official, colleague)
    own = ActorFactory(city=city, status=Actor.Status.PENDING, name="Mon fablab")
    own.owners.add(official)
    return {"city": city, "official": official, "colleague": colleague, "own": own}


@pytest.mark.parametrize("action", ["approved", "rejected", "changes"])
def test_an_official_cannot_decide_on_their_own_organisation(client, world, action):
    own = world["own"]
    with pytest.raises(PermissionDenied):
        decide(actor_id=own.pk, user=world["official"], action=action, message="ok")
    client.force_login(world["official"])
    response = client.post(f"/moderation/{own.pk}/", {
        "operation": "decide", "action": action, "message": "ok"})
    assert response.status_code == 404
    own.refresh_from_db()
    assert own.status == Actor.Status.PENDING
    decide(actor_id=own.pk, user=world["colleague"], action=action, message="ok")


@pytest.mark.parametrize("operation", ["verify", "unverify"])
def test_an_official_cannot_verify_their_own_organisation(client, world, operation):
    own = world["own"]
    Actor.objects.filter(pk=own.pk).update(status=Actor.Status.PUBLISHED)
    with pytest.raises(PermissionDenied):
        set_verified(actor_id=own.pk, user=world["official"], verified=operation == "verify")
    client.force_login(world["official"])
    assert client.post(f"/moderation/{own.pk}/", {"operation": operation}).status_code == 404
    set_verified(actor_id=own.pk, user=world["colleague"], verified=True)


def test_an_official_cannot_revert_their_own_organisation(client, world):
    own = world["own"]
    version = own.history.first().history_id
    with pytest.raises(PermissionDenied):
        revert(actor_id=own.pk, history_id=version, user=world["official"])
    client.force_login(world["official"])
    response = client.post(f"/moderation/{own.pk}/", {"operation": "revert",
                                                       "version": version})
    assert response.status_code == 404


def test_their_own_organisation_is_not_in_their_queue_and_staff_see_it_flagged(
        client, world, staff_user):
    client.force_login(world["official"])
    assert world["own"] not in client.get("/moderation/?status=pending").context["object_list"]
    client.force_login(world["colleague"])
    assert world["own"] in client.get("/moderation/?status=pending").context["object_list"]
    client.force_login(staff_user)
    page = client.get("/moderation/?status=pending")
    listed = {actor.pk: actor for actor in page.context["object_list"]}
    assert listed[world["own"].pk].owned_by_official
    assert "another moderator decides" in page.content.decode() or \
        "un autre modérateur" in page.content.decode()


def test_nobody_reviews_a_revision_they_wrote_organisation_and_forge(world, staff_user):
    own = world["own"]
    Actor.objects.filter(pk=own.pk).update(status=Actor.Status.PUBLISHED)
    own.refresh_from_db()
    revision = propose(item=own, user=world["official"], data={"name": "Mairie"})
    for step in (lambda: approve(revision_id=revision.pk, user=world["official"]),
                 lambda: reject(revision_id=revision.pk, user=world["official"], reason="x")):
        with pytest.raises(PermissionDenied):
            step()
    innovation = InnovationFactory(city=world["city"], actors=[own])
    forge = propose(item=innovation, user=world["official"], data={"title": "Autre"})
    with pytest.raises(PermissionDenied):
        approve(revision_id=forge.pk, user=world["official"])
    # A colleague or staff may; even staff never approve what they wrote.
    approve(revision_id=forge.pk, user=world["colleague"])
    staff_revision = propose(item=own, user=staff_user, data={"name": "Staff"})
    with pytest.raises(PermissionDenied):
        approve(revision_id=staff_revision.pk, user=staff_user)
    assert Revision.objects.filter(status="approved").count() == 1


@pytest.mark.parametrize("action", ["approved", "rejected", "changes"])
@pytest.mark.parametrize("kind", ["innovation", "adaptation"])
def test_an_official_cannot_decide_on_forge_items_of_their_organisation(world, kind, action):
    """Owner of the item's organisation, or its submitter: refused; a colleague may."""
    from innovations.models import Adaptation, ForgeStatus, Innovation
    from innovations.moderation import decide as decide_forge
    from tests.innovations.factories import AdaptationFactory

    own = world["own"]
    Actor.objects.filter(pk=own.pk).update(status=Actor.Status.PUBLISHED)
    if kind == "innovation":
        model = Innovation
        item = InnovationFactory(city=world["city"], actors=[own],
                                 status=ForgeStatus.PENDING)
    else:
        model = Adaptation
        item = AdaptationFactory(actor=own, status=ForgeStatus.PENDING,
                                 innovation=InnovationFactory(city=CityFactory()))
    for user in (world["official"],):
        with pytest.raises(PermissionDenied):
            decide_forge(model=model, pk=item.pk, user=user, action=action, message="ok")
    # The submitter, who owns nothing here, is refused too.
    submitter = UserFactory(username="submitter")
    world["city"].officials.add(submitter)
    model.objects.filter(pk=item.pk).update(submitted_by=submitter)
    with pytest.raises(PermissionDenied):
        decide_forge(model=model, pk=item.pk, user=submitter, action=action, message="ok")
    item.refresh_from_db()
    assert item.status == ForgeStatus.PENDING
    decide_forge(model=model, pk=item.pk, user=world["colleague"], action=action, message="ok")


@pytest.mark.parametrize("kind", ["organisation", "innovation"])
def test_an_owner_official_cannot_review_a_revision_by_another_owner(client, world, kind):
    """Not the author, but an owner of the item: still their own organisation's change."""
    own = world["own"]
    Actor.objects.filter(pk=own.pk).update(status=Actor.Status.PUBLISHED)
    own.refresh_from_db()
    partner = UserFactory(username="partner")
    own.owners.add(partner)
    if kind == "organisation":
        item, data = own, {"name": "Mairie"}
    else:
        item, data = InnovationFactory(city=world["city"], actors=[own]), {"title": "Autre"}
    revision = propose(item=item, user=partner, data=data)
    for step in (lambda: approve(revision_id=revision.pk, user=world["official"]),
                 lambda: approve(revision_id=revision.pk, user=world["official"],
                                 edits={next(iter(data)): "Retouché"}),
                 lambda: reject(revision_id=revision.pk, user=world["official"], reason="x")):
        with pytest.raises(PermissionDenied):
            step()
    client.force_login(world["official"])
    for operation in ("approve", "reject"):
        response = client.post(f"/moderation/changes/{revision.pk}/",
                               {"operation": operation, "message": "x"})
        assert response.status_code == 404
    revision.refresh_from_db()
    assert revision.status == "pending"
    reject(revision_id=revision.pk, user=world["colleague"], reason="Non.")


def test_the_author_cannot_reject_their_own_forge_revision(world):
    innovation = InnovationFactory(city=world["city"], actors=[world["own"]])
    revision = propose(item=innovation, user=world["official"], data={"title": "Autre"})
    with pytest.raises(PermissionDenied):
        reject(revision_id=revision.pk, user=world["official"], reason="x")
    assert Revision.objects.get(pk=revision.pk).status == "pending"
