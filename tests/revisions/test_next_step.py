"""The applicant sees the expected next step, never silence: who reviews their
submission or proposed changes, since when, how long it usually takes in that city (the
median of the last 90 days, else the reminder policy), that the decision comes by e-mail;
after a rejection, the reason and how to submit again. Web pages and API."""

import datetime

import pytest
from django.utils import timezone

from actors.models import Actor, ModerationAction, ModerationDecision
from actors.moderation import decide, record_submission
from innovations.models import ForgeStatus
from innovations.moderation import record
from partners.models import APIKeyScope
from partners.services import issue_key
from revisions import services
from tests.factories import ActorFactory, CityFactory, UserFactory
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def world():
    douala = CityFactory(name="Douala", slug="douala")
    nowhere = CityFactory(name="Kribi", slug="kribi")  # no official yet
    quiet = CityFactory(name="Limbé", slug="limbe")  # officials, no decision yet
    owner = UserFactory(username="owner")
    official = UserFactory(username="official")
    douala.officials.add(official)
    quiet.officials.add(UserFactory(username="limbe-official"))
    # Douala decided one organisation in three days, 10 days ago.
    done = ActorFactory(city=douala, name="Déjà décidé")
    now = timezone.now()
    for action, when in ((ModerationAction.SUBMITTED, now - 13 * DAY),
                         (ModerationAction.APPROVED, now - 10 * DAY)):
        decision = ModerationDecision.objects.create(actor=done, action=action)
        ModerationDecision.objects.filter(pk=decision.pk).update(created_at=when)
    return {"douala": douala, "kribi": nowhere, "limbe": quiet, "owner": owner,
            "official": official}


def pending_actor(world, city, name="Fablab en attente"):
    actor = ActorFactory(city=city, name=name, status=Actor.Status.PENDING)
    actor.owners.add(world["owner"])
    record_submission(actor=actor, user=world["owner"])
    return actor


def my_page(client, world, language="en"):
    client.force_login(world["owner"])
    prefix = "/en" if language == "en" else ""
    return client.get(f"{prefix}/my/organisations/").content.decode()


def test_pending_organisation_names_its_reviewers_and_the_city_median(client, world):
    pending_actor(world, world["douala"])
    page = my_page(client, world)
    assert "Next step:" in page and "a review, awaited since" in page
    assert "The officials of Douala review it." in page
    assert "In Douala, a decision usually takes 3 days (median of the last 90 days)." in page
    assert "You will receive an e-mail with the decision." in page
    page = my_page(client, world, "fr")
    assert "Les responsables de Douala l’examinent." in page
    assert "À Douala, une décision prend habituellement 3 jours" in page


def test_city_without_officials_goes_to_staff(client, world):
    pending_actor(world, world["kribi"])
    page = my_page(client, world)
    assert "Kribi has no official on the platform yet: AIMF staff review it" in page
    assert "officials are reminded" not in page


def test_without_known_delay_the_reminder_policy_is_given(client, world, settings):
    settings.MODERATION_REMINDER_DAYS, settings.MODERATION_ESCALATION_DAYS = 5, 12
    pending_actor(world, world["limbe"])
    page = my_page(client, world)
    assert "The officials of Limbé review it." in page
    assert ("If no decision comes within 5 days, the officials are reminded; after 12 days, "
            "AIMF staff are told too.") in page


def test_an_owner_who_is_the_only_official_is_not_their_own_reviewer(client, world):
    world["kribi"].officials.add(world["owner"])
    pending_actor(world, world["kribi"])
    assert "AIMF staff review it" in my_page(client, world)


def test_rejection_gives_the_reason_and_how_to_submit_again(client, world):
    actor = pending_actor(world, world["douala"])
    decide(actor_id=actor.pk, user=world["official"], action=ModerationAction.REJECTED,
           message="Adresse introuvable.")
    page = my_page(client, world)
    assert "Rejected on" in page and "Reason: Adresse introuvable." in page
    assert "To submit it again, edit it to answer the reason and save" in page
    assert "Next step:" not in page
    client.force_login(world["owner"])
    form = client.get(f"/en/my/organisations/{actor.pk}/edit/").content.decode()
    assert "Adresse introuvable." in form and "To submit it again" in form


