"""One source record -> the values of an actor, with every correction reported."""

import hashlib
import math
import re
import unicodedata
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import CharField
from django.utils.text import slugify
from django.utils.translation import gettext as _

from actors.models import Actor, ActorKind, LocationPrecision, Theme
from cities.input_rules import json_text_problem, printable, validator_for
from cities.text import fold as fold_text
from imports.cleaning import (
    clean_url,
    coordinate,
    html_to_text,
    looks_like_html,
    remove_controls,
    repair_mojibake,
)
from imports.mapping import FIELDS, LIST_FIELDS, Mapping, MappingError, column_names_of
from imports.places import PlaceResolver
from imports.report import ImportReport

# Kinds, themes, statuses and cities repeat across rows: fold each spelling once.
fold = lru_cache(maxsize=1 << 16)(fold_text)
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SOCIAL_HOSTS = re.compile(
    r"^https?://([a-z0-9-]+\.)*(facebook|fb|twitter|x|instagram|linkedin|youtube|tiktok|"
    r"mastodon|github|gitlab|flickr|vimeo|wa|whatsapp|t)\.(com|me|be|social|org)(/|$)", re.I
)
TRUE = {"yes", "true", "1", "oui", "vrai", "y", "o"}
FALSE = {"no", "false", "0", "non", "faux", "n"}
check_url = URLValidator(schemes=["http", "https"])
# A point farther than this from the centre of the record's (existing) city is a mistake.
MAX_KM_FROM_CITY = 100
# Values are checked here once (web addresses, e-mails, years, languages, control
# characters) rather than by Model.clean_fields(), which is slow on 100,000 rows.
MAX_LENGTHS = {f.name: f.max_length for f in Actor._meta.concrete_fields
               if isinstance(f, CharField) and f.max_length}
TEXT_FIELDS = {f.name: validator_for(f) for f in Actor._meta.concrete_fields
               if validator_for(f) is not None}
# Fields whose HTML becomes plain text; multi-line ones keep its line breaks.
PROSE_FIELDS = {"name", "address", "city", "contact_name", "short_description", "description"}
MULTILINE_FIELDS = {"description"}
SEPARATORS = re.compile(r"[-‐‑–—'’_.,/()]+")


@lru_cache(maxsize=1 << 16)
def spelling_key(name: str) -> str:
    """A city name as the source spells it, reduced for matching within one file."""
    words = SEPARATORS.sub(" ", fold(name)).split()
    return " ".join("saint" if word == "st" else "sainte" if word == "ste" else word
                    for word in words)


# Value layouts (the keys of a record's values, in order) shared by every record.
LAYOUTS: dict[tuple, tuple] = {}


class Candidate:
    """A valid record, ready for the writer: `resolution` says where it is (its city is
    got or created only when the record is written); `values` lack the city, and the
    coordinates when the record has none (it is then placed at its city's centre).

    Every record of a file is held between the two passes: values are kept as a tuple
    under a shared layout of keys, and equal theme sets are shared, to stay small."""

    __slots__ = ("line", "label", "key", "layout", "packed", "themes", "closed", "notes",
                 "resolution", "unresolved", "city_spelling")

    def __init__(self, line: int, label: str, key: str, values: dict,
                 themes: frozenset | set | None, closed: bool, notes=(), resolution=None,
                 unresolved: str = "", city_spelling: tuple | None = None):
        layout = tuple(values)
        self.layout = LAYOUTS.setdefault(layout, layout)
        self.packed = tuple(values.values())
        self.line, self.label, self.key = line, label, key
        self.themes = None if themes is None else frozenset(themes)
        self.closed = closed
        self.notes = tuple(notes)
        self.resolution, self.unresolved, self.city_spelling = (
            resolution, unresolved, city_spelling)

    @property
    def values(self) -> dict:
        """A new dict each time: changes are kept by assigning it back."""
        return dict(zip(self.layout, self.packed, strict=True))

    @values.setter
    def values(self, values: dict) -> None:
        layout = tuple(values)
        self.layout = LAYOUTS.setdefault(layout, layout)
        self.packed = tuple(values.values())


def dig(record: dict, path: str):
    if path in record:
        return record[path]
    value = record
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def clean_text(value) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\x00", "").strip()


