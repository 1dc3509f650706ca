"""Possible duplicates across sources: one index of the actors, asked about each record.

Two entries are possible duplicates when their names are similar (folded, punctuation
removed: token_set_ratio >= 90, token_sort_ratio >= 70 so that "Fablab" alone does not
match every "Fablab ...", and the same numbers) and they are within about 1 km or in the
same city; or when they share a website host or an e-mail domain that is neither a
webmail nor a platform nor shared by several actors (a network's domain).

Entries are blocked by city and by grid cell (and by the numbers in their names), so a
question costs a handful of comparisons, never a pass over every actor.
"""

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rapidfuzz import fuzz, process

from actors.identity import ActorSlugRedirect, ActorSourceId, DuplicatePair, reasons_text
from actors.models import Actor
from cities.text import fold

NAME_SET_SCORE = 90
NAME_SORT_SCORE = 70
NEAR_KM = 1.0
CELL_DEGREES = 0.02  # about 2.2 km of latitude: the neighbouring cells cover 1 km
KM_PER_DEGREE = 111.195
# A domain used by more actors than this is a network's or a host's, not an identity.
MAX_DOMAIN_SHARE = 2
WEBMAIL = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.fr", "ymail.com", "hotmail.com",
    "hotmail.fr", "outlook.com", "outlook.fr", "live.com", "live.fr", "msn.com",
    "icloud.com", "me.com", "mac.com", "aol.com", "gmx.com", "gmx.fr", "gmx.de",
    "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "neuf.fr", "bbox.fr",
    "protonmail.com", "proton.me", "yandex.ru", "yandex.com", "mail.ru", "zoho.com",
    "riseup.net", "posteo.de", "web.de", "libero.it", "qq.com", "163.com",
})
PLATFORMS = frozenset({
    "facebook.com", "fb.com", "instagram.com", "twitter.com", "x.com", "linkedin.com",
    "youtube.com", "sites.google.com", "google.com", "goo.gl", "bit.ly", "linktr.ee",
    "github.com", "github.io", "gitlab.com", "medium.com", "wordpress.com",
    "blogspot.com", "over-blog.com", "wixsite.com", "wix.com", "jimdo.com",
    "jimdofree.com", "weebly.com", "squarespace.com", "fablabs.io", "helloasso.com",
    "meetup.com", "eventbrite.com", "notion.site", "framasite.org", "gogocarto.fr",
    "openstreetmap.org", "wikipedia.org", "example.org", "example.com",
})
PUNCTUATION = re.compile(r"[\W_]+")


def name_key(name: str) -> str:
    """The name as compared: folded, punctuation and symbols as spaces."""
    return " ".join(PUNCTUATION.sub(" ", fold(name)).split())


def numbers_of(key: str) -> str:
    """The numbers in a name: "Fablab 1" and "Fablab 2" are two places."""
    return " ".join(sorted(token for token in key.split() if any(c.isdigit() for c in token)))


def website_host(url: str) -> str:
    """The host of a web address without "www.", lower-case ("" when none)."""
    if not url:
        return ""
    try:
        host = urlsplit(url if "://" in url else f"//{url}").hostname or ""
    except ValueError:
        return ""
    host = host.lower().rstrip(".")
    return host.removeprefix("www.")


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower().rstrip(".") if "@" in (email or "") else ""


def is_platform(host: str) -> bool:
    return any(host == domain or host.endswith(f".{domain}") for domain in PLATFORMS)


def distance_km(lat1, lon1, lat2, lon2) -> float:
    """Equirectangular distance, exact enough within a few kilometres."""
    x = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return KM_PER_DEGREE * math.hypot(lat2 - lat1, x)


@dataclass(frozen=True, slots=True)
class Entry:
    """What the finder knows of an actor (`actor_id`) or of a file's record (`line`)."""

    name: str
    city_id: int | str | None
    latitude: float | None
    longitude: float | None
    source: str = ""
    actor_id: int | None = None
    line: int | None = None
    key: str = ""  # the record's identifier in its source
    city_name: str = ""
    website: str = ""
    email: str = ""

    def cell(self) -> tuple | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (math.floor(self.latitude / CELL_DEGREES),
                math.floor(self.longitude / CELL_DEGREES))


def block_key(place, numbers: str):
    """A block's key: the city id or the cell number, with the name's numbers if any (one
    object per block: 100,000 numbered names make 100,000 blocks)."""
    return (place, numbers) if numbers else place


def cell_number(row: int, column: int) -> int:
    return row * 100_000 + column


