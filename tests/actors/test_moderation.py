"""Moderation by city officials and staff: the permission matrix (HTML and API), decisions
and their e-mails, concurrent decisions, verified mark, archive, revert, freshness."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from actors.models import Actor, ModerationAction
from actors.moderation import ModerationConflict, confirmation_token, decide
from partners.services import issue_key
from tests.factories import ActorFactory, CityFactory, UserFactory

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "other_owner", "owner", "official_elsewhere", "city_official", "staff"]


@pytest.fixture
def world():
    city = CityFactory(name="Dakar", slug="dakar")
    elsewhere = CityFactory(name="Tunis", slug="tunis")
    users = {
        "owner": UserFactory(username="owner", email="owner@example.org"),
        "other_owner": UserFactory(username="other-owner"),
        "official_elsewhere": UserFactory(username="official-tunis"),
        "city_official": UserFactory(username="official-dakar"),
        "staff": UserFactory(username="staff", is_staff=True, is_superuser=True),
    }
    city.officials.add(users["city_official"])
    elsewhere.officials.add(users["official_elsewhere"])
    ActorFactory(city=elsewhere).owners.add(users["other_owner"])
    return {"city": city, "users": users}


def make_actor(world, status=Actor.Status.PENDING, **fields):
    actor = ActorFactory(city=world["city"], status=status, **fields)
    actor.owners.add(world["users"]["owner"])
    return actor


def as_role(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


def moderate(client, actor, **data):
    return client.post(f"/moderation/{actor.pk}/", data)


# Each cell: can this role do this? (HTML pages)
MATRIX = {
    #                   anon   other  owner  offic. elsewhere, city official, staff
    "view_pending":    (False, False, True,  False, True,  True),
    "edit":            (False, False, True,  False, False, True),
    "approve":         (False, False, False, False, True,  True),
    "reject":          (False, False, False, False, True,  True),
    "verify":          (False, False, False, False, True,  True),
    "archive":         (False, False, True,  False, True,  True),
    "revert":          (False, False, False, False, True,  True),
}


def attempt(client, world, action) -> bool:
    """Try `action` as the logged-in role; True when it took effect."""
    if action == "view_pending":
        actor = make_actor(world)
        return client.get(actor.get_absolute_url()).status_code == 200
    if action == "edit":
        actor = make_actor(world)
        return client.get(f"/my/organisations/{actor.pk}/edit/").status_code == 200
    if action == "approve":
        actor = make_actor(world)
        moderate(client, actor, operation="decide", action="approved")
    elif action == "reject":
        actor = make_actor(world)
        moderate(client, actor, operation="decide", action="rejected", message="Hors sujet")
    elif action == "verify":
        actor = make_actor(world, Actor.Status.PUBLISHED)
        moderate(client, actor, operation="verify")
        return Actor.objects.get(pk=actor.pk).verified_at is not None
    elif action == "archive":
        actor = make_actor(world, Actor.Status.PUBLISHED)
        moderate(client, actor, operation="archive", message="Fermé")
        client.post(f"/my/organisations/{actor.pk}/archive/", {"message": "Fermé"})
        return Actor.objects.get(pk=actor.pk).status == Actor.Status.ARCHIVED
    elif action == "revert":
        actor = make_actor(world, Actor.Status.PUBLISHED, name="Bon nom")
        good = actor.history.first()
        actor.name = "Vandalisé"
        actor.save()
        moderate(client, actor, operation="revert", version=good.history_id)
        return Actor.objects.get(pk=actor.pk).name == "Bon nom"
    expected = {"approve": Actor.Status.PUBLISHED, "reject": Actor.Status.REJECTED}[action]
    return Actor.objects.get(pk=actor.pk).status == expected


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_html_permission_matrix(client, world, role, action):
    as_role(client, world, role)
    assert attempt(client, world, action) is MATRIX[action][ROLES.index(role)]


# The API: who sees a pending actor, who edits it; moderation itself is not in the API.
API_MATRIX = {
    #          anon  other  owner  elsewhere  city official  staff
    "view":   (404,  404,   200,   404,       200,           200),
    "edit":   (401,  404,   200,   404,       403,           200),
    "status": (401,  404,   400,   404,       403,           400),
}


@pytest.mark.parametrize("role", ROLES)
def test_api_permission_matrix(client, world, role):
    headers = {}
    if role != "anonymous":
        _key, secret = issue_key(owner=world["users"][role], name="t", scope="write")
        headers = {"Authorization": f"Bearer {secret}"}
    actor = make_actor(world)
    url = f"/api/v1/actors/{actor.pk}/"
    column = ROLES.index(role)
    assert client.get(url, headers=headers).status_code == API_MATRIX["view"][column]
    edit = client.patch(url, {"name": "Changé"}, content_type="application/json",
                        headers=headers)
    assert edit.status_code == API_MATRIX["edit"][column]
    fresh = make_actor(world)
    status = client.patch(f"/api/v1/actors/{fresh.pk}/", {"status": "published"},
                          content_type="application/json", headers=headers)
    assert status.status_code == API_MATRIX["status"][column]
    assert Actor.objects.get(pk=fresh.pk).status == Actor.Status.PENDING


def test_decisions_email_the_applicant_with_the_reason(client, world,
                                                        django_capture_on_commit_callbacks):
    actor = make_actor(world)
    world["users"]["owner"].email = "owner@example.org"
    world["users"]["owner"].save()
    as_role(client, world, "city_official")
    missing = moderate(client, actor, operation="decide", action="rejected", message=" ")
    assert missing.status_code == 400 and "message" in missing.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        moderate(client, actor, operation="decide", action="changes",
                 message="Ajoutez l'adresse du local.")
    assert mail.outbox[-1].to == ["owner@example.org"]
    assert "Ajoutez l'adresse du local." in mail.outbox[-1].body
    assert "Modifications demandées" in mail.outbox[-1].subject
    decision = actor.decisions.first()
    assert decision.decided_by == world["users"]["city_official"]
    assert Actor.objects.get(pk=actor.pk).history.first().history_user == decision.decided_by


def test_two_officials_deciding_at_once_end_in_one_state(world):
    """The second decision, taken on a page shown before the first, changes nothing."""
    actor = make_actor(world)
    second_official = UserFactory(username="second")
    world["city"].officials.add(second_official)
    decide(actor_id=actor.pk, user=world["users"]["city_official"], action="approved")
    with pytest.raises(ModerationConflict):
        decide(actor_id=actor.pk, user=second_official, action="rejected", message="Non")
    actor.refresh_from_db()
    assert actor.status == Actor.Status.PUBLISHED
    assert list(actor.decisions.values_list("action", flat=True)) == ["approved"]


def test_conflicting_decision_on_the_page_shows_what_happened(client, world):
    actor = make_actor(world)
    decide(actor_id=actor.pk, user=world["users"]["staff"], action="approved")
    as_role(client, world, "city_official")
    response = moderate(client, actor, operation="decide", action="rejected", message="Non")
    page = client.get(response.url).content.decode()
    assert "rien n’a été modifié" in page or "nothing was changed" in page


def test_moderation_queue_lists_only_the_officials_cities(client, world):
    mine = make_actor(world, name="À Dakar")
    ActorFactory(city=CityFactory(), status=Actor.Status.PENDING, name="Ailleurs")
    as_role(client, world, "city_official")
    queue = "/moderation/?status=pending"
    names = [a.name for a in client.get(queue).context["object_list"]]
    assert names == [mine.name]
    client.force_login(world["users"]["staff"])
    assert len(client.get(queue).context["object_list"]) == 2
    client.force_login(world["users"]["owner"])
    assert client.get(queue).status_code == 403


def test_history_page_shows_who_changed_what(client, world):
    actor = make_actor(world, Actor.Status.PUBLISHED, name="Avant")
    actor.name = "Après"
    actor._history_user = world["users"]["owner"]
    actor.save()
    as_role(client, world, "city_official")
    page = client.get(f"/moderation/{actor.pk}/").content.decode()
    assert "Avant" in page and "Après" in page and "owner@example.org" in page


# --- Freshness ---------------------------------------------------------------------------

def test_reminders_link_confirms_and_unconfirmed_entries_are_archived(
    client, world, settings, django_capture_on_commit_callbacks
):
    old = timezone.now() - datetime.timedelta(days=400)
    stale = make_actor(world, Actor.Status.PUBLISHED)
    Actor.objects.filter(pk=stale.pk).update(created_at=old)
    fresh = make_actor(world, Actor.Status.PUBLISHED)
    stale.refresh_from_db()
    assert stale.is_stale and not fresh.is_stale
    assert "Pas confirmé depuis" in client.get(stale.get_absolute_url()).content.decode()
    api = client.get(f"/api/v1/actors/{stale.pk}/").json()
    assert api["not_confirmed_since"] and api["last_confirmed_at"] == api["not_confirmed_since"]
    assert client.get(f"/api/v1/actors/{fresh.pk}/").json()["not_confirmed_since"] is None

    call_command("send_confirmation_reminders", stdout=mock.MagicMock())
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["owner@example.org"]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/still-active/" in line)
    path = "/" + link.strip().split("/", 3)[3]
    assert client.get(path).status_code == 200
    client.post(path)
    stale.refresh_from_db()
    assert not stale.is_stale and stale.decisions.first().action == ModerationAction.CONFIRMED

    # A second stale entry whose owner does not answer is archived after the grace period.
    silent = make_actor(world, Actor.Status.PUBLISHED)
    Actor.objects.filter(pk=silent.pk).update(created_at=old)
    call_command("send_confirmation_reminders", stdout=mock.MagicMock())
    Actor.objects.filter(pk=silent.pk).update(
        reminder_sent_at=timezone.now()
        - datetime.timedelta(days=settings.ACTOR_CONFIRMATION_GRACE_DAYS + 1))
    call_command("send_confirmation_reminders", stdout=mock.MagicMock())
    silent.refresh_from_db()
    assert silent.status == Actor.Status.ARCHIVED
    assert Actor.objects.get(pk=stale.pk).status == Actor.Status.PUBLISHED


def test_still_active_link_expired_or_tampered_is_refused(client, world, settings):
    actor = make_actor(world, Actor.Status.PUBLISHED)
    token = confirmation_token(actor)
    tampered = client.post(f"/organisations/still-active/{token[:-2]}xx/")
    assert tampered.status_code == 400 and "pas valide" in tampered.content.decode()
    later = timezone.now() + datetime.timedelta(days=settings.ACTOR_CONFIRMATION_LINK_DAYS + 1)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        expired = client.post(f"/organisations/still-active/{token}/")
    assert expired.status_code == 400 and "expiré" in expired.content.decode()
    actor.refresh_from_db()
    assert actor.confirmed_at is None


@pytest.mark.django_db(transaction=True)
def test_simultaneous_decisions_from_two_threads_leave_one_consistent_state(world):
    """Two officials press their buttons at the same moment: one decision wins, the other
    is refused, and the actor's status matches the one decision recorded."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers with a file lock; the row lock needs PostgreSQL")
    actor = make_actor(world)
    second = UserFactory(username="second-official")
    world["city"].officials.add(second)
    barrier = threading.Barrier(2)
    outcomes = []

    def run(user, action, message):
        thread_connection = connection  # each thread has its own
        try:
            barrier.wait()
            decide(actor_id=actor.pk, user=user, action=action, message=message)
            outcomes.append(action)
        except ModerationConflict:
            outcomes.append("conflict")
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=run, args=(world["users"]["city_official"], "approved", "")),
        threading.Thread(target=run, args=(second, "rejected", "Doublon")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("conflict") == 1
    actor.refresh_from_db()
    decisions = list(actor.decisions.values_list("action", flat=True))
    assert len(decisions) == 1
    assert actor.status == {"approved": Actor.Status.PUBLISHED,
                            "rejected": Actor.Status.REJECTED}[decisions[0]]


def test_staff_cannot_hard_delete_an_organisation_in_the_admin(client, world):
    actor = make_actor(world, Actor.Status.PUBLISHED)
    client.force_login(world["users"]["staff"])
    response = client.post(f"/admin/actors/actor/{actor.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Actor.objects.filter(pk=actor.pk).exists()


# --- Review findings: each one a behaviour a user relies on --------------------------------

def test_a_name_with_a_line_break_is_refused_and_subjects_stay_on_one_line(
    client, world, django_capture_on_commit_callbacks
):
    from django.core.exceptions import ValidationError

    from actors.services import update_actor

    actor = make_actor(world, name="Coop' & Co")
    with pytest.raises(ValidationError) as error:
        update_actor(actor=actor, user=world["users"]["owner"],
                     data={"name": "Evil\r\nBcc: x@evil.org"})
    assert "name" in error.value.message_dict
    as_role(client, world, "city_official")
    with django_capture_on_commit_callbacks(execute=True):
        moderate(client, actor, operation="decide", action="approved")
    subject = mail.outbox[-1].subject
    assert "\n" not in subject and "Coop' & Co" in subject


def test_revert_never_brings_back_a_withdrawn_consent(client, world):
    actor = make_actor(world, Actor.Status.PUBLISHED, phone="+221 33", phone_is_public=True)
    good = actor.history.first()
    actor.phone_is_public = False
    actor.save()
    actor.description = "Vandalisme"
    actor.save()
    as_role(client, world, "city_official")
    moderate(client, actor, operation="revert", version=good.history_id)
    actor.refresh_from_db()
    assert actor.description == good.description and not actor.phone_is_public


def test_publishing_counts_as_a_confirmation(world):
    actor = make_actor(world)
    Actor.objects.filter(pk=actor.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400),
        reminder_sent_at=timezone.now() - datetime.timedelta(days=400))
    decide(actor_id=actor.pk, user=world["users"]["city_official"], action="approved")
    actor.refresh_from_db()
    assert not actor.is_stale and actor.reminder_sent_at is None
    call_command("send_confirmation_reminders", stdout=mock.MagicMock())
    assert Actor.objects.get(pk=actor.pk).status == Actor.Status.PUBLISHED


def test_approving_what_changed_since_the_page_was_shown_is_refused(client, world):
    actor = make_actor(world, name="Vu")
    as_role(client, world, "city_official")
    seen = client.get(f"/moderation/{actor.pk}/").context["form"].initial["seen_version"]
    actor.name = "Changé en douce"
    actor.save()
    moderate(client, actor, operation="decide", action="approved", seen_version=seen)
    assert Actor.objects.get(pk=actor.pk).status == Actor.Status.PENDING


def test_moving_a_published_entry_to_another_city_is_a_reviewed_change(
    world, django_capture_on_commit_callbacks
):
    from actors.services import update_actor
    from revisions.models import Revision
    from revisions.services import approve

    actor = make_actor(world, Actor.Status.PUBLISHED)
    other = CityFactory(name="Lomé", slug="lome")
    with django_capture_on_commit_callbacks(execute=True):
        revision = update_actor(actor=actor, user=world["users"]["owner"],
                                data={"city": other})
    assert isinstance(revision, Revision)
    actor.refresh_from_db()
    assert actor.status == Actor.Status.PUBLISHED and actor.city == world["city"]
    assert actor.decisions.first().action == ModerationAction.REVISED
    approve(revision_id=revision.pk, user=world["users"]["city_official"])
    actor.refresh_from_db()
    assert actor.city == other


def test_without_officials_staff_are_told_of_new_entries(world, django_capture_on_commit_callbacks):
    from actors.moderation import record_submission

    lonely = ActorFactory(city=CityFactory(), status=Actor.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        record_submission(actor=lonely, user=world["users"]["owner"])
    assert any(world["users"]["staff"].email in message.to for message in mail.outbox)


def test_an_official_removed_from_a_city_stops_seeing_its_pending_entries(client, world):
    official = world["users"]["city_official"]
    _key, secret = issue_key(owner=official, name="t")
    headers = {"Authorization": f"Bearer {secret}"}
    pending = make_actor(world)
    ids = [row["id"] for row in client.get("/api/v1/actors/", headers=headers).json()["results"]]
    assert pending.pk in ids
    world["city"].officials.remove(official)
    ids = [row["id"] for row in client.get("/api/v1/actors/", headers=headers).json()["results"]]
    assert pending.pk not in ids


@pytest.mark.parametrize("method, url, data", [
    ("post", "/my/organisations/", {"confirm": "abc"}),
    ("post", "/my/organisations/", {"confirm": "1\x00"}),
    ("get", "/moderation/?q=a%00b", None),
    ("post", "/accounts/api-keys/a%00b/revoke/", {}),
])
def test_odd_input_on_owner_and_moderation_pages_is_not_a_server_error(
    client, world, method, url, data
):
    client.force_login(world["users"]["staff"])
    response = getattr(client, method)(url, data) if data is not None else client.get(url)
    assert response.status_code < 500


def test_nul_in_an_archive_reason_is_a_message_not_a_500(client, world):
    actor = make_actor(world, Actor.Status.PUBLISHED)
    as_role(client, world, "city_official")
    response = moderate(client, actor, operation="archive", message="a\x00b")
    assert response.status_code == 302
    assert Actor.objects.get(pk=actor.pk).status == Actor.Status.PUBLISHED
    client.force_login(world["users"]["owner"])
    owner = client.post(f"/my/organisations/{actor.pk}/archive/", {"message": "a\x00b"})
    assert owner.status_code == 302
    assert Actor.objects.get(pk=actor.pk).status == Actor.Status.PUBLISHED
