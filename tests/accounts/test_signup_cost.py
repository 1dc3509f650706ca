"""Sign-up costs the same for a registered and a new address: the same password hashing,
the same answer, one e-mail each (the time itself is measured in bench/)."""

from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password-2021"


def signup(client, email):
    return client.post("/accounts/signup/", {
        "email": email, "password1": PASSWORD, "password2": PASSWORD})


def test_a_registered_and_a_new_address_cost_the_same_hashing(client):
    user = UserFactory(username="known", email="known@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    hasher = type(get_hasher())
    outcomes = {}
    for email in ("known@example.org", "new@example.org"):
        mail.outbox.clear()
        with mock.patch.object(hasher, "encode", autospec=True,
                               side_effect=hasher.encode) as encode:
            response = signup(client, email)
        outcomes[email] = (response.status_code, response.url, encode.call_count,
                           [message.to for message in mail.outbox])
        client.logout()
    assert outcomes["known@example.org"] == (302, outcomes["new@example.org"][1], 1,
                                             [["known@example.org"]])
    assert outcomes["new@example.org"][0] == 302
    assert outcomes["new@example.org"][2:] == (1, [["new@example.org"]])
    assert get_user_model().objects.filter(email__iexact="known@example.org").count() == 1
