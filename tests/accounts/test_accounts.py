"""Accounts with django-allauth: sign-up with e-mail verification, login, no enumeration,
rate limits, honeypot, password rules, session key rotation; data download and deletion."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from actors.models import Actor, ModerationAction
from tests.factories import ActorFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password-2021"
User = get_user_model()


def verified_user(email="amina@example.org"):
    user = UserFactory(username=email.split("@")[0], email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def signup(client, email, password=PASSWORD, **extra):
    return client.post("/accounts/signup/", {
        "email": email, "password1": password, "password2": password, **extra})


def test_signup_sends_a_verification_link_and_the_link_signs_in(client):
    response = signup(client, "fatou@example.org")
    assert response.status_code == 302
    user = User.objects.get(email="fatou@example.org")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["fatou@example.org"]
    # Unverified: login is refused (a new verification mail is sent instead).
    login = client.post("/accounts/login/", {"login": "fatou@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert login.status_code in (200, 302)
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[0].body)
    path = "/" + link.group(0).split("/", 3)[3]
    assert client.get(path).status_code == 200
    client.post(path)
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize("password, message", [
    ("short-pass", "12"), ("password1234", "courant"),
])
def test_passwords_need_12_characters_and_not_a_common_one(client, password, message):
    response = signup(client, "x@example.org", password)
    assert response.status_code == 200 and message in response.content.decode()
    assert not User.objects.filter(email="x@example.org").exists()


def test_signup_does_not_reveal_a_registered_address(client):
    verified_user("known@example.org")
    known = signup(client, "known@example.org")
    unknown = signup(client, "new@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert User.objects.filter(email__iexact="known@example.org").count() == 1


def test_login_failures_and_password_reset_say_the_same_for_known_and_unknown(client):
    verified_user("known@example.org")
    wrong = client.post("/accounts/login/", {"login": "known@example.org", "password": "nope"})
    unknown = client.post("/accounts/login/", {"login": "ghost@example.org", "password": "nope"})
    assert wrong.context["form"].errors == unknown.context["form"].errors
    reset_known = client.post("/accounts/password/reset/", {"email": "known@example.org"})
    reset_unknown = client.post("/accounts/password/reset/", {"email": "ghost@example.org"})
    assert reset_known.status_code == reset_unknown.status_code == 302
    assert reset_known.url == reset_unknown.url


def test_login_attempts_are_limited(client):
    verified_user("known@example.org")
    for _ in range(5):
        client.post("/accounts/login/", {"login": "known@example.org", "password": "wrong-pw"})
    # Past five failures, even the right password is refused for a while, with a reason.
    blocked = client.post("/en/accounts/login/",
                          {"login": "known@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in blocked.content.decode()


def test_the_honeypot_creates_no_account(client):
    response = signup(client, "bot@example.org", organisation_fax="buy now")
    assert response.status_code == 302
    assert not User.objects.filter(email="bot@example.org").exists()
    page = client.get("/accounts/signup/").content.decode()
    assert 'class="hp-field"' in page and "style=" not in page.split("organisation_fax")[1][:200]


def test_login_gives_a_new_session_key(client):
    verified_user("known@example.org")
    client.get("/accounts/login/")
    before = client.session.session_key
    client.post("/accounts/login/", {"login": "known@example.org", "password": PASSWORD})
    assert client.session["_auth_user_id"]
    assert client.session.session_key != before


def test_data_download_has_the_users_organisations_and_contacts(client):
    user = verified_user()
    actor = ActorFactory(email="private@example.org", email_is_public=False)
    actor.owners.add(user)
    client.force_login(user)
    response = client.get("/accounts/data/")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "amina@example.org"
    assert data["organisations"][0]["email"] == "private@example.org"
    assert data["email_addresses"] == [
        {"email": "amina@example.org", "verified": True, "primary": True}]


def test_deleting_the_account_archives_organisations_held_alone(client):
    user = verified_user()
    alone = ActorFactory(name="Seule")
    shared = ActorFactory(name="Partagée")
    alone.owners.add(user)
    shared.owners.add(user, UserFactory())
    alone.name = "Renamed by the owner"
    alone._history_user = user
    alone.save()
    client.force_login(user)
    wrong = client.post("/accounts/delete/", {"password": "not-it"})
    assert wrong.status_code == 200 and User.objects.filter(pk=user.pk).exists()
    client.post("/accounts/delete/", {"password": PASSWORD})
    assert not User.objects.filter(pk=user.pk).exists()
    alone.refresh_from_db()
    shared.refresh_from_db()
    assert alone.status == Actor.Status.ARCHIVED
    assert alone.decisions.first().action == ModerationAction.ARCHIVED
    assert shared.status == Actor.Status.PUBLISHED and shared.owners.count() == 1
    # The history stays, without the deleted user's name.
    assert alone.history.filter(history_user__isnull=True).exists()
    assert not alone.history.filter(history_user_id=user.pk).exists()


def test_pages_need_a_login(client):
    for url in ("/accounts/profile/", "/accounts/data/", "/accounts/delete/",
                "/my/organisations/", "/moderation/", "/organisations/new/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url


def test_privacy_page_in_both_languages(client):
    french = client.get("/privacy/").content.decode()
    english = client.get("/en/privacy/").content.decode()
    assert "consentement" in french and "consent" in english
