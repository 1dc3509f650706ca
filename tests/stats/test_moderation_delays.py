"""Moderation delays on /statistics/: median and 90th percentile of the time from a
submission to its decision, per city, over the last 90 days, for staff (every city) and
officials (their own cities), figured from known moderation records."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from actors.models import ModerationAction, ModerationDecision
from innovations.models import Decision, DecisionAction, ForgeStatus
from revisions.delays import delays_by_city, describe, percentile
from revisions.models import Revision
from tests.factories import ActorFactory, CityFactory, CountryFactory, UserFactory
from tests.innovations.factories import InnovationFactory

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def org_step(actor, action, when):
    decision = ModerationDecision.objects.create(actor=actor, action=action)
    ModerationDecision.objects.filter(pk=decision.pk).update(created_at=when)


def forge_step(innovation, action, when):
    decision = Decision.objects.create(innovation=innovation, action=action)
    Decision.objects.filter(pk=decision.pk).update(created_at=when)


def revision(item, status, created, decided=None):
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk,
        changes={"name": "Nouveau nom"}, status=status, created_at=created,
        updated_at=created, decided_at=decided)


@pytest.fixture
def world(db):
    """Douala waits (days): organisations 2, 1, 2, 100; a revision 4; an innovation 3 →
    median 2.5 days, 90th percentile 52 days. Yaoundé: one wait of 2 hours. Records
    outside the window, withdrawn or pending revisions are not counted."""
    now = timezone.now()
    cameroon = CountryFactory(code="CM")
    douala = CityFactory(name="Douala", slug="douala", country=cameroon)
    yaounde = CityFactory(name="Yaoundé", slug="yaounde", country=cameroon)
    official = UserFactory(username="douala-official")
    douala.officials.add(official)
    S, R = ModerationAction.SUBMITTED, ModerationAction.RESUBMITTED
    first = ActorFactory(city=douala)
    org_step(first, S, now - 10 * DAY)
    org_step(first, ModerationAction.APPROVED, now - 8 * DAY)
    second = ActorFactory(city=douala)
    org_step(second, S, now - 5 * DAY)
    org_step(second, ModerationAction.CHANGES_REQUESTED, now - 4 * DAY)
    org_step(second, R, now - 3 * DAY)
    org_step(second, ModerationAction.REJECTED, now - DAY)
    old = ActorFactory(city=douala)  # decided before the window
    org_step(old, S, now - 200 * DAY)
    org_step(old, ModerationAction.APPROVED, now - 150 * DAY)
    slow = ActorFactory(city=douala)  # submitted before the window, decided in it
    org_step(slow, S, now - 120 * DAY)
    org_step(slow, ModerationAction.APPROVED, now - 20 * DAY)
    # Steps that are not a submission's decision: verification, revision steps.
    org_step(first, ModerationAction.VERIFIED, now - 7 * DAY)
    org_step(first, ModerationAction.REVISED, now - 6 * DAY)
    edited = ActorFactory(city=douala)
    revision(edited, "approved", now - 6 * DAY, now - 2 * DAY)
    revision(edited, "withdrawn", now - 30 * DAY, now - DAY)
    revision(edited, "pending", now - 40 * DAY)
    innovation = InnovationFactory(city=douala, status=ForgeStatus.PUBLISHED)
    forge_step(innovation, DecisionAction.SUBMITTED, now - 30 * DAY)
    forge_step(innovation, DecisionAction.APPROVED, now - 27 * DAY)
    quick = ActorFactory(city=yaounde)
    org_step(quick, S, now - 3 * HOUR)
    org_step(quick, ModerationAction.APPROVED, now - HOUR)
    return {"douala": douala, "yaounde": yaounde, "official": official}


def test_percentile_interpolates_between_ranks():
    assert percentile([], 0.5) is None
    assert percentile([7], 0.9) == 7
    assert percentile([4, 1, 3, 2], 0.5) == 2.5
    assert percentile([1, 2, 2, 3, 4, 100], 0.9) == 52


def test_delays_per_city(world):
    delays = delays_by_city()
    assert set(delays) == {world["douala"].pk, world["yaounde"].pk}
    douala = delays[world["douala"].pk]
    assert douala.count == 6
    assert (douala.count_of("organisations"), douala.count_of("revisions"),
            douala.count_of("forge")) == (4, 1, 1)
    assert douala.median == datetime.timedelta(days=2.5)
    assert douala.p90 == datetime.timedelta(days=52)
    yaounde = delays[world["yaounde"].pk]
    assert yaounde.median == yaounde.p90 == 2 * HOUR
    only = delays_by_city(city_ids=[world["yaounde"].pk])
    assert list(only) == [world["yaounde"].pk]


def test_a_shorter_window_leaves_older_decisions_out(world):
    douala = delays_by_city(days=10)[world["douala"].pk]
    assert sorted(douala.all) == [d * 86400 for d in (1, 2, 2, 4)]


@pytest.mark.parametrize("delay, text", [
    (None, "—"), (25 * datetime.timedelta(minutes=1), "25 minutes"), (2 * HOUR, "2 hours"),
    (36 * HOUR, "36 hours"), (2.5 * DAY, "2.5 days"), (52 * DAY, "52 days"),
])
def test_delays_read_as_people_say_them(delay, text):
    with translation.override("en"):
        assert describe(delay) == text


def test_staff_see_every_city_slowest_first(client, world, staff_user):
    client.force_login(staff_user)
    page = client.get("/en/statistics/").content.decode()
    assert 'id="moderation-delays"' in page
    assert "<caption" in page and "Time to decision per city, last 90 days" in page
    table = page[page.index('id="moderation-delays"'):]
    assert table.index("Douala") < table.index("Yaoundé")
    assert "2.5 days" in table and "52 days" in table and "2 hours" in table


def test_french_page(client, world, staff_user):
    client.force_login(staff_user)
    page = client.get("/statistics/").content.decode()
    table = page[page.index('id="moderation-delays"'):]
    assert "Délais de modération" in page
    assert "2,5 jours" in table and "52 jours" in table and "2 heures" in table


def test_officials_see_their_own_cities_only(client, world):
    client.force_login(world["official"])
    page = client.get("/en/statistics/").content.decode()
    table = page[page.index('id="moderation-delays"'):]
    assert "Douala" in table and "Yaoundé" not in table
    page = client.get(f"/en/statistics/cities/{world['yaounde'].slug}/").content.decode()
    assert 'id="moderation-delays"' not in page


@pytest.mark.parametrize("who", ["anonymous", "user"])
def test_others_never_see_the_delays(client, world, who):
    if who == "user":
        client.force_login(UserFactory(username="someone"))
    page = client.get("/en/statistics/").content.decode()
    assert "moderation-delays" not in page
    assert "52 days" not in page


def test_city_and_country_pages_keep_to_their_place(client, world, staff_user):
    client.force_login(staff_user)
    page = client.get("/en/statistics/cities/yaounde/").content.decode()
    table = page[page.index('id="moderation-delays"'):]
    assert "Yaoundé" in table and "Douala" not in table
    page = client.get("/en/statistics/countries/cm/").content.decode()
    table = page[page.index('id="moderation-delays"'):]
    assert "Yaoundé" in table and "Douala" in table


def test_no_decision_says_so(client, db, staff_user):
    client.force_login(staff_user)
    page = client.get("/en/statistics/").content.decode()
    assert "No moderation decision in the last 90 days." in page


def test_query_count_does_not_grow_with_the_records(client, world, staff_user,
                                                    django_assert_max_num_queries):
    client.force_login(staff_user)
    client.get("/en/statistics/")  # fills the cache of the public figures
    with django_assert_max_num_queries(QUERIES):
        client.get("/en/statistics/")
    now = timezone.now()
    for _ in range(5):
        actor = ActorFactory(city=CityFactory())
        org_step(actor, ModerationAction.SUBMITTED, now - 3 * DAY)
        org_step(actor, ModerationAction.APPROVED, now - DAY)
        revision(actor, "rejected", now - 2 * DAY, now - DAY)
    with django_assert_max_num_queries(QUERIES):
        response = client.get("/en/statistics/")
    assert response.content.decode().count('<th scope="row">Ville') == 5


# The public figures (13 at most when their cache is cold, see test_statistics.py), the
# session and user, eight for the delays, one for the header's links.
QUERIES = 24