def unsafe_text(values: dict) -> str:
    """The fields holding text that cannot be stored (the rule of every model's fields,
    cities.input_rules), as a report line; empty when all is fine."""
    problems = []
    for name, value in values.items():
        if not isinstance(value, str | list) or name not in TEXT_FIELDS:
            continue
        multiline = TEXT_FIELDS[name].multiline
        problem = json_text_problem(value, multiline=multiline)
        if problem:
            problems.append(f"{name}: {problem}")
    return " ".join(problems)


def as_float(value) -> float | None:
    """A coordinate ("45,77" from French spreadsheets, "17,44 W", "−3,1°" too)."""
    return coordinate(value)


def record_key(name: str, city: str) -> str:
    """The key of a record without an identifier: its name and city as the source spells
    them, stable across runs even if our city is renamed, never empty.

    Latin names keep their historical ASCII slug ("lab-un-dakar"); names in other scripts
    keep their letters ("مختبر-الرباط"); a name of symbols only gets a hash."""
    folded = f"{fold(name)} {fold(city)}"
    latin_only = all(unicodedata.name(char, "").startswith("LATIN")
                     for char in folded if char.isalpha())
    key = slugify(folded, allow_unicode=not latin_only)[:200]
    if not key:
        key = "sha1-" + hashlib.sha1(folded.encode(), usedforsecurity=False).hexdigest()
    return key


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) between two points, in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def in_range(latitude: float, longitude: float) -> bool:
    return (math.isfinite(latitude) and math.isfinite(longitude)
            and -90 <= latitude <= 90 and -180 <= longitude <= 180)


def anchor_point(place) -> tuple[float, float] | None:
    """The coordinates of a city or gazetteer place, if it has any."""
    latitude = getattr(place, "latitude", None)
    longitude = getattr(place, "longitude", None)
    if latitude is None or longitude is None:
        return None
    return float(latitude), float(longitude)


def near(place, latitude: float, longitude: float) -> bool:
    point = anchor_point(place)
    return point is None or distance_km(latitude, longitude, *point) <= MAX_KM_FROM_CITY


