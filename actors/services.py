"""Writes on actors that go beyond one form save: submissions, edits, reference data.

Status changes and the verified mark are moderation: see actors.moderation."""

import json
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.crypto import get_random_string

from actors.models import (
    Actor,
    ActorKind,
    ActorStatus,
    LocationPrecision,
    ModerationAction,
    Theme,
)
from actors.moderation import record_submission
from cities.models import City
from cities.services import LoadReport
from cities.text import unique_slug
from revisions.limits import count_submission
from revisions.models import Revision
from revisions.services import needs_review, propose, split


@transaction.atomic
def submit_actor(*, user, data: dict, source: str = "") -> Actor:
    """A new organisation from `user`, who becomes its owner; it waits for moderation.

    Without coordinates it is placed at its city's centre and marked approximate.
    """
    count_submission(user=user, kind="actors.actor")
    data = dict(data)
    themes = data.pop("themes", [])
    actor = Actor(**data, status=ActorStatus.PENDING, source=source)
    if data.get("latitude") is None or data.get("longitude") is None:
        actor.latitude, actor.longitude = actor.city.latitude, actor.city.longitude
        actor.location_precision = LocationPrecision.CITY
    elif "location_precision" not in data:
        actor.location_precision = LocationPrecision.EXACT
    actor.slug = unique_slug(Actor, actor.name, f"{actor.name} {actor.city.slug}",
                             max_length=200)
    actor._history_user = user
    actor._change_reason = "submitted"
    actor.full_clean()
    for attempt in range(3):
        try:
            with transaction.atomic():
                actor.save()
            break
        except IntegrityError:
            # Another submission took the slug between the check and the insert.
            if attempt == 2:
                raise
            actor.slug = f"{actor.slug[:190]}-{get_random_string(5, 'abcdefghjkmnpqrstuvwxyz')}"
    actor.themes.set(themes)
    actor.owners.add(user)
    record_submission(actor=actor, user=user)
    return actor


# Changes after which the city's "verified" mark no longer vouches for the entry.
VERIFIED_FIELDS = {"name", "kind", "city", "latitude", "longitude", "website"}


# Consents to publish contact details: withdrawing one goes live at once, never waits.
CONSENT_FIELDS = ("email_is_public", "phone_is_public", "contact_name_is_public")


@transaction.atomic
def update_actor(*, actor: Actor, user, data: dict) -> Actor | Revision:
    """Change an organisation's own fields (never its status or owners), keeping who
    changed what in its history. The row is locked so that concurrent edits apply in turn.

    An owner's change to a published organisation waits for review: it joins the
    organisation's pending revision, which is returned (nothing public changes until an
    official approves it). Fields of REVIEW_EXEMPT_FIELDS and withdrawn consents apply at
    once. Other edits (staff's, or of an entry not yet published) apply at once, and the
    actor is returned.
    """
    actor = Actor.objects.select_for_update().get(pk=actor.pk)
    data = dict(data)
    if not needs_review(actor, user):
        return _apply_edit(actor, user, data)
    now, reviewed = split(actor, data)
    for name in CONSENT_FIELDS:
        if reviewed.get(name) is False:
            now[name] = reviewed.pop(name)
    if any(_differs(actor, name, value) for name, value in now.items()):
        actor = _apply_edit(actor, user, now)
    revision = propose(item=actor, user=user, data=reviewed)
    return revision or actor


def _differs(actor: Actor, name: str, value) -> bool:
    if name == "themes":
        return {theme.pk for theme in value} != set(actor.themes.values_list("pk", flat=True))
    return getattr(actor, name) != value


def _apply_edit(actor: Actor, user, data: dict) -> Actor:
    """An edit that goes live: an owner's change of name, kind, place or website
    withdraws the "verified by the city" mark until an official checks the entry again."""
    themes = data.pop("themes", None)
    changed = {name for name, value in data.items() if getattr(actor, name) != value}
    for name, value in data.items():
        setattr(actor, name, value)
    actor._history_user = user
    actor._change_reason = "edited"
    is_staff = user.has_perm("actors.change_actor")
    if actor.verified_at and changed & VERIFIED_FIELDS and not is_staff:
        actor.verified_at = None
        actor._change_reason = "edited; verification withdrawn"
    moved = "city" in changed and actor.status == ActorStatus.PUBLISHED and not is_staff
    if moved:
        # The new city's officials have not approved it: back to their queue.
        actor.status = ActorStatus.PENDING
        actor._change_reason = "moved to another city: moderation again"
    actor.full_clean()
    actor.save()
    if themes is not None:
        actor.themes.set(themes)
    if moved:
        record_submission(actor=actor, user=user, action=ModerationAction.RESUBMITTED)
    return actor


# --- Reference and demo data --------------------------------------------------------

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
TECH_HUBS_CSV = REFERENCE_DIR / "african_tech_hubs_public_v1_geocoded.csv"
TECH_HUBS_SOURCE = "African Tech Hubs (CC BY 4.0)"
TECH_HUBS_MAPPING = REFERENCE_DIR / "african_tech_hubs.mapping.json"


@transaction.atomic
def load_taxonomy(*, path: Path = REFERENCE_DIR / "taxonomy.json") -> LoadReport:
    """Create the seed kinds and themes that are missing; never rename an admin's edits."""
    report = LoadReport()
    data = json.loads(path.read_text(encoding="utf-8"))
    for model, rows in ((ActorKind, data["kinds"]), (Theme, data["themes"])):
        for position, row in enumerate(rows):
            _obj, created = model.objects.get_or_create(
                slug=row["slug"], defaults={**row, "position": position}
            )
            report.add(model, "created" if created else "unchanged")
    return report


def load_tech_hubs(
    *, path: Path = TECH_HUBS_CSV, country_codes: set[str], status: str = ActorStatus.PUBLISHED
) -> LoadReport:
    """Load the hubs of the African Tech Hubs data set that lie in the given countries,
    through the actor importer and the data set's mapping file.

    A hub is keyed by its folded name and city, so a second run updates rather than
    duplicates, and repeated rows of the data set merge. Contacts come from a directory,
    not from the organisations: kept for moderators, published only with their consent.
    """
    from imports import import_actors
    from imports.mapping import read_mapping_file

    with translation.override("en"):  # the loaders report in English, like LoadReport
        result = import_actors(
            source_file=path, fmt="csv", source=TECH_HUBS_SOURCE,
            mapping=read_mapping_file(TECH_HUBS_MAPPING),
            publish=status == ActorStatus.PUBLISHED, only_countries=set(country_codes),
            progress=False,
        )
        rejected = [str(note) for note in result.rejected]
    report = LoadReport()
    if result.cities_created:
        report.add(City, "created", len(result.cities_created))
    for outcome, number in (("created", result.created), ("updated", result.updated),
                            ("unchanged", result.unchanged),
                            ("merged duplicates", result.duplicates)):
        if number:
            report.add(Actor, outcome, number)
    report.rejected += rejected
    return report
