"""API keys: Bearer/Token authentication, revocation, expiry, daily quota and its headers,
usage counters for the partner and for staff, keys stored hashed."""

import datetime

import pytest
from django.utils import timezone

from partners.models import APIKeyUsage, PartnerAPIKey
from partners.services import issue_key, record_request, revoke_key
from tests.factories import ActorFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/actors/"


@pytest.fixture
def partner():
    return UserFactory(username="partner")


@pytest.fixture
def key_and_secret(partner):
    return issue_key(owner=partner, name="Carte des tiers-lieux", daily_quota=3)


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def test_key_is_stored_hashed_and_works_as_bearer_or_token(client, key_and_secret):
    key, secret = key_and_secret
    stored = PartnerAPIKey.objects.get(pk=key.pk)
    assert secret not in stored.hashed_key and secret.split(".")[1] not in stored.id
    assert client.get("/api/v1/key/", headers=bearer(secret)).status_code == 200
    token = client.get("/api/v1/key/", headers={"Authorization": f"Token {secret}"})
    assert token.status_code == 200 and token.json()["name"] == "Carte des tiers-lieux"


@pytest.mark.parametrize("header", [
    "Bearer nothing-like-a-key", "Bearer abc.def", "Token ", "Bearer a.b c",
])
def test_a_wrong_key_is_refused_not_served_anonymously(client, key_and_secret, header):
    response = client.get(URL, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["status"] == 401 and response.json()["detail"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_key_with_the_right_prefix_but_wrong_secret_is_refused(client, key_and_secret):
    key, secret = key_and_secret
    response = client.get(URL, headers=bearer(f"{key.prefix}.{'x' * 32}"))
    assert response.status_code == 401
    assert "révoquée" not in response.json()["detail"]


def test_revoked_and_expired_keys_are_refused_with_the_reason(client, key_and_secret):
    key, secret = key_and_secret
    key.expiry_date = timezone.now() - datetime.timedelta(minutes=1)
    key.save()
    expired = client.get(URL, headers={**bearer(secret), "Accept-Language": "en"})
    assert expired.status_code == 401 and "expired" in expired.json()["detail"]
    revoke_key(key=key)
    revoked = client.get(URL, headers={**bearer(secret), "Accept-Language": "en"})
    assert revoked.status_code == 401 and "revoked" in revoked.json()["detail"]


def test_revocation_cannot_be_undone(key_and_secret):
    from django.core.exceptions import ValidationError

    key, _secret = key_and_secret
    revoke_key(key=key)
    key = PartnerAPIKey.objects.get(pk=key.pk)
    key.revoked = False
    with pytest.raises(ValidationError):
        key.save()


def test_daily_quota_headers_then_429_with_retry_after(client, key_and_secret):
    key, secret = key_and_secret
    ActorFactory()
    remaining = []
    for _ in range(3):
        response = client.get(URL, headers=bearer(secret))
        assert response.status_code == 200
        assert response.headers["X-RateLimit-Limit"] == "3"
        remaining.append(int(response.headers["X-RateLimit-Remaining"]))
    assert remaining == [2, 1, 0]
    refused = client.get(URL, headers=bearer(secret))
    assert refused.status_code == 429
    assert refused.json()["status"] == 429 and "3" in refused.json()["detail"]
    reset = int(refused.headers["X-RateLimit-Reset"])
    midnight = (timezone.now().astimezone(datetime.UTC) + datetime.timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0)
    assert reset == int(midnight.timestamp())
    assert 0 < int(refused.headers["Retry-After"]) <= 86400
    usage = APIKeyUsage.objects.get(key=key)
    assert (usage.requests, usage.refused) == (3, 1)
    # Anonymous reading is not affected by a key's quota.
    assert client.get(URL).status_code == 200


def test_the_quota_starts_again_the_next_utc_day(key_and_secret):
    key, _secret = key_and_secret
    day = datetime.datetime(2026, 3, 1, 23, 59, tzinfo=datetime.UTC)
    states = [record_request(key=key, now=day) for _ in range(4)]
    assert [s.allowed for s in states] == [True, True, True, False]
    next_day = record_request(key=key, now=day + datetime.timedelta(minutes=2))
    assert next_day.allowed and next_day.remaining == 2
    assert list(key.usage.values_list("day", "requests", "refused")) == [
        (datetime.date(2026, 3, 2), 1, 0), (datetime.date(2026, 3, 1), 3, 1),
    ]


def test_partner_sees_scope_quota_and_usage(client, key_and_secret):
    key, secret = key_and_secret
    APIKeyUsage.objects.create(key=key, day=datetime.date(2026, 1, 5), requests=120, refused=4)
    client.get(URL, headers=bearer(secret))
    body = client.get("/api/v1/key/", headers=bearer(secret)).json()
    assert body["prefix"] == key.prefix and body["owner"] == "partner"
    assert body["scope"] == "read" and body["daily_quota"] == 3
    assert body["requests_today"] == 1 and body["remaining_today"] == 2
    assert body["usage"][-1] == {"day": "2026-01-05", "requests": 120, "refused": 4}
    assert body["last_used_at"] is not None
    assert "hashed_key" not in body and "id" not in body
    # Reading one's usage is not counted, and stays possible once the quota is used up.
    for _ in range(3):
        client.get(URL, headers=bearer(secret))
    assert client.get(URL, headers=bearer(secret)).status_code == 429
    after = client.get("/api/v1/key/", headers=bearer(secret))
    assert after.status_code == 200 and after.json()["remaining_today"] == 0


def test_refused_writes_count_against_the_quota(client, key_and_secret):
    _key, secret = key_and_secret  # a read-only key
    refused = client.post(URL, {}, content_type="application/json", headers=bearer(secret))
    assert refused.status_code == 403 and refused.headers["X-RateLimit-Remaining"] == "2"


def test_odd_authorization_headers_are_401_not_500(client, key_and_secret):
    key, _secret = key_and_secret
    for header in (f"Bearer {key.prefix}\x00.abc", "Bearer é.é", f"Bearer {key.prefix}."):
        response = client.get(URL, HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header


def test_key_endpoint_needs_a_key(client):
    response = client.get("/api/v1/key/")
    assert response.status_code == 401


def test_a_session_does_not_authenticate_the_api(client, staff_user):
    """Cookies never carry API writes (CORS without credentials, no CSRF surface)."""
    client.force_login(staff_user)
    response = client.post(URL, {"name": "x"}, content_type="application/json")
    assert response.status_code == 401


def test_cors_allows_writes_with_the_authorization_header(client):
    preflight = client.options(URL, headers={
        "Origin": "https://partner.example.org",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    })
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "authorization" in preflight.headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in preflight.headers
    response = client.get(URL, headers={"Origin": "https://partner.example.org"})
    assert "X-RateLimit-Remaining" in response.headers["Access-Control-Expose-Headers"]


def test_staff_create_a_key_in_the_admin_and_see_it_once(staff_client, partner):
    response = staff_client.post("/admin/partners/partnerapikey/add/", {
        "name": "Réseau des incubateurs", "owner": partner.pk, "scope": "write",
        "daily_quota": "5000", "expiry_date_0": "", "expiry_date_1": "",
        "usage-TOTAL_FORMS": "0", "usage-INITIAL_FORMS": "0",
    }, follow=True)
    assert response.status_code == 200
    key = PartnerAPIKey.objects.get(name="Réseau des incubateurs")
    assert key.owner == partner and key.can_write and key.daily_quota == 5000
    shown = [str(m) for m in response.context["messages"]]
    secret = next(word for m in shown for word in m.split() if word.startswith(key.prefix + "."))
    assert PartnerAPIKey.objects.is_valid(secret)
    # The secret is not shown again on the key's page.
    page = staff_client.get(f"/admin/partners/partnerapikey/{key.pk}/change/")
    assert secret not in page.content.decode()


def test_staff_see_usage_and_revoke_in_the_admin(staff_client, key_and_secret):
    key, _secret = key_and_secret
    APIKeyUsage.objects.create(key=key, day=datetime.date(2026, 1, 5), requests=321)
    page = staff_client.get(f"/admin/partners/partnerapikey/{key.pk}/change/")
    assert "321" in page.content.decode()
    staff_client.post("/admin/partners/partnerapikey/", {
        "action": "revoke_selected", "_selected_action": [key.pk],
    })
    key.refresh_from_db()
    assert key.revoked


def test_partner_issues_and_revokes_a_key_from_their_account(client, partner):
    client.force_login(partner)
    response = client.post("/accounts/api-keys/new/", {"name": "Tableau de bord",
                                                       "scope": "write"})
    secret = response.context["secret"]
    key = PartnerAPIKey.objects.get(owner=partner)
    assert key.can_write and PartnerAPIKey.objects.is_valid(secret)
    assert secret not in client.get("/accounts/profile/").content.decode()
    assert key.prefix in client.get("/accounts/profile/").content.decode()
    assert client.get("/api/v1/key/", headers=bearer(secret)).status_code == 200
    client.post(f"/accounts/api-keys/{key.prefix}/revoke/")
    assert client.get("/api/v1/key/", headers=bearer(secret)).status_code == 401


def test_a_partner_cannot_revoke_someone_elses_key(client, partner, key_and_secret):
    key, _secret = key_and_secret
    intruder = UserFactory(username="intruder")
    client.force_login(intruder)
    assert client.post(f"/accounts/api-keys/{key.prefix}/revoke/").status_code == 404
    key.refresh_from_db()
    assert not key.revoked


def test_at_most_five_active_keys(client, partner):
    client.force_login(partner)
    for number in range(5):
        client.post("/accounts/api-keys/new/", {"name": f"k{number}", "scope": "read"})
    refused = client.post("/accounts/api-keys/new/", {"name": "k6", "scope": "read"})
    assert refused.context["form"].non_field_errors()
    assert PartnerAPIKey.objects.filter(owner=partner).count() == 5
