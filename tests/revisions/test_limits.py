"""Limits that hold across every door: submissions counted per user whatever the way
(web form, each API key), and a key's daily quota kept across revoke and re-issue."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from actors.models import Actor
from partners.models import APIKeyScope
from partners.services import issue_key, record_request, revoke_key
from revisions.limits import SubmissionLimitReached, count_submission
from tests.factories import ActorKindFactory, CityFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant():
    user = UserFactory(username="applicant")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_web_and_three_keys_of_one_user_share_one_hourly_limit(client, applicant, settings):
    settings.SUBMISSIONS_PER_HOUR = 5
    settings.SUBMISSIONS_PER_DAY = 100
    city = CityFactory(slug="douala")
    kind = ActorKindFactory(slug="fablab")
    ThemeFactory(slug="social")
    client.force_login(applicant)
    created = []
    for n in range(2):
        response = client.post("/organisations/new/", {
            "name": f"Lieu web {n}", "kind": kind.pk, "city": city.pk,
            "accessibility": "unknown", "is_women_led": "unknown", "not_a_duplicate": "on"})
        assert response.status_code == 302, response.context["form"].errors
        created.append(n)
    client.logout()
    statuses = []
    for key_number in range(3):
        _key, secret = issue_key(owner=applicant, name=f"k{key_number}",
                                 scope=APIKeyScope.WRITE)
        for n in range(2):
            response = client.post("/api/v1/actors/", {
                "name": f"Lieu api {key_number}-{n}", "kind": "fablab", "city": "douala"},
                content_type="application/json",
                headers={"Authorization": f"Bearer {secret}"})
            statuses.append(response.status_code)
    assert statuses.count(201) == 3 and statuses.count(429) == 3
    assert Actor.objects.count() == 5
    # The web form is refused too now, with a clear message.
    client.force_login(applicant)
    response = client.post("/organisations/new/", {
        "name": "Encore", "kind": kind.pk, "city": city.pk, "accessibility": "unknown",
        "is_women_led": "unknown", "not_a_duplicate": "on"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Actor.objects.count() == 5


def test_hourly_and_daily_limits_with_the_clock_moved(applicant, settings):
    settings.SUBMISSIONS_PER_HOUR = 2
    settings.SUBMISSIONS_PER_DAY = 3
    start = timezone.now()
    count_submission(user=applicant, kind="x", now=start)
    count_submission(user=applicant, kind="x", now=start)
    with pytest.raises(SubmissionLimitReached):
        count_submission(user=applicant, kind="x", now=start)
    later = start + datetime.timedelta(minutes=61)
    count_submission(user=applicant, kind="x", now=later)
    with pytest.raises(SubmissionLimitReached):  # the day's allowance is used up
        count_submission(user=applicant, kind="x", now=later + datetime.timedelta(hours=2))
    count_submission(user=applicant, kind="x", now=start + datetime.timedelta(days=1, minutes=1))


def test_revoking_and_reissuing_a_key_keeps_the_days_quota(applicant):
    key, _secret = issue_key(owner=applicant, name="k1", daily_quota=3)
    now = timezone.now()
    assert [record_request(key=key, now=now).allowed for _ in range(2)] == [True, True]
    revoke_key(key=key)
    again, _secret = issue_key(owner=applicant, name="k2", daily_quota=3)
    assert [record_request(key=again, now=now).allowed for _ in range(2)] == [True, False]
    # Another owner's key is not affected.
    other, _secret = issue_key(owner=UserFactory(username="other"), name="k", daily_quota=3)
    assert record_request(key=other, now=now).allowed


def test_proposed_changes_and_new_entries_share_the_limit_across_web_and_three_keys(
        client, applicant, settings):
    """New entries and proposed changes to published ones draw on one allowance, whatever
    the door: the web form, then three keys of the same user; the daily limit too."""
    from revisions.models import Revision
    from tests.factories import ActorFactory

    settings.SUBMISSIONS_PER_HOUR = 100
    settings.SUBMISSIONS_PER_DAY = 4
    city = CityFactory(slug="douala")
    kind = ActorKindFactory(slug="fablab")
    published = ActorFactory(city=city, kind=kind, name="Publié")
    published.owners.add(applicant)
    client.force_login(applicant)
    response = client.post(f"/my/organisations/{published.pk}/edit/", {
        "name": "Publié (web)", "kind": kind.pk, "city": city.pk, "accessibility": "unknown",
        "is_women_led": "unknown", "not_a_duplicate": "on"})
    assert response.status_code == 302
    client.logout()
    statuses = []
    for number in range(3):
        _key, secret = issue_key(owner=applicant, name=f"k{number}", scope=APIKeyScope.WRITE)
        headers = {"Authorization": f"Bearer {secret}"}
        statuses.append(client.patch(f"/api/v1/actors/{published.pk}/",
                                     {"name": f"Publié (clé {number})"},
                                     content_type="application/json",
                                     headers=headers).status_code)
        statuses.append(client.post("/api/v1/actors/", {
            "name": f"Nouveau {number}", "kind": "fablab", "city": "douala"},
            content_type="application/json", headers=headers).status_code)
    assert statuses == [202, 201, 202, 429, 429, 429]
    assert Actor.objects.count() == 2
    assert Revision.objects.pending().get().changes == {"name": "Publié (clé 1)"}
