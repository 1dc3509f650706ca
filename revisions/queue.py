"""The moderation queue: in one list, everything waiting for a decision in the user's
cities (all cities for staff) — new organisations, innovations and adaptations, and
changes proposed to published ones — oldest first, with filters and their counts.

Items the user may not decide (they own or submitted it, they wrote the changes) and
items owned or changed by an official of their city are listed too, flagged "for another
moderator", so that nobody decides on their own work and staff see who must step in. A
constant number of queries whatever the size of the queue (two or three a model)."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from cities.models import City
from revisions.models import Revision
from revisions.registry import Reviewed, registered

NEW, REVISION = "new", "revision"
STAGES = ((NEW, _("New entries")), (REVISION, _("Changes to published entries")))
KINDS = {
    "organisation": _("Organisation"),
    "innovation": _("Innovation"),
    "adaptation": _("Adaptation"),
}
# Why an item is for another moderator.
YOURS = _("Yours: another moderator decides")
YOUR_CHANGES = _("Changes you proposed: another moderator decides")
OFFICIAL_OWNS = _("Owned or submitted by an official of its city: another moderator decides")
OFFICIAL_CHANGES = _("Proposed by an official of its city: another moderator decides")


@dataclass
class Entry:
    """One item waiting for a decision."""

    kind: str
    stage: str
    item: object
    revision: Revision | None
    city: City
    waiting_since: datetime.datetime
    url: str | None  # None: the user may not open its decision page
    flag: str = ""  # why another moderator decides ("" when the user may)

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def waited(self) -> str:
        """"3 days", "2 hours": the largest unit only."""
        return timesince(self.waiting_since, timezone.now(), depth=1)


def moderates(user) -> bool:
    """May the user see the queue: staff, or an official of some city."""
    return bool(user and user.is_authenticated) and (
        user.is_staff or any(_is_staff_for(spec, user) for spec in registered())
        or user.official_cities.exists())


def _is_staff_for(spec: Reviewed, user) -> bool:
    meta = spec.model._meta
    return user.has_perm(f"{meta.app_label}.change_{meta.model_name}")


def _scope(spec: Reviewed, user):
    """The items of the user's cities (all for staff), their own included (to flag)."""
    queryset = spec.model.objects.all()
    if not _is_staff_for(spec, user):
        queryset = queryset.filter(city__in=user.official_cities.values("pk"))
    related = ["city__country"] + [name for name in ("innovation", "actor")
                                   if any(f.name == name for f in spec.model._meta.fields)]
    return spec.queue(queryset, user).select_related(*related)


def _flag(*, viewer_owns: bool, by_official: bool, revision: Revision | None,
          author_official: bool, user) -> str:
    if revision is not None and revision.author_id == user.pk:
        return str(YOUR_CHANGES)
    if viewer_owns:
        return str(YOURS)
    if by_official:
        return str(OFFICIAL_OWNS)
    if author_official:
        return str(OFFICIAL_CHANGES)
    return ""


def queue_for(user) -> list[Entry]:
    """Everything waiting for a decision that the user moderates, oldest first."""
    if not moderates(user):
        return []
    entries, revised = [], []
    for spec in registered():
        if spec.queue is None:
            continue
        staff = _is_staff_for(spec, user)
        scope = _scope(spec, user)
        for item in scope.filter(status=spec.pending_status):
            entries.append(Entry(
                kind=spec.kind, stage=NEW, item=item, revision=None, city=item.city,
                waiting_since=item.waiting_since,
                url=spec.decision_url(item) if staff or not item.viewer_owns else None,
                flag=_flag(viewer_owns=item.viewer_owns, by_official=item.owned_by_official,
                           revision=None, author_official=False, user=user)))
        revisions = list(Revision.objects.pending().of_model(spec.model).filter(
            object_id__in=scope.filter(status=spec.published_status).values("pk"))
            .select_related("author"))
        if revisions:
            items = scope.filter(status=spec.published_status).in_bulk(
                [revision.object_id for revision in revisions])
            for revision in revisions:
                item = items.get(revision.object_id)
                if item is not None:
                    revised.append((spec, staff, revision, item))
    # Which authors of changes are officials of the item's city: one query.
    officials = set(City.officials.through.objects.filter(
        user_id__in={revision.author_id for _, _, revision, _ in revised}).values_list(
        "user_id", "city_id"))
    for spec, staff, revision, item in revised:
        entries.append(Entry(
            kind=spec.kind, stage=REVISION, item=item, revision=revision, city=item.city,
            waiting_since=revision.created_at,
            url=revision.get_absolute_url() if staff or not item.viewer_owns else None,
            flag=_flag(viewer_owns=item.viewer_owns, by_official=False, revision=revision,
                       author_official=(revision.author_id, item.city_id) in officials,
                       user=user)))
    entries.sort(key=lambda entry: (entry.waiting_since, entry.kind, entry.item.pk))
    return entries


def queue_cities(user, entries: list[Entry]) -> list[City]:
    """The cities the filter offers: the official's cities, and for staff those that
    have something waiting."""
    cities = {entry.city.pk: entry.city for entry in entries}
    if not user.is_staff:
        for city in user.official_cities.select_related("country"):
            cities.setdefault(city.pk, city)
    return sorted(cities.values(), key=lambda city: (city.name, city.pk))


def select(entries: list[Entry], *, city: int | None = None, kinds=(),
           stage: str = "") -> list[Entry]:
    return [entry for entry in entries
            if (city is None or entry.city.pk == city)
            and (not kinds or entry.kind in kinds)
            and (not stage or entry.stage == stage)]


def counts(entries: list[Entry], *, city: int | None = None, kinds=(),
           stage: str = "") -> dict[str, Counter]:
    """For each filter, how many entries each of its values would show, the other
    filters being kept."""
    return {
        "city": Counter(entry.city.pk for entry in select(entries, kinds=kinds, stage=stage)),
        "kind": Counter(entry.kind for entry in select(entries, city=city, stage=stage)),
        "stage": Counter(entry.stage for entry in select(entries, city=city, kinds=kinds)),
    }