class RecordMapper:
    """Maps, validates and places records; rejects with a reason or notes a correction.

    Nothing is written here: a record's place is resolved (never created), so that every
    record of a file is judged before any is written."""

    def __init__(self, *, mapping: Mapping, provided: set[str], places: PlaceResolver,
                 report: ImportReport, unit: str, only_countries: set[str] | None = None):
        self.only_countries = only_countries
        self.columns = {name: column_names_of(mapping.columns.get(name)) for name in FIELDS}
        self.mapping = mapping
        self.provided = provided
        self.places = places
        self.report = report
        self.unit = unit
        self.kinds = {}
        for kind in ActorKind.objects.all():
            for name in (kind.slug, kind.name_fr, kind.name_en):
                self.kinds.setdefault(fold(name), kind.pk)
        self.kind_slugs = {kind.slug: kind.pk for kind in ActorKind.objects.all()}
        self.themes = {}
        for theme in Theme.objects.all():
            for name in (theme.slug, theme.name_fr, theme.name_en):
                self.themes.setdefault(fold(name), theme.pk)
        self.theme_slugs = {theme.slug: theme.pk for theme in Theme.objects.all()}
        self.default_kind = None
        if mapping.default_kind:
            self.default_kind = self.kind_slugs.get(mapping.default_kind)
            if self.default_kind is None:
                raise MappingError(
                    _("The mapping's default_kind %(slug)r is not a kind slug.")
                    % {"slug": mapping.default_kind}
                )
        self.fixes: list[str] = []  # the current record's repairs, as report notes
        self.fixed_fields: set[tuple[str, str]] = set()

    # --- reading values -------------------------------------------------------------

    def raw(self, record: dict, name: str) -> list:
        values = []
        for column in self.columns[name]:
            value = dig(record, column)
            if isinstance(value, str):
                if value and not value.isspace():
                    values.append(value)
            elif isinstance(value, list):
                values.extend(value)
            elif value is not None and clean_text(value) != "":
                values.append(value)
        if not values and name in self.mapping.defaults:
            values = [self.mapping.defaults[name]]
        return values

    def clean(self, name: str, value) -> str:
        """A source value as text, repaired: control characters removed, mojibake and
        HTML turned into the text meant, each repair noted once per field."""
        text = clean_text(value)
        if text.isascii() and text.isprintable() and "<" not in text and "&" not in text:
            return text
        multiline = name in MULTILINE_FIELDS
        text, had_controls = remove_controls(text, multiline=multiline)
        if had_controls:
            self.fix(name, "controls", _("control characters removed from %(field)s.")
                     % {"field": name})
        repaired = repair_mojibake(text)
        if repaired != text:
            self.fix(name, "mojibake", _("%(field)s: garbled characters %(before)r repaired "
                                         "as %(after)r.") % {
                "field": name, "before": text[:60], "after": repaired[:60]})
            text = repaired
        if name in PROSE_FIELDS and looks_like_html(text):
            plain = html_to_text(text, multiline=multiline)
            if plain != text:
                self.fix(name, "html", "")
                text = plain
        return text.strip()

    def fix(self, name: str, what: str, note: str) -> None:
        if what == "html":  # counted once per record
            name = "*"
        if (name, what) in self.fixed_fields:
            return
        self.fixed_fields.add((name, what))
        if what == "html":
            self.report.html_converted += 1
        else:
            self.fixes.append(note)

    def text(self, record: dict, name: str, joiner: str = ", ") -> str:
        parts = [self.clean(name, value) for value in self.raw(record, name)]
        return joiner.join(part for part in parts if part)

    def items(self, record: dict, name: str) -> list[str]:
        separators = [self.mapping.list_separator] if name in LIST_FIELDS else []
        split = self.mapping.splits.get({"kind": "kinds"}.get(name, name))
        if split:
            separators.append(split)
        items = []
        for value in self.raw(record, name):
            if isinstance(value, dict):
                value = value.get("name") or value.get("url") or ""
            parts = [self.clean(name, value)]
            if isinstance(value, str):
                for separator in separators:
                    parts = [piece.strip() for part in parts for piece in part.split(separator)]
            items.extend(parts)
        return [item for item in items if item]

    # --- the record -----------------------------------------------------------------

    def build(self, line: int, record) -> Candidate | None:
        """The record's candidate, or None when it is rejected (the report says why) or
        left out. A candidate whose city is not found yet has `unresolved` set: the
        service looks for its city among those the file's other records create."""
        if isinstance(record, str):
            self.report.reject(line, "", record)
            return None
        self.fixes, self.fixed_fields = [], set()
        name = " ".join(self.clean("name", v) for v in self.raw(record, "name"))
        label = name[:60]
        if "__error__" in record:
            self.report.reject(line, label, record["__error__"])
            return None
        if not name:
            self.report.reject(line, "", _("no name."))
            return None
        if CONTROL.search(name):
            self.report.reject(line, label.encode("unicode_escape").decode(),
                               _("the name contains line breaks or control characters."))
            return None
        notes = []
        values = {"name": name}
        placed = self.place(record, values, notes)
        if placed is None:
            return None
        if isinstance(placed, str):
            self.report.reject(line, label, placed)
            return None
        resolution, unresolved, spelling = placed
        kind = self.kind(record)
        if isinstance(kind, str):
            self.report.reject(line, label, unresolved or kind)
            return None
        values["kind_id"] = kind
        themes = self.theme_ids(record) if "themes" in self.provided else None
        self.contacts(record, values, notes)
        self.presentation(record, values, notes)
        key = clean_text(self.text(record, "external_id"))[:200] or record_key(
            name, self.text(record, "city"))
        status = self.items(record, "status")
        closed = bool(status) and fold(status[0]) in self.mapping.closed_values
        too_long = [
            _("%(field)s: at most %(max)d characters (it has %(length)d).") % {
                "field": name, "max": MAX_LENGTHS[name], "length": len(value)}
            for name, value in values.items()
            if name in MAX_LENGTHS and isinstance(value, str) and len(value) > MAX_LENGTHS[name]
        ]
        if too_long:
            self.report.reject(line, label, " ".join(too_long))
            return None
        unsafe = unsafe_text(values)
        if unsafe:
            self.report.reject(line, printable(label), unsafe)
            return None
        return Candidate(line, label, key, values, themes, closed,
                         notes=self.fixes + notes, resolution=resolution,
                         unresolved=unresolved, city_spelling=spelling)

    def place(self, record: dict, values: dict, notes: list):
        """(resolution, "", None) for a placed record; (None, reason, spelling) for one
        whose city may still be created by another record; the reason (text) when it is
        rejected; None when it is left out."""
        line_notes = []
        country_value = self.text(record, "country")
        city_name = self.text(record, "city")
        postcode = self.text(record, "postcode")
        source_lat = next(iter(self.raw(record, "latitude")), None)
        source_lon = next(iter(self.raw(record, "longitude")), None)
        quoted = {"lat": clean_text(source_lat), "lon": clean_text(source_lon)}
        latitude, longitude = as_float(source_lat), as_float(source_lon)
        has_point = latitude is not None and longitude is not None
        swapped = False
        if has_point and latitude == 0 and longitude == 0:
            # (0, 0) is the Gulf of Guinea: an empty value a spreadsheet turned into zeros.
            line_notes.append(_("coordinates (0, 0) ignored: placed at the city centre."))
            has_point = False
        if has_point and not in_range(latitude, longitude):
            if in_range(longitude, latitude):
                latitude, longitude, swapped = longitude, latitude, True
            else:
                line_notes.append(_("invalid coordinates (%(lat)s, %(lon)s): placed at the "
                                    "city centre.") % quoted)
                has_point = False
        resolution = self.places.resolve(
            city=city_name, country=country_value,
            latitude=latitude if has_point else None,
            longitude=longitude if has_point else None, postcode=postcode)
        country = resolution.country
        if (country is not None and self.only_countries is not None
                and country.code.code not in self.only_countries):
            return None  # outside the countries asked for: silently left out
        notes.extend(line_notes)
        notes.extend(getattr(resolution, "notes", None) or [])
        address = self.text(record, "address")
        if "address" in self.provided:
            values["address"] = ", ".join(filter(None, [address, postcode]))[:300]
        if resolution.reason:
            if has_point or not city_name or country is None:
                return resolution.reason
            values["location_precision"] = LocationPrecision.CITY
            key = spelling_key(city_name)
            if not key:
                return resolution.reason
            return None, resolution.reason, (country.pk, key)
        if has_point:
            anchor = resolution.city or resolution.place
            if swapped:
                if anchor_point(anchor) is None or near(anchor, latitude, longitude):
                    notes.append(_("latitude and longitude (%(lat)s, %(lon)s) were swapped: "
                                   "corrected.") % quoted)
                else:
                    notes.append(_("invalid coordinates (%(lat)s, %(lon)s): placed at the "
                                   "city centre.") % quoted)
                    has_point = False
            elif anchor_point(anchor) is not None:
                latitude, longitude, has_point = self.plausible(
                    anchor, latitude, longitude, notes, quoted)
        if has_point:
            values["latitude"], values["longitude"] = round(latitude, 6), round(longitude, 6)
            exact = address or self.mapping.precision_without_address == "exact"
            values["location_precision"] = (
                LocationPrecision.EXACT if exact else LocationPrecision.CITY)
        else:
            values["location_precision"] = LocationPrecision.CITY
        return resolution, "", None

    @staticmethod
    def plausible(city, latitude: float, longitude: float, notes: list, quoted: dict):
        """The record's point if it lies near its city; swapped if only the swapped pair
        does; else None (the city centre), each correction noted."""
        if near(city, latitude, longitude):
            return latitude, longitude, True
        if in_range(longitude, latitude) and near(city, longitude, latitude):
            notes.append(_("latitude and longitude (%(lat)s, %(lon)s) were swapped: "
                           "corrected.") % quoted)
            return longitude, latitude, True
        notes.append(_("coordinates (%(lat)s, %(lon)s) are more than %(km)d km from "
                       "%(city)s: placed at the city centre (approximate).") % {
            **quoted, "km": MAX_KM_FROM_CITY, "city": getattr(city, "name", "")})
        return None, None, False

    def kind(self, record: dict):
        candidates = self.items(record, "kind")
        for value in candidates:
            slug = self.mapping.kinds.get(fold(value))
            if slug and slug in self.kind_slugs:
                return self.kind_slugs[slug]
            if fold(value) in self.kinds:
                return self.kinds[fold(value)]
        if self.default_kind:
            if candidates and "kind" in self.provided:
                self.report.unknown_kinds.update(
                    value for value in candidates if not self._is_theme(value))
            return self.default_kind
        self.report.unknown_kinds.update(candidates)
        if not candidates:
            return _("no kind (give a kind column or a default_kind in the mapping).")
        return _("unknown kind %(values)s (map it in the mapping's \"kinds\").") % {
            "values": ", ".join(repr(v) for v in candidates)}

    def _is_theme(self, value: str) -> bool:
        folded = fold(value)
        return folded in self.mapping.themes or folded in self.themes

    def theme_ids(self, record: dict) -> set[int]:
        ids = set()
        for value in self.items(record, "themes"):
            folded = fold(value)
            if folded in self.mapping.themes:
                mapped = self.mapping.themes[folded]
                for slug in mapped if isinstance(mapped, list) else [mapped]:
                    if slug in self.theme_slugs:
                        ids.add(self.theme_slugs[slug])
                    else:
                        self.report.unknown_themes[slug] += 1
            elif folded in self.themes:
                ids.add(self.themes[folded])
            elif folded not in self.kinds and folded not in self.mapping.kinds:
                self.report.unknown_themes[value] += 1
        return ids

    def contacts(self, record: dict, values: dict, notes: list) -> None:
        urls = []
        for name in ("website", "social_links"):
            if name in self.provided:
                urls += [(name, url) for url in self.items(record, name)]
        valid, seen, mailto = [], set(), []
        for name, url in urls:
            fixed, email = clean_url(url)
            if email:
                mailto.append(email)
                continue
            if not fixed or fixed in seen:
                continue
            seen.add(fixed)
            try:
                check_url(fixed)
                if len(fixed) > 300:
                    raise ValidationError("too long")
            except ValidationError:
                notes.append(_("invalid web address %(url)r dropped.") % {"url": url[:100]})
                continue
            valid.append((name, fixed))
        if "website" in self.provided:
            sites = [url for name, url in valid
                     if name == "website" and not SOCIAL_HOSTS.match(url)]
            values["website"] = sites[0] if sites else ""
        if "social_links" in self.provided:
            values["social_links"] = [url for name, url in valid
                                      if name == "social_links" or SOCIAL_HOSTS.match(url)]
        given = (self.items(record, "email") or [""])[0] if "email" in self.provided else ""
        if "email" in self.provided or mailto:
            email = re.split(r"[;,\s]+", given)[0] if given else ""
            if not email and mailto:
                email = mailto[0]
                notes.append(_("e-mail address %(email)r taken from a mailto: link.")
                             % {"email": email[:100]})
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    notes.append(_("invalid e-mail %(email)r dropped.") % {"email": email[:100]})
                    email = ""
            values["email"] = email
            values["email_is_public"] = bool(email) and self.mapping.is_public("email")
        if "phone" in self.provided:
            phone = self.text(record, "phone", joiner=" / ")
            if len(phone) > 40 or CONTROL.search(phone):
                notes.append(_("phone number %(phone)r dropped (too long).")
                             % {"phone": phone[:60]})
                phone = ""
            values["phone"] = phone
            values["phone_is_public"] = bool(phone) and self.mapping.is_public("phone")
        if "contact_name" in self.provided:
            contact = self.text(record, "contact_name")[:200]
            values["contact_name"] = "" if CONTROL.search(contact) else contact
            values["contact_name_is_public"] = (
                bool(values["contact_name"]) and self.mapping.is_public("contact_name"))

    def presentation(self, record: dict, values: dict, notes: list) -> None:
        if "short_description" in self.provided:
            short = " ".join(self.text(record, "short_description").split())
            if len(short) > 300:
                short = short[:299].rsplit(" ", 1)[0] + "…"
                notes.append(_("short description shortened to 300 characters."))
            values["short_description"] = short
        if "description" in self.provided:
            values["description"] = self.text(record, "description", joiner="\n\n")
        if "founded_year" in self.provided:
            year = self.text(record, "founded_year")
            values["founded_year"] = None
            if year:
                if year.isdigit() and 1800 <= int(year) <= 2100:
                    values["founded_year"] = int(year)
                else:
                    notes.append(_("founding year %(year)r dropped.") % {"year": year[:20]})
        if "languages" in self.provided:
            codes = [code.lower() for code in self.items(record, "languages")]
            bad = [code for code in codes if not re.fullmatch(r"[a-z]{2,3}", code)]
            if bad:
                notes.append(_("language code(s) %(codes)s dropped.")
                             % {"codes": ", ".join(repr(c[:10]) for c in bad)})
            values["languages"] = [code for code in codes if code not in bad]
        if "is_women_led" in self.provided:
            answer = fold(self.text(record, "is_women_led"))
            values["is_women_led"] = True if answer in TRUE else False if answer in FALSE \
                else None