def put(index: dict, key, position: int) -> None:
    """Adds a position to a block: a lone position is kept as an int, not a list."""
    current = index.get(key)
    if current is None:
        index[key] = position
    elif isinstance(current, int):
        index[key] = [current, position]
    else:
        current.append(position)


def positions_in(index: dict, key):
    current = index.get(key)
    return () if current is None else (current,) if isinstance(current, int) else current


@dataclass
class Match:
    """A possible duplicate and why."""

    entry: Entry
    reasons: list[str] = field(default_factory=list)  # codes: see REASONS
    distance_km: float | None = None

    @property
    def codes(self) -> str:
        return ",".join(self.reasons)

    def explain(self) -> str:
        text = reasons_text(self.codes)
        if self.distance_km is not None:
            text = _("%(reasons)s, %(km).1f km apart") % {"reasons": text,
                                                          "km": self.distance_km}
        return text


class DuplicateFinder:
    """An index of entries, built once, asked about candidates one by one."""

    def __init__(self, *, use_domains: bool = True):
        self.use_domains = use_domains
        # block_key(city or grid cell, numbers in the name) -> [positions in entries]
        self.by_city = {}
        self.by_cell = {}
        self.names = []  # folded, at the entry's position
        self.by_website = defaultdict(list)
        self.by_email = defaultdict(list)
        self.entries = []

    @classmethod
    def of_actors(cls, queryset=None, *, exclude_source: str | None = None):
        """Every actor not merged into another (optionally but those of one source)."""
        finder = cls()
        queryset = Actor.objects.all() if queryset is None else queryset
        queryset = queryset.exclude(pk__in=merged_actor_ids())
        if exclude_source is not None:
            queryset = queryset.exclude(source=exclude_source)
        for row in queryset.order_by().values_list(
                "pk", "name", "city_id", "city__name", "latitude", "longitude", "source",
                "website", "email").iterator(chunk_size=5000):
            pk, name, city_id, city_name, latitude, longitude, source, website, email = row
            finder.add(Entry(name=name, city_id=city_id, city_name=city_name,
                             latitude=latitude, longitude=longitude, source=source,
                             actor_id=pk, website=website, email=email))
        return finder

    def add(self, entry: Entry, folded: str | None = None) -> None:
        folded = name_key(entry.name) if folded is None else folded
        numbers = numbers_of(folded)
        position = len(self.entries)
        if entry.city_id is not None:
            put(self.by_city, block_key(entry.city_id, numbers), position)
        cell = entry.cell()
        if cell is not None:
            put(self.by_cell, block_key(cell_number(*cell), numbers), position)
        if self.use_domains:
            host = website_host(entry.website)
            if host and not is_platform(host):
                self.by_website[host].append(entry)
            domain = email_domain(entry.email)
            if domain and domain not in WEBMAIL and not is_platform(domain):
                self.by_email[domain].append(entry)
        self.entries.append(entry)
        self.names.append(folded)

    def find(self, entry: Entry, folded: str | None = None) -> list[Match]:
        """The entries that may be the same organisation as `entry` (not from its source
        when it has one: a source's own records are recognised by their identifiers)."""
        matches: dict[int, Match] = {}

        def match(other: Entry) -> Match | None:
            if other is entry or (entry.source and other.source == entry.source
                                  and other.actor_id is not None):
                return None
            return matches.setdefault(id(other), Match(other))

        folded = name_key(entry.name) if folded is None else folded
        numbers = numbers_of(folded)
        positions = set()
        if entry.city_id is not None:
            positions.update(positions_in(self.by_city, block_key(entry.city_id, numbers)))
        cell = entry.cell()
        if cell is not None:
            reach = 1 + int(NEAR_KM / max(
                0.1, KM_PER_DEGREE * CELL_DEGREES * math.cos(math.radians(entry.latitude))))
            for dlat in (-1, 0, 1):
                for dlon in range(-reach, reach + 1):
                    positions.update(positions_in(self.by_cell, block_key(
                        cell_number(cell[0] + dlat, cell[1] + dlon), numbers)))
        nearby = sorted(positions) if folded else []
        if nearby:
            names = [self.names[position] for position in nearby]
            for _choice, _score, index in process.extract(
                    folded, names, scorer=fuzz.token_sort_ratio, processor=None,
                    score_cutoff=NAME_SORT_SCORE, limit=None):
                other = self.entries[nearby[index]]
                if fuzz.token_set_ratio(folded, names[index], processor=None) < NAME_SET_SCORE:
                    continue
                km = self._distance(entry, other)
                if km is not None and km <= NEAR_KM:
                    found = match(other)
                    if found:
                        found.reasons.append("name+near")
                elif entry.city_id is not None and entry.city_id == other.city_id:
                    found = match(other)
                    if found:
                        found.reasons.append("name+city")
        if self.use_domains:
            for code, index, value in (
                ("website", self.by_website, website_host(entry.website)),
                ("email", self.by_email, email_domain(entry.email)),
            ):
                others = index.get(value, ()) if value else ()
                if len(others) > MAX_DOMAIN_SHARE:
                    continue
                for other in others:
                    found = match(other)
                    if found and code not in found.reasons:
                        found.reasons.append(code)
        for found in matches.values():
            found.distance_km = self._distance(entry, found.entry)
        return sorted(matches.values(), key=lambda m: (m.entry.actor_id or 0, m.entry.line or 0))

    @staticmethod
    def _distance(entry: Entry, other: Entry) -> float | None:
        if None in (entry.latitude, entry.longitude, other.latitude, other.longitude):
            return None
        return round(distance_km(entry.latitude, entry.longitude,
                                 other.latitude, other.longitude), 3)