def test_pending_and_rejected_revisions(client, world):
    actor = ActorFactory(city=world["douala"], name="Fablab publié")
    actor.owners.add(world["owner"])
    revision = services.propose(item=actor, user=world["owner"], data={"name": "Nouveau"})
    page = my_page(client, world)
    assert "a review of your proposed changes." in page
    assert "In Douala, a decision usually takes 3 days" in page
    client.force_login(world["owner"])
    form = client.get(f"/en/my/organisations/{actor.pk}/edit/").content.decode()
    assert "a review of your proposed changes." in form
    services.reject(revision_id=revision.pk, user=world["official"], reason="Nom trompeur.")
    page = my_page(client, world)
    assert "Your last proposed changes were rejected on" in page
    assert "Reason: Nom trompeur." in page and "To propose changes again, edit it" in page
    # A later approval of other changes closes the matter.
    revision = services.propose(item=actor, user=world["owner"], data={"name": "Autre"})
    services.approve(revision_id=revision.pk, user=world["official"])
    page = my_page(client, world)
    assert "Your last proposed changes were rejected" not in page and "Next step:" not in page


def test_published_without_anything_waiting_says_nothing(client, world):
    actor = ActorFactory(city=world["douala"])
    actor.owners.add(world["owner"])
    assert "next-step" not in my_page(client, world)


def test_forge_items_show_their_next_step(client, world):
    actor = ActorFactory(city=world["douala"])
    actor.owners.add(world["owner"])
    innovation = InnovationFactory(city=world["kribi"], actors=[actor],
                                   status=ForgeStatus.PENDING, submitted_by=world["owner"])
    record(innovation, "submitted", world["owner"])
    client.force_login(world["owner"])
    page = client.get("/en/my/innovations/").content.decode()
    assert "Kribi has no official on the platform yet: AIMF staff review it" in page
    form = client.get(f"/en/my/innovations/{innovation.pk}/edit/").content.decode()
    assert "AIMF staff review it" in form


def test_api_tells_the_owner_only(client, world):
    actor = ActorFactory(city=world["douala"], name="Fablab publié")
    actor.owners.add(world["owner"])
    _key, secret = issue_key(owner=world["owner"], name="k", scope=APIKeyScope.WRITE)
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get(f"/api/v1/actors/{actor.pk}/", headers=headers).json()[
        "next_step"] is None
    response = client.patch(f"/api/v1/actors/{actor.pk}/", {"name": "Nouveau nom"},
                            content_type="application/json", headers=headers)
    assert response.status_code == 202
    step = response.json()["next_step"]
    assert step["state"] == "waiting" and step["reviewed_by"] == "city_officials"
    assert step["typical_delay_days"] == 3.0
    assert step["reminder_after_days"] == 7 and step["escalation_after_days"] == 14
    mine = client.get(f"/api/v1/actors/{actor.pk}/", headers=headers).json()
    assert mine["next_step"]["state"] == "waiting"
    assert "next_step" not in client.get(f"/api/v1/actors/{actor.pk}/").json()


def test_my_page_queries_do_not_grow_with_the_entries(client, world,
                                                     django_assert_max_num_queries):
    pending_actor(world, world["douala"], "Un")
    client.force_login(world["owner"])
    with django_assert_max_num_queries(QUERIES) as first:
        client.get("/en/my/organisations/")
    for n, city in enumerate((world["kribi"], world["limbe"], CityFactory(), CityFactory())):
        pending_actor(world, city, f"Autre {n}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get("/en/my/organisations/").content.decode()
    assert page.count("Next step:") == 5


QUERIES = 25
