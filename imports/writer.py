"""Writes a batch of records in a handful of queries, with history rows for each actor."""

import hashlib
from collections import defaultdict

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from actors.duplicates import ImportDuplicates
from actors.identity import ActorSourceId
from actors.models import (
    Actor,
    ActorStatus,
    ModerationAction,
    ModerationDecision,
    actor_search_text,
)
from cities.search import remember_words
from cities.text import fold
from imports.records import Candidate
from imports.report import ImportReport
from imports.sql import copy_history, copy_history_m2m, insert_rows

History = Actor.history.model
ACTOR_COLUMNS = [f.name for f in Actor._meta.concrete_fields if not f.primary_key]
DEFAULTS = {f.attname: f.get_default() for f in Actor._meta.concrete_fields
            if not f.primary_key}
# A change of these withdraws the city's "verified" mark, as an owner's edit does.
VERIFIED_FIELDS = {"name", "kind_id", "city_id", "latitude", "longitude", "website"}
Through = Actor.themes.through


class BatchWriter:
    """Creates new actors and updates unclaimed ones, batch by batch."""

    def __init__(self, *, source: str, report: ImportReport, publish: bool,
                 skip_closed: bool, user=None, places=None,
                 duplicates: ImportDuplicates | None = None):
        self.places = places
        self.source = source
        self.duplicates = duplicates or ImportDuplicates(source=source, report=report)
        self.report = report
        self.publish = publish
        self.skip_closed = skip_closed
        self.user = user
        self.reason = f"imported from {source}"[:100]
        self.history_themes = Actor.history.model.themes.model
        # A source imported for the first time has no records to recognise: its batches
        # skip the look-ups by identifier (each file's identifiers are unique by then).
        self.known_source = (Actor.objects.filter(source=source).exists()
                             or ActorSourceId.objects.filter(source=source).exists())

    def placed(self, candidate: Candidate) -> dict:
        """The record's values with its city, and the city's centre when the record has
        no coordinates of its own."""
        values = dict(candidate.values)
        city = values.setdefault("city", candidate.resolution.city)  # see write()
        if "latitude" not in values:
            values["latitude"], values["longitude"] = city.latitude, city.longitude
        return values

    def write(self, batch: list[Candidate]) -> None:
        existing = {}
        if self.known_source:
            keys = [candidate.key for candidate in batch]
            existing = {
                actor.external_id: actor
                for actor in Actor.objects.filter(source=self.source, external_id__in=keys)
                # Restating the partial unique index's condition lets databases use it.
                .exclude(external_id="").order_by()
            }
            self.duplicates.match_merged(batch, existing)
        ids = [actor.pk for actor in existing.values()]
        owned = set(Actor.owners.through.objects.filter(actor_id__in=ids)
                    .values_list("actor_id", flat=True))
        current = defaultdict(dict)
        for pk, actor_id, theme_id in Through.objects.filter(actor_id__in=ids).values_list(
                "id", "actor_id", "theme_id"):
            current[actor_id][theme_id] = pk
        new, known = [], []
        for candidate in batch:
            actor = existing.get(candidate.key)
            if actor is not None:
                self.duplicates.remember(candidate, actor)
            if candidate.closed and self.skip_closed:
                self.report.skip(candidate.line, candidate.label,
                                 _("closed or inactive in the source: skipped."))
            elif actor is None:
                if self.duplicates.admits(candidate):
                    new.append(candidate)
            elif actor.pk in owned:
                self.report.skip(candidate.line, candidate.label, _(
                    "claimed by its owners on the platform: their entry is not overwritten."))
            else:
                known.append((actor, candidate))
        # The cities of the records written, those the file brings created together.
        # (A record of an actor merged into another one keeps that actor's city.)
        self.places.cities_for([
            candidate.resolution
            for candidate in [*new, *(candidate for _actor, candidate in known)]
            if "city" not in candidate.layout
        ])
        creates = [self.duplicates.prepare(self.new_actor(candidate)) for candidate in new]
        updates = []
        for actor, candidate in known:
            change = self.change(actor, candidate, current[actor.pk])
            if change:
                updates.append(change)
            else:
                self.report.unchanged += 1
        if creates:
            self.create(creates)
            self.duplicates.created(creates)
        if updates:
            self.update(updates, current)

    # --- new actors -----------------------------------------------------------------

    def new_actor(self, candidate: Candidate) -> dict:
        if candidate.closed:
            status = ActorStatus.ARCHIVED
            self.report.archived += 1
        else:
            status = ActorStatus.PUBLISHED if self.publish else ActorStatus.PENDING
        row = dict(DEFAULTS)
        values = self.placed(candidate)
        city = values.pop("city")
        row.update(values, city_id=city.pk, status=status, source=self.source,
                   external_id=candidate.key)
        row["_city_slug"] = city.slug
        row["_themes"] = candidate.themes or ()
        return row

    def assign_slugs(self, rows: list[dict]) -> None:
        """The name's slug, else name + city, else name + a hash of the record's key."""
        options = []
        for row in rows:
            base = slugify(row["name"])[:200].strip("-") or "actor"
            city_slug = row["_city_slug"]
            with_city = f"{base[:199 - len(city_slug)]}-{city_slug}"
            digest = hashlib.sha1(f"{self.source}|{row['external_id']}".encode(),
                                  usedforsecurity=False).hexdigest()[:8]
            options.append((row, [base, with_city, f"{base[:190]}-{digest}"]))
        wanted = {slug for _row, slugs in options for slug in slugs}
        taken = set(Actor.objects.filter(slug__in=wanted).values_list("slug", flat=True))
        for row, slugs in options:
            free = next((slug for slug in slugs if slug not in taken), None)
            if free is None:
                free = f"{slugs[0][:190]}-{get_random_string(8, 'abcdefghjkmnpqrstuvwxyz')}"
            taken.add(free)
            row["slug"] = free

    def create(self, rows: list[dict]) -> None:
        """Plain INSERTs of the actors, their themes and their history (with themes)."""
        self.assign_slugs(rows)
        now = timezone.now()
        for row in rows:
            row["created_at"] = row["updated_at"] = now
            row["search_text"] = actor_search_text(row)  # save() is not called here
            row["sort_name"] = fold(row["name"])[:200]
        insert_rows(Actor, ACTOR_COLUMNS, rows)
        remember_words(*(row["search_text"] for row in rows))
        keys = [row["external_id"] for row in rows]
        history_ids = None
        if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            # The history rows are copied by the database from the rows just inserted;
            # their themes once the actors' own are in.
            records = copy_history(Actor, History, source=self.source, keys=keys, extra={
                "history_date": timezone.now(), "history_change_reason": self.reason,
                "history_type": "+", "history_user_id": self.user.pk if self.user else None,
            })
            ids = {key: pk for pk, key, _history_id in records}
            history_ids = [history_id for _pk, _key, history_id in records]
        else:
            ids = dict(Actor.objects.filter(source=self.source, external_id__in=keys)
                       .exclude(external_id="").order_by().values_list("external_id", "id"))
        for row in rows:
            row["id"] = ids[row["external_id"]]
        insert_rows(Through, ["actor", "theme"], [
            {"actor_id": row["id"], "theme_id": theme}
            for row in rows for theme in sorted(row["_themes"])
        ])
        if history_ids:
            copy_history_m2m(Through, self.history_themes, history=History,
                             history_ids=history_ids)
        self.report.created += len(rows)

    # --- updates --------------------------------------------------------------------

    def change(self, actor: Actor, candidate: Candidate, themes: dict):
        """The actor with the record's values, or None when nothing differs.

        The status only moves forward: a closed record archives the entry, --publish
        publishes a pending one; a published entry is never sent back to moderation."""
        # A city the file brings is created here: the actor moves to it.
        values = self.placed(candidate)
        changed = {name for name, value in values.items()
                   if name != "city" and getattr(actor, name) != value}
        if actor.city_id != values["city"].pk:
            changed.add("city_id")
        status = actor.status
        if candidate.closed and actor.status != ActorStatus.ARCHIVED:
            status = ActorStatus.ARCHIVED
        elif self.publish and actor.status == ActorStatus.PENDING and not candidate.closed:
            status = ActorStatus.PUBLISHED
        new_themes = candidate.themes
        themes_changed = new_themes is not None and set(themes) != new_themes
        if not changed and status == actor.status and not themes_changed:
            return None
        actor._import_line = (candidate.line, candidate.label)
        for name in changed:
            if name == "city_id":
                actor.city = values["city"]
            else:
                setattr(actor, name, values[name])
        if changed & VERIFIED_FIELDS and actor.verified_at:
            actor.verified_at = None
            changed.add("verified_at")
        if status != actor.status:
            if status == ActorStatus.ARCHIVED:
                self.report.archived += 1
            actor._old_status = actor.status
            actor.status = status
            changed.add("status")
        return actor, changed, new_themes if themes_changed else None

    def update(self, updates: list, current: dict) -> None:
        now = timezone.now()
        fields = {"updated_at"}
        for actor, changed, themes in updates:
            actor.updated_at = now
            line, label = actor._import_line
            self.report.changed(line, label, sorted(
                {name.removesuffix("_id") for name in changed}
                | ({"themes"} if themes is not None else set())))
            fields |= {"city" if name == "city_id" else
                       "kind" if name == "kind_id" else name for name in changed}
            if changed & set(Actor.SEARCHED_FIELDS):  # bulk_update does not call save()
                actor.search_text = actor_search_text(actor)
                actor.sort_name = fold(actor.name)[:200]
                fields |= {"search_text", "sort_name"}
        actors = [actor for actor, _changed, _themes in updates]
        Actor.objects.bulk_update(actors, sorted(fields))
        if "search_text" in fields:
            remember_words(*(actor.search_text for actor in actors))
        retheme = {actor.pk: themes for actor, _changed, themes in updates
                   if themes is not None}
        if retheme:
            Through.objects.filter(actor_id__in=list(retheme)).delete()
            rows = [Through(actor_id=pk, theme_id=theme)
                    for pk, themes in retheme.items() for theme in sorted(themes)]
            Through.objects.bulk_create(rows)
            for pk in retheme:
                current[pk] = {}
            for row in rows:
                current[row.actor_id][row.theme_id] = row.pk
        self.history(actors, current, update=True)
        decisions = [
            ModerationDecision(
                actor=actor, decided_by=self.user,
                action=(ModerationAction.ARCHIVED if actor.status == ActorStatus.ARCHIVED
                        else ModerationAction.APPROVED),
                message=_("By the import from %(source)s.") % {"source": self.source},
            )
            for actor in actors if hasattr(actor, "_old_status")
        ]
        ModerationDecision.objects.bulk_create(decisions)
        self.report.updated += len(actors)

    # --- history --------------------------------------------------------------------

    def history(self, actors: list[Actor], themes: dict, *, update: bool) -> None:
        """One history row per actor, with the themes it has after the change."""
        records = Actor.history.bulk_history_create(
            actors, update=update, default_user=self.user,
            default_change_reason=self.reason,
        )
        if records is None:  # history switched off in the settings
            return
        self.history_themes.objects.bulk_create([
            self.history_themes(history=record, id=through_pk, actor_id=actor.pk,
                                theme_id=theme_id)
            for actor, record in zip(actors, records, strict=True)
            for theme_id, through_pk in themes.get(actor.pk, {}).items()
        ])
