"""The public data version: one key behind every cache and ETag of public output (the map
feed, the API, the statistics), which changes with anything that alters that output.

Each app registers, in its AppConfig.ready(), the querysets of what the public sees of its
models (published actors, every city, kind, theme, country, summit, published forge
items); the version is their row counts and latest `updated_at`, read in one query. A
change, a creation or a deletion (a staff hard delete included) of a row in any of them
moves the key; a pending submission, invisible to the public, does not. Derived from the
data itself, the key is the same in every process and cannot be left behind by a write
path that forgets to invalidate a cache (bulk writes set `updated_at` like save() does).
"""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cities.search import SearchFilter
from cities.text import fold

# name -> queryset_of(user): the rows of a model whose changes alter what `user` sees
# (the public's when the user is anonymous or None).
SOURCES: dict[str, Callable] = {}


def register(name: str, queryset_of: Callable[..., QuerySet]) -> None:
    """Make `queryset_of(user)` part of the data version (its model needs `updated_at`)."""
    SOURCES[name] = queryset_of


@dataclass(frozen=True)
class DataVersion:
    """A key for caches and ETags, and the latest change (for Last-Modified)."""

    key: str
    latest: datetime.datetime | None


def _as_datetime(value) -> datetime.datetime | None:
    if value is None or isinstance(value, datetime.datetime):
        return value
    parsed = parse_datetime(str(value))  # SQLite returns MAX() of a timestamp as text
    if parsed is not None and settings.USE_TZ and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.UTC)
    return parsed


def data_version(*parts, user=None) -> DataVersion:
    """The version of what `user` (the public by default) sees, combined with `parts`
    (the validated query, the format, the language...): one query."""
    selects, params = [], []
    for index, (_name, queryset_of) in enumerate(sorted(SOURCES.items())):
        sql, sql_params = (queryset_of(user).order_by().values_list("updated_at")
                           .query.sql_with_params())
        # Names come from the registry, values from Django's compiler: no user input.
        selects.append(f"(SELECT COUNT(*) AS n, MAX(updated_at) AS latest "  # noqa: S608
                       f"FROM ({sql}) AS rows{index}) AS source{index}")
        params.extend(sql_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM " + " CROSS JOIN ".join(selects), params)  # noqa: S608
        row = cursor.fetchone()
    counts = row[0::2]
    stamps = [_as_datetime(value) for value in row[1::2]]
    latest = max((stamp for stamp in stamps if stamp is not None), default=None)
    version = (counts, tuple(stamp and stamp.isoformat() for stamp in stamps), parts)
    key = hashlib.sha1(repr(version).encode(), usedforsecurity=False).hexdigest()
    return DataVersion(key, latest)


def canonical(value):
    """A filter's cleaned value as plain, ordered data for a cache key."""
    if isinstance(value, QuerySet):
        # Already read by the form's validation: no query.
        return tuple(sorted(obj.pk for obj in value))
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, list | tuple):
        return tuple(canonical(item) for item in value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, str | int | float | bool | Decimal) or value is None:
        return value
    return str(value)


def filters_key(filterset) -> tuple:
    """What decides a filtered answer: the filterset's validated values, canonical, and
    nothing else, so that unknown parameters, their order or spelling (`kind=a&kind=b`,
    `q=Dakar  fablab`) share one cache entry. The raw parameters when invalid (an error
    answer, never cached)."""
    if not filterset.is_valid():
        return ("invalid", tuple(sorted(filterset.data.lists()))
                if hasattr(filterset.data, "lists") else repr(filterset.data))
    key = []
    for name, value in sorted(filterset.form.cleaned_data.items()):
        if value in (None, "", [], ()) or (isinstance(value, QuerySet) and not value):
            continue
        if isinstance(value, str) and isinstance(filterset.filters.get(name), SearchFilter):
            value = tuple(sorted(set(fold(value).split())))  # every word must match
        key.append((name, canonical(value)))
    return tuple(key)