def merged_actor_ids():
    """Actors merged into another (their own slug redirects to it), as a subquery: they
    are nobody's duplicate any more."""
    return Actor.objects.filter(slug__in=ActorSlugRedirect.objects.values("slug")).values("pk")


def record_pair(*, first_id: int, second_id: int, reason: str, distance: float | None,
                found_by: str) -> DuplicatePair | None:
    """Records an open pair unless these two actors were already paired (whatever staff
    decided then: a dismissal is never raised again)."""
    low, high = sorted((first_id, second_id))
    if low == high:
        return None
    pair, created = DuplicatePair.objects.get_or_create(
        first_id=low, second_id=high,
        defaults={"reason": reason[:300], "distance_km": distance,
                  "found_by": found_by[:200]},
    )
    return pair if created else None


@transaction.atomic
def scan_for_duplicates(*, queryset=None) -> int:
    """Records every possible duplicate among the actors (of different sources) not paired
    yet; returns how many pairs were added."""
    finder = DuplicateFinder.of_actors(queryset)
    known = set(DuplicatePair.objects.values_list("first_id", "second_id"))
    added = []
    for entry in finder.entries:
        for found in finder.find(entry):
            low, high = sorted((entry.actor_id, found.entry.actor_id))
            if (low, high) in known:
                continue
            known.add((low, high))
            added.append(DuplicatePair(first_id=low, second_id=high,
                                       reason=found.codes,
                                       distance_km=found.distance_km, found_by="scan"))
    DuplicatePair.objects.bulk_create(added)
    return len(added)


# --- imports ----------------------------------------------------------------------------

class DuplicatePolicy(TextChoices):
    """What an import does with a record that may duplicate an actor of another source."""

    FLAG = "flag", gettext_lazy("Create it, held for moderation, and list the pair for staff")
    SKIP = "skip", gettext_lazy("Skip it")
    CREATE = "create", gettext_lazy("Create it anyway (only reported)")


# An actor's own source decides these; another source's record of it only fills the rest.
AUTHORITATIVE = {"name", "city", "latitude", "longitude", "location_precision", "kind_id"}
CONSENTS = {"email_is_public": "email", "phone_is_public": "phone",
            "contact_name_is_public": "contact_name"}


def is_empty(value) -> bool:
    return value in ("", None, [], {})


