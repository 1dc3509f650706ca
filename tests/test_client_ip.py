"""Client addresses behind proxies: one reading (TRUSTED_PROXY_COUNT) for DRF's throttle,
allauth's login and sign-up limits and django-ratelimit; forwarded headers from untrusted
hops never open a new bucket."""

import pytest
from allauth.account.models import EmailAddress
from django.test import RequestFactory
from django_ratelimit.core import is_ratelimited
from rest_framework.throttling import AnonRateThrottle

from aimf_innovation.client_ip import client_ip
from tests.factories import ActorFactory, UserFactory

API = "/api/v1/actors/"
PROXY = "10.0.0.2"
TOO_MANY = "Too many failed login attempts"


def request_with(remote="192.0.2.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize("count, remote, forwarded, expected", [
    # No proxy: the TCP peer, whatever the header says.
    (0, "192.0.2.1", "203.0.113.7", "192.0.2.1"),
    (0, "192.0.2.1", None, "192.0.2.1"),
    # One proxy: the address it appended (the last one), not what the client prepended.
    (1, PROXY, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
    (1, PROXY, " 203.0.113.7 ", "203.0.113.7"),
    (2, PROXY, "198.51.100.1, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
    # Fewer hops than proxies, or garbage written where our proxy writes: REMOTE_ADDR.
    (2, PROXY, "203.0.113.7", PROXY),
    (1, PROXY, "", PROXY),
    (1, PROXY, "not-an-address", PROXY),
    (1, PROXY, None, PROXY),
    (1, PROXY, "2001:db8::1", "2001:db8::1"),
    # No readable address at all (Unix socket): one shared bucket, never an error.
    (0, "", None, "0.0.0.0"),
])
def test_client_ip_trusts_only_the_configured_hops(settings, count, remote, forwarded,
                                                   expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request_with(remote, forwarded)) == expected


@pytest.fixture
def two_per_minute(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})


@pytest.mark.django_db
def test_spoofed_forwarded_for_does_not_bypass_the_api_throttle(client, settings,
                                                                 two_per_minute):
    settings.TRUSTED_PROXY_COUNT = 0
    ActorFactory()
    codes = [client.get(API, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
             for n in range(4)]
    assert codes == [200, 200, 429, 429]


@pytest.mark.django_db
def test_behind_one_proxy_each_client_has_its_own_api_bucket(client, settings,
                                                             two_per_minute):
    settings.TRUSTED_PROXY_COUNT = 1
    ActorFactory()

    def get(client_address, spoofed=""):
        forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
        return client.get(API, REMOTE_ADDR=PROXY,
                          HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [get("203.0.113.1"), get("203.0.113.1")] == [200, 200]
    # The same client prepending addresses stays in its bucket...
    assert get("203.0.113.1", spoofed="198.51.100.9") == 429
    # ...while another client behind the same proxy is served.
    assert get("203.0.113.2") == 200


def failed_login(client, n, **extra):
    # A different account each time: only the per-IP limit (10 a minute) applies.
    return client.post("/en/accounts/login/",
                       {"login": f"nobody{n}@example.org", "password": "wrong-password"},
                       **extra)


@pytest.mark.django_db
def test_spoofed_forwarded_for_does_not_bypass_the_login_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(10):
        failed_login(client, n, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    blocked = failed_login(client, 99, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert TOO_MANY in blocked.content.decode()


@pytest.mark.django_db
def test_behind_one_proxy_failed_logins_from_one_place_do_not_lock_out_others(client,
                                                                              settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory(username="amina", email="amina@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for n in range(12):
        failed_login(client, n, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    blocked = failed_login(client, 99, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert TOO_MANY in blocked.content.decode()
    ok = client.post("/en/accounts/login/",
                     {"login": "amina@example.org", "password": "a-long-test-password-2021"},
                     REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.5")
    assert ok.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


def signup(client, n, **extra):
    password = "a-long-test-password-2021"
    return client.post("/en/accounts/signup/", {
        "email": f"new{n}@example.org", "password1": password, "password2": password},
        **extra)


@pytest.mark.django_db
def test_spoofed_forwarded_for_does_not_bypass_the_signup_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    codes = [signup(client, n, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
             for n in range(6)]
    assert codes == [302] * 5 + [429]


@pytest.mark.django_db
def test_behind_one_proxy_signups_are_limited_per_client(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    via_proxy = {"REMOTE_ADDR": PROXY}
    codes = [signup(client, n, HTTP_X_FORWARDED_FOR="203.0.113.1", **via_proxy).status_code
             for n in range(6)]
    assert codes == [302] * 5 + [429]
    assert signup(client, 7, HTTP_X_FORWARDED_FOR="203.0.113.2", **via_proxy).status_code == 302


@pytest.mark.parametrize("count, expected", [(0, [False, False, True]),
                                             (1, [False, False, False])])
def test_django_ratelimit_ip_keys_use_the_same_reading(settings, count, expected):
    settings.TRUSTED_PROXY_COUNT = count
    limited = [
        is_ratelimited(request_with(PROXY, f"203.0.113.{n}"), group="test:ip", key="ip",
                       rate="2/m", increment=True)
        for n in range(3)
    ]
    assert limited == expected
