"""The moderation queue: new organisations, innovations and adaptations and changes to
published ones in one list, oldest first, with how long each has waited, filters (city,
kind, new/changed) and their counts; items the viewer may not decide are flagged."""

import datetime

import pytest
from django.utils import timezone

from actors.models import Actor, ModerationAction, ModerationDecision
from innovations.models import ForgeStatus
from revisions.models import Revision
from revisions.queue import OFFICIAL_OWNS
from revisions.services import propose
from tests.factories import ActorFactory, CityFactory, UserFactory
from tests.innovations.factories import AdaptationFactory, InnovationFactory

pytestmark = pytest.mark.django_db


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def aged(actor: Actor, days: float) -> Actor:
    Actor.objects.filter(pk=actor.pk).update(created_at=days_ago(days))
    return actor


@pytest.fixture
def world():
    douala = CityFactory(name="Douala", slug="douala")
    dakar = CityFactory(name="Dakar", slug="dakar")
    elsewhere = CityFactory(name="Lyon", slug="lyon")
    official = UserFactory(username="official", email="official@example.org")
    colleague = UserFactory(username="colleague", email="colleague@example.org")
    douala.officials.add(official, colleague)
    dakar.officials.add(official)
    owner = UserFactory(username="owner", email="owner@example.org")
    new_douala = aged(ActorFactory(city=douala, status=Actor.Status.PENDING,
                                   name="Nouveau à Douala"), 3)
    new_dakar = aged(ActorFactory(city=dakar, status=Actor.Status.PENDING,
                                  name="Nouveau à Dakar"), 10)
    not_mine = ActorFactory(city=elsewhere, status=Actor.Status.PENDING, name="À Lyon")
    own = aged(ActorFactory(city=douala, status=Actor.Status.PENDING, name="Mon fablab"), 1)
    own.owners.add(official)
    published = ActorFactory(city=douala, status=Actor.Status.PUBLISHED, name="Publiée")
    published.owners.add(owner)
    revision = propose(item=published, user=owner, data={"name": "Publiée, renommée"})
    Revision.objects.filter(pk=revision.pk).update(created_at=days_ago(5))
    innovation = InnovationFactory(city=dakar, status=ForgeStatus.PENDING,
                                   title="Four solaire", actors=[new_dakar])
    adaptation = AdaptationFactory(
        innovation=InnovationFactory(city=elsewhere), actor=published, city=douala,
        status=ForgeStatus.PENDING)
    return {"douala": douala, "dakar": dakar, "elsewhere": elsewhere, "official": official,
            "colleague": colleague, "owner": owner, "new_douala": new_douala,
            "new_dakar": new_dakar, "not_mine": not_mine, "own": own,
            "published": published, "revision": revision, "innovation": innovation,
            "adaptation": adaptation}


def listed(response):
    return [(entry.kind, entry.stage, entry.item.pk) for entry in response.context["entries"]]


def test_one_queue_of_everything_waiting_in_the_officials_cities_oldest_first(client, world):
    client.force_login(world["official"])
    response = client.get("/moderation/queue/")
    assert response.status_code == 200
    assert listed(response)[:3] == [
        ("organisation", "new", world["new_dakar"].pk),
        ("organisation", "revision", world["published"].pk),
        ("organisation", "new", world["new_douala"].pk),
    ]
    assert set(listed(response)[3:]) == {
        ("organisation", "new", world["own"].pk),
        ("innovation", "new", world["innovation"].pk),
        ("adaptation", "new", world["adaptation"].pk),
    }
    assert world["not_mine"].pk not in [pk for kind, _, pk in listed(response)
                                         if kind == "organisation"]
    page = response.content.decode().replace("\xa0", " ")
    assert "en attente depuis 1 semaine" in page  # ten days: the largest unit only
    assert "en attente depuis 5 jours" in page
    assert "en attente depuis 3 jours" in page


def test_a_resubmission_waits_from_when_it_came_back(client, world):
    ModerationDecision.objects.create(actor=world["new_dakar"],
                                      action=ModerationAction.RESUBMITTED)
    client.force_login(world["official"])
    entries = client.get("/moderation/queue/").context["entries"]
    assert entries[-1].item == world["new_dakar"]


def test_filters_and_their_counts(client, world):
    client.force_login(world["official"])
    response = client.get("/moderation/queue/", {"city": world["douala"].pk})
    assert {pk for _, _, pk in listed(response)} == {
        world["new_douala"].pk, world["own"].pk, world["published"].pk,
        world["adaptation"].pk}
    counts = {city.name: count for city, count, _ in response.context["city_options"]}
    assert counts == {"Dakar": 2, "Douala": 4}
    kinds = {value: count for value, _, count, _ in response.context["kind_options"]}
    assert kinds == {"organisation": 3, "innovation": 0, "adaptation": 1}
    stages = {value: count for value, _, count, _ in response.context["stage_options"]}
    assert stages == {"new": 3, "revision": 1}
    page = response.content.decode()
    assert "Douala (4)" in page and "Dakar (2)" in page

    response = client.get("/moderation/queue/", {"kind": ["innovation", "adaptation"]})
    assert {kind for kind, _, _ in listed(response)} == {"innovation", "adaptation"}
    response = client.get("/moderation/queue/", {"stage": "revision"})
    assert listed(response) == [("organisation", "revision", world["published"].pk)]
    assert 'id="id_stage_revision" checked' in response.content.decode()


