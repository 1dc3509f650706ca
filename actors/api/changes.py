"""The actors' change feed for partners who keep a copy: what changed since a cursor.

The cursor is the position in the actors' history (django-simple-history's `history_id`,
a sequence every write — form, API, moderation, import — advances), wrapped so partners
treat it as opaque. Two writes in the same instant still have two positions: nothing is
skipped for sharing a timestamp.
"""

import base64
import binascii
import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from actors.models import Actor, ActorStatus

CURSOR_PREFIX = "h1:"
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# History rows are read in batches of this many to find `limit` distinct actors.
BATCH = 2000


def encode_cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{position}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The history position a cursor stands for; a 400 for anything we did not hand out."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        if not text.startswith(CURSOR_PREFIX):
            raise ValueError(text)
        position = int(text[len(CURSOR_PREFIX):])
        if not 0 <= position < 2**63:
            raise ValueError(text)
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise ValidationError({"since": [_("Not a cursor given by this feed.")]}) from error
    return position


def parse_limit(value: str | None) -> int:
    if value is None or value == "":
        return DEFAULT_LIMIT
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_LIMIT:
        raise ValidationError({"limit": [
            _("Give a whole number from 1 to %(max)s.") % {"max": MAX_LIMIT}]})
    return int(value)


def changed_actor_ids(since: int, limit: int) -> tuple[list[int], int, bool]:
    """Up to `limit` actors changed after position `since`, each placed at its last change
    read; the position read up to; whether more changes follow.

    Changes younger than ACTOR_CHANGES_SETTLE_SECONDS wait for the next call: a
    transaction that took a position earlier may not have committed yet, and a cursor past
    it would skip it for good."""
    History = Actor.history.model
    settled = timezone.now() - datetime.timedelta(seconds=settings.ACTOR_CHANGES_SETTLE_SECONDS)
    rows = History.objects.order_by("history_id")
    last_change: dict[int, int] = {}
    position = since
    while True:
        batch = list(rows.filter(history_id__gt=position)
                     .values_list("history_id", "id", "history_date")[:BATCH])
        for history_id, actor_id, moment in batch:
            # Stop at the first unsettled change (not skip it): whatever follows it in the
            # sequence waits too, so the cursor never jumps over a change.
            if moment > settled:
                return sorted(last_change, key=last_change.get), position, False
            if actor_id not in last_change and len(last_change) == limit:
                return sorted(last_change, key=last_change.get), position, True
            last_change[actor_id] = history_id
            position = history_id
        if len(batch) < BATCH:
            return sorted(last_change, key=last_change.get), position, False


def actor_changes(*, since: int, limit: int, visible, rows_of) -> dict:
    """The feed's page: each changed actor as an upsert (its current public form, from
    `rows_of`, the API's serialization) when `visible` holds it, else as a tombstone
    (unpublished, archived, rejected or deleted) — tombstones only for actors that were
    ever published, so the feed tells nothing about submissions never made public."""
    ids, position, more = changed_actor_ids(since, limit)
    current = {row["id"]: row for row in rows_of(visible.filter(pk__in=ids))}
    gone = [pk for pk in ids if pk not in current]
    ever_public = set(
        Actor.history.model.objects.filter(id__in=gone, status=ActorStatus.PUBLISHED)
        .values_list("id", flat=True).distinct()
    ) if gone else set()
    changes = []
    for pk in ids:
        if pk in current:
            changes.append({"op": "upsert", "id": pk, "actor": current[pk]})
        elif pk in ever_public:
            changes.append({"op": "delete", "id": pk})
    return {"changes": changes, "next": encode_cursor(position), "has_more": more}


class ChangeSerializer(serializers.Serializer):
    """One change: an upsert with the actor as the API shows it, or a tombstone."""

    op = serializers.ChoiceField(choices=["upsert", "delete"], help_text=(
        "upsert: add or replace the actor; delete: remove it (unpublished, archived or "
        "deleted)."))
    id = serializers.IntegerField()
    actor = serializers.DictField(required=False, help_text=(
        "With upsert: the actor, as /api/v1/actors/{id}/ gives it."))


class ChangesPageSerializer(serializers.Serializer):
    changes = ChangeSerializer(many=True)
    next = serializers.CharField(help_text="The cursor to send as `since` next time.")
    has_more = serializers.BooleanField(help_text="true: call again now with `next`.")
