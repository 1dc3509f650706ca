"""Passwords that are long enough but easy to guess are refused, in French and English, on
sign-up and on password change; a strong one is accepted."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password-2021"
WEAK = ["aaaaaaaaaaaa", "azertyuiop12", "abcabcabcabc", "qwertyuiop123"]
FRENCH = "Ce mot de passe est trop facile à deviner"
ENGLISH = "This password is too easy to guess"


def signup(client, password, prefix=""):
    return client.post(f"{prefix}/accounts/signup/", {
        "email": "x@example.org", "password1": password, "password2": password})


@pytest.mark.parametrize("password", WEAK)
def test_guessable_passwords_are_refused_on_signup(client, password):
    response = signup(client, password)
    assert response.status_code == 200
    assert FRENCH in response.content.decode()
    assert not get_user_model().objects.filter(email="x@example.org").exists()


def test_the_refusal_is_in_english_on_the_english_site_with_advice(client):
    page = signup(client, "aaaaaaaaaaaa", prefix="/en").content.decode()
    assert ENGLISH in page and "Repeats like" in page


def test_the_french_refusal_translates_the_advice_too(client):
    page = signup(client, "aaaaaaaaaaaa").content.decode()
    assert "Les répétitions du type" in page


# The last one is longer than zxcvbn scores (72): scored on its start, not refused.
LONG = "Le marché de Ouagadougou ouvre tôt, les vélos passent devant la mairie et le fleuve"


@pytest.mark.parametrize("password", [PASSWORD, "correct horse battery staple", LONG])
def test_strong_passwords_are_accepted(client, password):
    response = signup(client, password)
    assert response.status_code == 302
    assert get_user_model().objects.filter(email="x@example.org").exists()


def test_password_change_refuses_a_guessable_password(client):
    user = UserFactory(username="amina", email="amina@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    response = client.post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": "aaaaaaaaaaaa", "password2": "aaaaaaaaaaaa"})
    assert response.status_code == 200 and FRENCH in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    strong = "an-other-quite-long-password-1987"
    response = client.post("/accounts/password/change/", {
        "oldpassword": PASSWORD, "password1": strong, "password2": strong})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(strong)


def test_the_validator_names_the_reason_in_its_code():
    with pytest.raises(ValidationError) as error:
        validate_password("aaaaaaaaaaaa")
    assert "password_too_guessable" in [e.code for e in error.value.error_list]