class ImportDuplicates:
    """One import's view of duplicates: records that are actors of other sources under
    another identifier, records already known through a merge, repeats within the file."""

    def __init__(self, *, source: str, report, policy: str = DuplicatePolicy.FLAG):
        self.source = source
        self.report = report
        self.policy = DuplicatePolicy(policy)
        self._others = None  # built on the first record to create
        self.in_file = DuplicateFinder(use_domains=False)
        # Records matched by identifier, indexed only once a record is to be created (a
        # second run of a file creates nothing and never builds the index).
        self.known = []
        self.flagged = {}  # record key -> (line, [Match])

    @property
    def others(self) -> DuplicateFinder:
        if self._others is None:
            self._others = DuplicateFinder.of_actors(exclude_source=self.source)
        return self._others

    @staticmethod
    def entry(candidate, actor_id: int | None = None, *, contacts: bool = False) -> Entry:
        """The record as the finder sees it; the file's index holds no contacts (within
        a file only names and places are compared)."""
        values = candidate.values
        # The importer's first pass places a record without creating its city: the city
        # if it exists, else the gazetteer place it will be created from (same block).
        resolution = getattr(candidate, "resolution", None)
        city = values.get("city") or getattr(resolution, "city", None)
        place = getattr(resolution, "place", None)
        city_id = getattr(city, "pk", None)
        if city_id is None and getattr(place, "geonames_id", None):
            city_id = f"place:{place.geonames_id}"
        return Entry(name=values["name"], city_id=city_id,
                     latitude=values.get("latitude"), longitude=values.get("longitude"),
                     line=candidate.line, key=candidate.key, actor_id=actor_id,
                     website=values.get("website", "") if contacts else "",
                     email=values.get("email", "") if contacts else "")

    def match_merged(self, batch: list, existing: dict) -> None:
        """Records whose identifier a merge gave to another actor update that actor; its
        own source stays authoritative, so they only fill what it lacks."""
        keys = [candidate.key for candidate in batch if candidate.key not in existing]
        if not keys:
            return
        kept = {row.external_id: row.actor for row in ActorSourceId.objects.filter(
            source=self.source, external_id__in=keys).select_related("actor__city")}
        if not kept:
            return
        taken = {actor.pk for actor in existing.values()}
        for candidate in list(batch):
            actor = kept.get(candidate.key)
            if actor is None:
                continue
            if actor.pk in taken:  # two records of this source were merged: one suffices
                batch.remove(candidate)
                self.report.unchanged += 1
                continue
            taken.add(actor.pk)
            existing[candidate.key] = actor
            values = candidate.values
            for name in list(values):
                if name not in AUTHORITATIVE and not is_empty(
                        getattr(actor, CONSENTS.get(name, name))):
                    values[name] = getattr(actor, name)
            for name in AUTHORITATIVE:  # whether the record has them or not
                values[name] = actor.city if name == "city" else getattr(actor, name)
            candidate.values = values  # `values` is a copy
            candidate.themes = None
            candidate.closed = actor.status == Actor.Status.ARCHIVED

    def remember(self, candidate, actor) -> None:
        """A record matched to an existing actor: later records are compared with it."""
        self.known.append(self.entry(candidate, actor.pk))

    def admits(self, candidate) -> bool:
        """Whether a new record is created; its possible duplicates reported, one line
        each, and remembered for flagging."""
        for known in self.known:
            self.in_file.add(known)
        self.known.clear()
        entry = self.entry(candidate)
        folded = name_key(entry.name)
        matches = self.others.find(self.entry(candidate, contacts=True), folded) + \
            self.in_file.find(entry, folded)
        if not matches:
            self.in_file.add(entry, folded)
            return True
        outcome = {
            DuplicatePolicy.FLAG: _("created, held for moderation and listed for staff"),
            DuplicatePolicy.SKIP: _("not imported"),
            DuplicatePolicy.CREATE: _("imported anyway"),
        }[self.policy]
        for found in matches:
            other = found.entry
            if other.line is None:
                what = _("possible duplicate of %(name)r (%(city)s, source %(source)s, "
                         "actor %(id)d)") % {
                    "name": other.name, "city": other.city_name,
                    "source": other.source or _("none"), "id": other.actor_id}
            else:
                what = _("possible duplicate of line %(line)d (%(name)r)") % {
                    "line": other.line, "name": other.name}
            self.report.warn(candidate.line, candidate.label, _(
                "%(what)s: %(reasons)s; %(outcome)s.") % {
                "what": what, "reasons": found.explain(), "outcome": outcome})
        if self.policy == DuplicatePolicy.SKIP:
            self.report.skipped += 1
            return False
        self.in_file.add(entry, folded)
        if self.policy == DuplicatePolicy.FLAG:
            self.flagged[candidate.key] = (candidate.line, matches)
        return True

    def prepare(self, row: dict) -> dict:
        """A flagged record waits for moderation even when the import publishes."""
        if row["external_id"] in self.flagged and row["status"] == Actor.Status.PUBLISHED:
            row["status"] = Actor.Status.PENDING
        return row

    def created(self, rows: list[dict]) -> None:
        """After the batch's inserts: the flagged pairs recorded for staff."""
        flagged = [(row, *self.flagged.pop(row["external_id"]))
                   for row in rows if row["external_id"] in self.flagged]
        if not flagged:
            return
        # Records of this file created earlier: their ids, by identifier.
        keys = {found.entry.key for _row, _line, matches in flagged for found in matches
                if found.entry.actor_id is None}
        ids = dict(Actor.objects.filter(source=self.source, external_id__in=keys).exclude(
            external_id="").values_list("external_id", "pk")) if keys else {}
        for row, line, matches in flagged:
            for found in matches:
                other = found.entry.actor_id or ids.get(found.entry.key)
                if other is not None:
                    record_pair(first_id=row["id"], second_id=other, reason=found.codes,
                                distance=found.distance_km,
                                found_by=f"import {self.source}, line {line}")
