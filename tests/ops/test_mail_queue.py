"""The e-mail queue: a request stores its message with what caused it; a failure to send
is retried with backoff; every message is delivered once; one message per recipient."""

import datetime
import smtplib

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from mailer.models import PRIORITY_DEFERRED, Message

from ops.mail import backoff, send_queued
from ops.models import MailRetry
from tests.factories import ActorFactory, CityFactory, UserFactory

PASSWORD = "Une phrase de passe solide 2026"


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


class DisconnectingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def queued(settings):
    """Production's e-mail settings: the queue in front, locmem as the "SMTP server"."""
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MAIL_RETRY_BASE_SECONDS = 60
    return settings


def signup(client, email):
    return client.post("/accounts/signup/", {
        "email": email, "password1": PASSWORD, "password2": PASSWORD})


@pytest.mark.django_db
def test_signup_during_an_smtp_outage_succeeds_and_the_mail_arrives_once_after(client, queued):
    queued.MAILER_EMAIL_BACKEND = "tests.ops.test_mail_queue.RefusingBackend"
    response = signup(client, "awa@example.org")
    assert response.status_code == 302
    assert get_user_model().objects.filter(email="awa@example.org").exists()
    assert Message.objects.count() == 1  # stored with the account, not sent in the request

    report = send_queued()  # the SMTP server is still down: deferred, nothing raised
    assert report == {"requeued": 0, "sent": 0, "deferred": 1}
    message = Message.objects.get()
    assert message.priority == PRIORITY_DEFERRED
    assert message.retry.attempts == 1

    queued.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_queued()["sent"] == 0  # its backoff has not run out yet
    MailRetry.objects.update(next_attempt_at=message.retry.next_attempt_at
                             - datetime.timedelta(minutes=5))
    assert send_queued()["sent"] == 1
    assert send_queued()["sent"] == 0
    assert [m.to for m in mail.outbox] == [["awa@example.org"]]
    assert Message.objects.count() == 0


@pytest.mark.django_db
def test_a_dropped_smtp_connection_is_deferred_too(queued):
    queued.MAILER_EMAIL_BACKEND = "tests.ops.test_mail_queue.DisconnectingBackend"
    mail.send_mail("Sujet", "Corps", None, ["a@example.org"])
    assert send_queued()["deferred"] == 1
    queued.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_queued_mail", "--retry-deferred", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_message_is_stored_in_the_transaction_of_its_cause(queued):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_mail("Sujet", "Corps", None, ["a@example.org"])
        raise RuntimeError("the request failed after queueing")
    assert Message.objects.count() == 0


def test_backoff_doubles_up_to_a_ceiling(settings):
    settings.MAIL_RETRY_BASE_SECONDS = 60
    settings.MAIL_RETRY_MAX_SECONDS = 600
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4, 5)] == [60, 120, 240, 480, 600]


@pytest.mark.django_db
def test_officials_get_one_message_each(settings):
    """Issue 12.6: never every address on one To: line."""
    from actors.moderation import notify_officials

    city = CityFactory()
    for name in ("a", "b", "c"):
        city.officials.add(UserFactory(username=name, email=f"{name}@example.org"))
    notify_officials(ActorFactory(city=city, status="pending"))
    assert sorted(m.to for m in mail.outbox) == [
        ["a@example.org"], ["b@example.org"], ["c@example.org"]]
    assert all(not m.cc and not m.bcc for m in mail.outbox)


@pytest.mark.django_db
def test_staff_get_one_message_each_for_a_forge_submission():
    from innovations.moderation import notify_officials
    from tests.innovations.factories import InnovationFactory

    for name in ("s1", "s2"):
        UserFactory(username=name, email=f"{name}@example.org", is_staff=True)
    item = InnovationFactory()
    item.city.officials.clear()
    notify_officials(item)
    recipients = [m.to for m in mail.outbox]
    assert recipients and all(len(to) == 1 for to in recipients)
    assert {"s1@example.org", "s2@example.org"} <= {to[0] for to in recipients}


@pytest.mark.django_db(transaction=True)
def test_signup_leaves_no_account_behind_when_its_email_cannot_be_stored(client, queued,
                                                                       monkeypatch):
    """Sign-up is one transaction: no account without its confirmation e-mail."""
    from django.db import OperationalError
    from mailer.backend import DbBackend

    def broken(self, messages):
        raise OperationalError("the queue's table is unreachable")

    monkeypatch.setattr(DbBackend, "send_messages", broken)
    queued.DEBUG = False
    client.raise_request_exception = False
    response = signup(client, "moitie@example.org")
    assert response.status_code == 503
    assert not get_user_model().objects.filter(email="moitie@example.org").exists()