@pytest.mark.parametrize("query", [{"city": "abc"}, {"city": "999999"}, {"kind": "person"},
                                   {"stage": "old"}])
def test_bad_filters_are_a_form_error_not_a_crash(client, world, query):
    client.force_login(world["official"])
    response = client.get("/moderation/queue/", query)
    assert response.status_code == 400
    assert len(response.context["entries"]) == 6


def test_a_city_the_official_does_not_moderate_is_refused(client, world):
    client.force_login(world["official"])
    response = client.get("/moderation/queue/", {"city": world["elsewhere"].pk})
    assert response.status_code == 400
    assert world["not_mine"] not in [entry.item for entry in response.context["entries"]]


def test_what_the_viewer_may_not_decide_is_flagged_and_not_linked(client, world):
    client.force_login(world["official"])
    entries = {(e.kind, e.item.pk): e for e in client.get("/moderation/queue/").context[
        "entries"]}
    own = entries[("organisation", world["own"].pk)]
    assert own.flag and own.url is None
    assert not entries[("organisation", world["new_douala"].pk)].flag
    # The colleague decides on it; an official of its city owns it.
    client.force_login(world["colleague"])
    entries = {(e.kind, e.item.pk): e for e in client.get("/moderation/queue/").context[
        "entries"]}
    assert entries[("organisation", world["own"].pk)].flag == str(OFFICIAL_OWNS)
    assert entries[("organisation", world["own"].pk)].url == f"/moderation/{world['own'].pk}/"


def test_staff_see_every_city_and_the_flags(client, world, staff_user):
    # A revision written by an official of the item's city, a forge item they submitted.
    revision = world["revision"]
    Revision.objects.filter(pk=revision.pk).update(author=world["colleague"])
    world["innovation"].submitted_by = world["official"]
    world["innovation"].save()
    client.force_login(staff_user)
    response = client.get("/moderation/queue/")
    entries = {(e.kind, e.stage, e.item.pk): e for e in response.context["entries"]}
    assert ("organisation", "new", world["not_mine"].pk) in entries
    assert entries[("organisation", "new", world["own"].pk)].flag
    assert entries[("organisation", "revision", world["published"].pk)].flag
    assert entries[("innovation", "new", world["innovation"].pk)].flag
    assert not entries[("organisation", "new", world["new_douala"].pk)].flag
    page = response.content.decode()
    assert page.count("Pour un autre modérateur") == 3


def test_an_author_sees_their_own_changes_flagged(client, world):
    Revision.objects.filter(pk=world["revision"].pk).update(author=world["official"])
    client.force_login(world["official"])
    entries = {(e.kind, e.stage, e.item.pk): e
               for e in client.get("/moderation/queue/").context["entries"]}
    assert entries[("organisation", "revision", world["published"].pk)].flag


def test_the_queue_costs_the_same_whatever_its_size(client, world, staff_user, settings,
                                                    django_assert_max_num_queries):
    settings.SUBMISSIONS_PER_HOUR = settings.SUBMISSIONS_PER_DAY = 0
    client.force_login(staff_user)
    with django_assert_max_num_queries(20) as few:
        client.get("/moderation/queue/")
    for n in range(15):
        actor = ActorFactory(city=world["douala"], status=Actor.Status.PUBLISHED)
        propose(item=actor, user=world["owner"], data={"name": f"Autre nom {n}"})
        ActorFactory(city=world["dakar"], status=Actor.Status.PENDING)
        InnovationFactory(city=world["dakar"], status=ForgeStatus.PENDING)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/moderation/queue/")
    assert len(response.context["entries"]) > 45


def test_old_queue_addresses_lead_to_the_queue(client, world, staff_user):
    client.force_login(world["official"])
    assert client.get("/moderation/changes/")["Location"] == "/moderation/queue/?stage=revision"
    assert client.get("/moderation/")["Location"] == "/moderation/queue/?kind=organisation"
    assert client.get("/moderation/forge/")["Location"] == \
        "/moderation/queue/?kind=innovation&kind=adaptation"
    # With a status, they still list an organisation's or the forge's items by status.
    assert client.get("/moderation/", {"status": "published"}).status_code == 200
    assert client.get("/moderation/forge/", {"status": "published"}).status_code == 200


def test_only_moderators_see_the_queue(client, world):
    assert client.get("/moderation/queue/").status_code == 302  # to the sign-in page
    client.force_login(world["owner"])
    assert client.get("/moderation/queue/").status_code == 403


def test_the_queue_in_english(client, world):
    client.force_login(world["official"])
    page = client.get("/en/moderation/queue/").content.decode().replace("\xa0", " ")
    assert "waiting for 3 days" in page
    assert "For another moderator" in page
