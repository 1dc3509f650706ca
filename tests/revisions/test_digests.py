"""Officials are not flooded: each chooses how they hear of items waiting in their cities
(at once, hourly or daily digest); items left waiting remind the officials, then AIMF
staff; every digest and reminder is sent once, one message per recipient."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from actors.models import Actor
from actors.moderation import notify_officials as notify_actor_officials
from innovations.models import ForgeStatus, Innovation
from innovations.moderation import notify_officials as notify_forge_officials
from revisions.digests import send_digests, send_reminders
from revisions.models import ModerationNotice, ModerationReminder
from revisions.services import propose
from tests.factories import ActorFactory, CityFactory, UserFactory
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _platform_default(settings):
    settings.MODERATION_NOTICE_DEFAULT = "hourly"
    settings.MODERATION_REMINDER_DAYS = 7
    settings.MODERATION_ESCALATION_DAYS = 14


@pytest.fixture
def world():
    city = CityFactory(name="Douala", slug="douala")
    official = UserFactory(username="official", email="official@example.org")
    colleague = UserFactory(username="colleague", email="colleague@example.org")
    city.officials.add(official, colleague)
    owner = UserFactory(username="owner", email="owner@example.org")
    published = ActorFactory(city=city, status=Actor.Status.PUBLISHED, name="Fablab Akwa")
    published.owners.add(owner)
    new = ActorFactory(city=city, status=Actor.Status.PENDING, name="Nouveau hub")
    forge = InnovationFactory(city=city, status=ForgeStatus.PENDING, title="Compost partagé")
    return {"city": city, "official": official, "colleague": colleague, "owner": owner,
            "published": published, "new": new, "forge": forge}


def to(mail, address):
    return [message for message in mail if message.to == [address]]


def test_a_digest_lists_what_waits_and_is_sent_once(world, mailoutbox):
    revision = propose(item=world["published"], user=world["owner"],
                       data={"name": "Fablab Akwa Nord"})
    assert revision is not None
    assert to(mailoutbox, "official@example.org") == []  # no per-item e-mail (hourly)
    now = timezone.now()
    assert send_digests(now=now) == 2
    digest = to(mailoutbox, "official@example.org")
    assert len(digest) == 1 and len(digest[0].to) == 1
    body = digest[0].body
    assert "Nouveau hub" in body and "Compost partagé" in body and "Fablab Akwa" in body
    assert f"/revisions/{revision.pk}/" in body or str(revision.pk) in body
    assert "attendent une modération" in digest[0].subject  # French first
    assert "3 éléments attendent une modération dans vos villes" in body
    assert "3 items wait for moderation in your cities" in body
    # Run again: nothing new, period not elapsed → nothing more.
    mailoutbox.clear()
    assert send_digests(now=now + 10 * 60 * datetime.timedelta(seconds=1)) == 0
    assert send_digests(now=now + 2 * HOUR) == 0  # period elapsed but nothing new
    assert mailoutbox == []
    # Something new arrives: the next digest after the period.
    ActorFactory(city=world["city"], status=Actor.Status.PENDING, name="Autre hub")
    assert send_digests(now=now + 30 * 60 * datetime.timedelta(seconds=1)) == 0
    assert send_digests(now=now + 3 * HOUR) == 2
    assert "Autre hub" in to(mailoutbox, "official@example.org")[0].body


def test_a_daily_digest_waits_a_day(world, mailoutbox):
    ModerationNotice.objects.create(user=world["official"], frequency="daily")
    now = timezone.now()
    send_digests(now=now)
    ActorFactory(city=world["city"], status=Actor.Status.PENDING, name="Autre hub")
    mailoutbox.clear()
    send_digests(now=now + 2 * HOUR)
    assert to(mailoutbox, "official@example.org") == []
    assert len(to(mailoutbox, "colleague@example.org")) == 1  # hourly
    send_digests(now=now + DAY + HOUR)
    assert len(to(mailoutbox, "official@example.org")) == 1


def test_immediately_keeps_the_per_item_mail_and_no_digest(world, mailoutbox):
    ModerationNotice.objects.create(user=world["official"], frequency="immediately")
    notify_actor_officials(world["new"])
    notify_forge_officials(world["forge"])
    propose(item=world["published"], user=world["owner"], data={"name": "Fablab Akwa 2"})
    assert len(to(mailoutbox, "official@example.org")) == 3
    assert to(mailoutbox, "colleague@example.org") == []
    mailoutbox.clear()
    send_digests()
    assert to(mailoutbox, "official@example.org") == []
    assert len(to(mailoutbox, "colleague@example.org")) == 1


def test_reminders_after_7_days_escalation_after_14_each_once(
        world, staff_user, mailoutbox):
    staff_user.email = "staff@example.org"
    staff_user.save()
    now = timezone.now()
    Actor.objects.filter(pk=world["new"].pk).update(created_at=now - 8 * DAY)
    Innovation.objects.filter(pk=world["forge"].pk).update(updated_at=now - 15 * DAY)
    send_reminders(now=now)
    official = to(mailoutbox, "official@example.org")
    assert len(official) == 3  # new: reminder; forge: reminder + escalation
    assert any("« Nouveau hub » (Douala) attend une modération depuis 8 jours"
               in message.body for message in official)
    staff = to(mailoutbox, "staff@example.org")
    assert len(staff) == 1 and "Compost partagé" in staff[0].body
    assert all(len(message.to) == 1 for message in mailoutbox)
    assert ModerationReminder.objects.count() == 3
    mailoutbox.clear()
    send_reminders(now=now + HOUR)
    assert mailoutbox == []
    # The organisation reaches 14 days: escalated once.
    send_reminders(now=now + 7 * DAY)
    assert len(to(mailoutbox, "staff@example.org")) == 1
    mailoutbox.clear()
    call_command("send_moderation_reminders")
    assert mailoutbox == []


def test_a_city_without_officials_goes_to_staff_at_once(staff_user, mailoutbox):
    staff_user.email = "staff@example.org"
    staff_user.save()
    ActorFactory(city=CityFactory(name="Kribi", slug="kribi"), status=Actor.Status.PENDING,
                 name="Hub de Kribi")
    send_reminders()
    staff = to(mailoutbox, "staff@example.org")
    assert len(staff) == 1 and "Hub de Kribi" in staff[0].body
    mailoutbox.clear()
    send_reminders()
    assert mailoutbox == []


def test_the_command_sends_digests(world, mailoutbox):
    call_command("send_moderation_digests")
    assert len(mailoutbox) == 2
    call_command("send_moderation_digests")
    assert len(mailoutbox) == 2


def test_an_official_chooses_on_their_profile(client, world):
    client.force_login(world["official"])
    page = client.get("/accounts/profile/")
    assert 'name="frequency"' in page.content.decode()
    response = client.post("/accounts/moderation-notices/", {"frequency": "daily"})
    assert response.status_code == 302
    assert ModerationNotice.objects.get(user=world["official"]).frequency == "daily"
    response = client.post("/accounts/moderation-notices/", {"frequency": "weekly"})
    assert response.status_code == 400
    assert ModerationNotice.objects.get(user=world["official"]).frequency == "daily"


def test_a_revision_left_waiting_reminds_then_escalates(world, staff_user, mailoutbox):
    """Proposed changes wait like new entries: officials after 7 days (never the author),
    staff too after 14, each once; the clock moved by `now`."""
    staff_user.email = "staff@example.org"
    staff_user.save()
    Actor.objects.filter(pk=world["new"].pk).update(status=Actor.Status.PUBLISHED)
    Innovation.objects.filter(pk=world["forge"].pk).update(status=ForgeStatus.PUBLISHED)
    world["city"].officials.add(world["owner"])  # an official who owns it: not told
    revision = propose(item=world["published"], user=world["owner"],
                       data={"name": "Fablab Akwa Nord"})
    start = revision.created_at
    mailoutbox.clear()
    assert send_reminders(now=start + 6 * DAY) == 0
    send_reminders(now=start + 8 * DAY)
    assert {tuple(message.to) for message in mailoutbox} == {
        ("official@example.org",), ("colleague@example.org",)}
    assert "Fablab Akwa" in mailoutbox[0].body
    mailoutbox.clear()
    send_reminders(now=start + 9 * DAY)
    assert mailoutbox == []
    send_reminders(now=start + 15 * DAY)
    assert len(to(mailoutbox, "staff@example.org")) == 1
    assert to(mailoutbox, "owner@example.org") == []


def test_a_revision_in_a_city_without_officials_goes_to_staff_at_once(staff_user, mailoutbox):
    staff_user.email = "staff@example.org"
    staff_user.save()
    owner = UserFactory(username="kribi-owner", email="kribi@example.org")
    actor = ActorFactory(city=CityFactory(name="Kribi", slug="kribi"), name="Hub de Kribi")
    actor.owners.add(owner)
    propose(item=actor, user=owner, data={"name": "Hub de Kribi Plage"})
    send_reminders()
    staff = to(mailoutbox, "staff@example.org")
    assert len(staff) == 1 and "Hub de Kribi" in staff[0].body


def test_a_resubmitted_organisation_waits_from_its_resubmission(world, mailoutbox):
    """Created long ago, sent back for changes, resubmitted yesterday: it has waited one
    day, not since its creation; no reminder, no escalation yet."""
    from actors.moderation import decide, resubmit

    new = world["new"]
    now = timezone.now()
    Actor.objects.filter(pk=new.pk).update(created_at=now - 30 * DAY)
    decide(actor_id=new.pk, user=world["official"], action="changes", message="Précisez.")
    new.refresh_from_db()
    resubmit(actor=new, user=world["owner"])
    mailoutbox.clear()
    send_reminders(now=now + DAY)
    assert [m for m in mailoutbox if "Nouveau hub" in m.body] == []
    send_reminders(now=now + 8 * DAY)
    assert len([m for m in to(mailoutbox, "official@example.org")
                if "Nouveau hub" in m.body]) == 1


def test_a_new_wait_after_a_resubmission_is_reminded_again(world, mailoutbox):
    from actors.moderation import decide, resubmit

    new = world["new"]
    now = timezone.now()
    Actor.objects.filter(pk=new.pk).update(created_at=now - 8 * DAY)
    send_reminders(now=now)
    assert len([m for m in to(mailoutbox, "official@example.org")
                if "Nouveau hub" in m.body]) == 1
    decide(actor_id=new.pk, user=world["official"], action="changes", message="Précisez.")
    new.refresh_from_db()
    resubmit(actor=new, user=world["owner"])
    mailoutbox.clear()
    send_reminders(now=now + 9 * DAY)
    assert len([m for m in to(mailoutbox, "official@example.org")
                if "Nouveau hub" in m.body]) == 1
