"""The actors' change feed: a partner replaying it into an empty copy ends with exactly
the public API's list, whatever happened in between."""

from datetime import timedelta

import pytest
from django.utils import timezone

from actors.api.changes import encode_cursor
from actors.models import Actor
from actors.moderation import change_status
from actors.services import update_actor
from tests.factories import ActorFactory, ThemeFactory, UserFactory

FEED = "/api/v1/actors/changes/"


@pytest.fixture(autouse=True)
def _no_settling(settings):
    settings.ACTOR_CHANGES_SETTLE_SECONDS = 0


def public_list(client) -> dict:
    rows, url = {}, "/api/v1/actors/?page_size=500"
    while url:
        body = client.get(url).json()
        rows.update({row["id"]: row for row in body["results"]})
        url = body["next"]
    return rows


def replay(client, copy: dict, cursor: str = "", limit: int = 2) -> str:
    """The partners' guide's loop: apply every page until has_more is false."""
    while True:
        response = client.get(FEED, {"since": cursor, "limit": limit})
        assert response.status_code == 200, response.content
        page = response.json()
        for change in page["changes"]:
            if change["op"] == "upsert":
                copy[change["id"]] = change["actor"]
            else:
                copy.pop(change["id"], None)
        cursor = page["next"]
        if not page["has_more"]:
            return cursor


def test_replaying_the_feed_ends_equal_to_the_public_api(client, db):
    owner = UserFactory()
    copy: dict = {}
    cursor = replay(client, copy)
    assert copy == {}

    actors = [ActorFactory() for _ in range(5)]
    hidden = ActorFactory(status=Actor.Status.PENDING, email="secret@example.org")
    cursor = replay(client, copy, cursor)
    assert copy == public_list(client) and len(copy) == 5
    assert hidden.pk not in copy

    # Edits (several in the same instant), a theme, an unpublished and an archived actor.
    first, second, third, fourth, fifth = actors
    first.owners.add(owner)
    # An owner's edit of a published actor waits for review (revisions): nothing changes
    # publicly, so nothing is in the feed; staff's edit goes live and is.
    update_actor(actor=first, user=owner, data={"short_description": "Proposée"})
    staff = UserFactory(is_staff=True, is_superuser=True)
    update_actor(actor=first, user=staff, data={"short_description": "Nouvelle description"})
    second.themes.add(ThemeFactory())
    change_status(actor=third, status=Actor.Status.PENDING)
    change_status(actor=fourth, status=Actor.Status.ARCHIVED)
    change_status(actor=hidden, status=Actor.Status.PUBLISHED)
    cursor = replay(client, copy, cursor)
    assert copy == public_list(client)
    assert third.pk not in copy and fourth.pk not in copy and hidden.pk in copy
    assert copy[first.pk]["short_description"] == "Nouvelle description"
    assert len(copy[second.pk]["themes"]) == 1

    # Republished, deleted, then nothing: the same copy again.
    change_status(actor=fourth, status=Actor.Status.PUBLISHED)
    fifth.delete()
    cursor = replay(client, copy, cursor, limit=1000)
    assert copy == public_list(client) and fourth.pk in copy and fifth.pk not in copy
    page = client.get(FEED, {"since": cursor}).json()
    assert page == {"changes": [], "next": cursor, "has_more": False}

    # A second partner starting from scratch gets the same copy.
    fresh: dict = {}
    replay(client, fresh, limit=3)
    assert fresh == copy


def test_changes_sharing_a_timestamp_are_all_seen(client, db):
    """The cursor is a position in the history, not a time: rows written in the same
    instant on either side of a page boundary are all delivered."""
    actors = [ActorFactory() for _ in range(4)]
    history = Actor.history.model.objects
    history.update(history_date=history.first().history_date)
    copy: dict = {}
    replay(client, copy, limit=1)
    assert sorted(copy) == sorted(actor.pk for actor in actors)


def test_changes_in_order_with_upserts_like_the_detail(client, db):
    one, two = ActorFactory(), ActorFactory()
    change_status(actor=one, status=Actor.Status.ARCHIVED)
    page = client.get(FEED).json()
    assert [(change["op"], change["id"]) for change in page["changes"]] == [
        ("upsert", two.pk), ("delete", one.pk)]
    assert page["changes"][0]["actor"] == client.get(f"/api/v1/actors/{two.pk}/").json()


def test_never_published_actors_leave_no_tombstone(client, db):
    ActorFactory(status=Actor.Status.PENDING)
    assert client.get(FEED).json()["changes"] == []


def test_recent_changes_wait_until_they_settle(client, db, settings):
    settings.ACTOR_CHANGES_SETTLE_SECONDS = 3600
    ActorFactory()
    page = client.get(FEED).json()
    assert page["changes"] == [] and page["next"] == encode_cursor(0)


def test_an_unsettled_change_holds_back_those_after_it(client, db, settings):
    """A change still settling (here: stamped in the future, as a slower clock or a long
    transaction would) stops the page there: the cursor never jumps over it."""
    first, second, third = ActorFactory(), ActorFactory(), ActorFactory()
    history = Actor.history.model.objects
    history.filter(id=second.pk).update(history_date=timezone.now() + timedelta(hours=1))
    page = client.get(FEED).json()
    assert [change["id"] for change in page["changes"]] == [first.pk]
    history.filter(id=second.pk).update(history_date=timezone.now())
    page = client.get(FEED, {"since": page["next"]}).json()
    assert [change["id"] for change in page["changes"]] == [second.pk, third.pk]


@pytest.mark.parametrize("params", [{"since": "nope"}, {"since": "aDE6LTE"},
                                    {"since": encode_cursor(0)[:-1] + "!"}, {"limit": "0"},
                                    {"limit": "1001"}, {"limit": "x"}])
def test_bad_cursor_or_limit_is_a_400(client, db, params):
    response = client.get(FEED, params)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(params)


def test_query_count_does_not_grow_with_the_page(client, db, django_assert_max_num_queries):
    for _ in range(30):
        ActorFactory()
    with django_assert_max_num_queries(8):
        assert len(client.get(FEED, {"limit": 30}).json()["changes"]) == 30
