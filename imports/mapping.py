"""How a source's columns and values become our fields: a small JSON or YAML file.

Keys of a mapping file (all optional; a format's preset fills what is missing):

    columns:  our field -> the source's column (CSV header or JSON property; a dotted path
              such as "address.postalCode" reaches into JSON, a list joins several columns)
    records:  where the records are in a JSON file: a key or a dotted path ("spaces",
              "data.items"); by default the format's own place (or the whole document)
    kinds:    source value -> kind slug;   default_kind: kind slug for unmapped values
    themes:   source value -> theme slug (or a list of slugs); in kinds and themes,
              `split: ";"` splits a cell holding several values, each mapped on its own
    countries: source spelling -> ISO code;  defaults: our field -> value when missing
    closed_values: values of the `status` column meaning closed or inactive
    consent:  {"email": true, "phone": true, "contact_name": true} only when the source
              collected consent to publish them (default: not public)
    list_separator: between values of list columns (themes, social_links, languages): "|"
    precision_without_address: "exact" (default) or "city" for coordinates that only
              place the city
    licence:  the source's licence and attribution, kept with the source (e.g. "ODbL 1.0,
              © OpenStreetMap contributors", set by the osm format)
    on_duplicate: "flag" (default), "skip" or "create": records that may duplicate an
              actor of another source (see actors.duplicates)
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from cities.text import fold

FIELDS = [
    "external_id", "name", "kind", "themes", "address", "postcode", "city", "country",
    "latitude", "longitude", "website", "email", "phone", "contact_name",
    "short_description", "description", "social_links", "founded_year", "languages",
    "is_women_led", "status",
]
REQUIRED = ["name", "city", "country"]
LIST_FIELDS = {"themes", "social_links", "languages"}

CLOSED_VALUES = [
    "closed", "inactive", "permanently closed", "defunct", "archived", "deleted",
    "ferme", "fermee", "inactif", "inactive", "cesse", "no", "non", "false", "0",
]
CONSENT_FIELDS = {"email", "phone", "contact_name"}


def column_names_of(spec) -> list[str]:
    """The source columns of a field: one name, or a list of names to join."""
    if spec is None:
        return []
    return [str(name) for name in spec] if isinstance(spec, list) else [str(spec)]


class MappingError(ValueError):
    """A mapping file that cannot be used."""


@dataclass
class Mapping:
    """Our field -> source column, and source values -> our kinds and themes."""

    columns: dict = field(default_factory=lambda: {name: name for name in FIELDS})
    kinds: dict = field(default_factory=dict)
    default_kind: str = ""
    themes: dict = field(default_factory=dict)
    countries: dict = field(default_factory=dict)
    defaults: dict = field(default_factory=dict)
    closed_values: list = field(default_factory=lambda: list(CLOSED_VALUES))
    consent: dict = field(default_factory=dict)
    list_separator: str = "|"
    precision_without_address: str = "exact"
    records: str = ""
    licence: str = ""
    # Separators of multi-valued kind and theme cells (`split` in "kinds" or "themes").
    splits: dict = field(default_factory=dict)
    on_duplicate: str = ""

    def __post_init__(self):
        for name in ("kinds", "themes"):
            table = getattr(self, name)
            if "split" in table:
                table = dict(table)
                separator = table.pop("split")
                if not isinstance(separator, str) or not separator:
                    raise MappingError(_("%(key)s: split is a separator such as \";\".")
                                       % {"key": name})
                self.splits = {**self.splits, name: separator}
                setattr(self, name, table)
        unknown = set(self.columns) - set(FIELDS)
        if unknown:
            raise MappingError(
                _("Unknown field(s) in the mapping's columns: %(fields)s. Known fields: "
                  "%(known)s.") % {"fields": ", ".join(sorted(unknown)),
                                   "known": ", ".join(FIELDS)}
            )
        unknown = set(self.consent) - CONSENT_FIELDS
        if unknown:
            raise MappingError(
                _("Consent can only be given for %(known)s, not %(fields)s.")
                % {"known": ", ".join(sorted(CONSENT_FIELDS)), "fields": ", ".join(unknown)}
            )
        not_booleans = [key for key, value in self.consent.items() if not isinstance(value, bool)]
        if not_booleans:
            raise MappingError(
                _("Consent is given with true or false, not %(values)s.")
                % {"values": ", ".join(f"{key}: {self.consent[key]!r}"
                                       for key in sorted(not_booleans))}
            )
        if self.precision_without_address not in {"exact", "city"}:
            raise MappingError(_('precision_without_address must be "exact" or "city".'))
        if self.on_duplicate not in {"", "flag", "skip", "create"}:
            raise MappingError(_('on_duplicate must be "flag", "skip" or "create".'))
        if not self.list_separator:
            raise MappingError(_("list_separator cannot be empty."))
        bad = [key for key, value in self.kinds.items() if not isinstance(value, str)] + [
            key for key, value in self.themes.items()
            if not (isinstance(value, str) or (isinstance(value, list)
                                               and all(isinstance(v, str) for v in value)))
        ] + [key for key, value in self.countries.items() if not isinstance(value, str)]
        if bad:
            raise MappingError(
                _("Mapped values must be slugs or codes (text): check %(keys)s.")
                % {"keys": ", ".join(repr(str(key)) for key in bad)}
            )
        self.kinds = {fold(str(key)): value for key, value in self.kinds.items()}
        self.themes = {fold(str(key)): value for key, value in self.themes.items()}
        self.countries = {fold(str(key)): value for key, value in self.countries.items()}
        self.closed_values = {fold(str(value)) for value in self.closed_values}

    def merged(self, overrides: dict) -> "Mapping":
        """This mapping with a file's keys on top (columns and dicts merge key by key)."""
        data = {
            "columns": dict(self.columns), "kinds": dict(self.kinds),
            "default_kind": self.default_kind, "themes": dict(self.themes),
            "countries": dict(self.countries), "defaults": dict(self.defaults),
            "closed_values": list(self.closed_values), "consent": dict(self.consent),
            "list_separator": self.list_separator,
            "precision_without_address": self.precision_without_address,
            "records": self.records, "licence": self.licence,
            "on_duplicate": self.on_duplicate,
        }
        for name, separator in self.splits.items():
            data[name]["split"] = separator
        for key, value in overrides.items():
            if key not in data:
                raise MappingError(
                    _("Unknown key in the mapping: %(key)s. Known keys: %(known)s.")
                    % {"key": key, "known": ", ".join(data)}
                )
            if isinstance(data[key], dict):
                if not isinstance(value, dict):
                    raise MappingError(_("%(key)s must be a dictionary.") % {"key": key})
                data[key].update(value)
            elif key == "closed_values":
                if not isinstance(value, list):
                    raise MappingError(_("closed_values must be a list."))
                data[key] = value
            else:
                data[key] = str(value)
        return Mapping(**data)

    def is_public(self, name: str) -> bool:
        return self.consent.get(name) is True


def read_mapping_file(path_or_file) -> dict:
    """The dictionary of a JSON or YAML mapping file (YAML is a superset of JSON)."""
    try:
        if hasattr(path_or_file, "read"):
            text = path_or_file.read()
        else:
            text = Path(path_or_file).read_bytes()
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        data = yaml.safe_load(text)
    except RecursionError as error:
        raise MappingError(
            _("Cannot read the mapping file: its values are nested too deeply.")) from error
    except (OSError, ValueError, yaml.YAMLError) as error:  # UnicodeDecodeError included
        raise MappingError(_("Cannot read the mapping file: %(error)s")
                           % {"error": str(error)[:300]}) from error
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise MappingError(_("A mapping file holds a dictionary (JSON object or YAML mapping)."))
    return data


EXAMPLE = {
    "external_id": "lab-001", "name": "Fablab de la Médina", "kind": "fablab",
    "themes": "digital-inclusion|education", "address": "12 rue des Artisans",
    "postcode": "", "city": "Dakar", "country": "SN", "latitude": "14.6937",
    "longitude": "-17.4441", "website": "https://fablab.example.org",
    "email": "contact@fablab.example.org", "phone": "+221 33 000 00 00",
    "contact_name": "", "short_description": "Un fablab ouvert à tous.",
    "description": "", "social_links": "https://www.facebook.com/fablab",
    "founded_year": "2016", "languages": "fr|wo", "is_women_led": "yes", "status": "active",
}


def csv_template() -> str:
    """Our CSV template: the header and one example row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    writer.writerow([EXAMPLE[name] for name in FIELDS])
    return buffer.getvalue()


# What each format's columns are called, before a mapping file overrides them.
PRESETS = {
    "csv": {},
    "geojson": {},
    "fablabs": {
        "columns": {
            "external_id": "slug", "name": "name", "kind": "kind_name",
            "address": ["address_1", "address_2"], "postcode": "postal_code",
            "city": "city", "country": "country_code", "latitude": "latitude",
            "longitude": "longitude", "website": "links", "social_links": "links",
            "email": "email", "phone": "phone", "short_description": "blurb",
            "description": "description", "themes": "capabilities",
            "status": "activity_status",
        },
        "kinds": {"fab_lab": "fablab", "mini_fab_lab": "fablab", "supernode": "fablab",
                  "mobile": "fablab", "fab lab": "fablab", "mini fab lab": "fablab"},
        "default_kind": "fablab",
        # Machines are not fields of innovation: reported once, not guessed. The CSV
        # export joins a lab's capabilities with ";": each is mapped on its own.
        "themes": {
            "split": ";",
            "three_d_printing": [], "cnc_milling": [], "circuit_production": [],
            "laser": [], "precision_milling": [], "vinyl_cutting": [],
        },
        "closed_values": ["closed", "inactive"],
    },
    "gogocarto": {
        "columns": {
            "external_id": "id", "name": "name", "kind": "categories",
            "themes": "categories", "address": "address.streetAddress",
            "postcode": "address.postalCode", "city": "address.addressLocality",
            "country": "address.addressCountry", "latitude": "geo.latitude",
            "longitude": "geo.longitude", "website": "website", "email": "email",
            "phone": "telephone", "short_description": "description",
            "description": "descriptionMore", "status": "status",
        },
        # GoGoCarto marks deleted or refused elements with a negative status.
        "closed_values": ["-1", "-2", "-3", "-4", "-5", "-6", "closed", "inactive"],
    },
    # Any JSON list of objects: a top-level list, or the list named by `records`.
    "json": {},
    # SpaceAPI documents (https://spaceapi.io): hackerspaces, with a point and an address
    # but no city field; the place comes from the point.
    "spaceapi": {
        "columns": {
            "name": "space", "address": "location.address",
            "country": "location.country_code", "latitude": "location.lat",
            "longitude": "location.lon", "website": "url", "email": "contact.email",
            "phone": "contact.phone", "social_links": "@social",
        },
        "default_kind": "makerspace",
    },
    # OpenStreetMap through Overpass (`[out:json]` with `out center;`): tags are columns;
    # the reader adds @id, @lat, @lon, @kind ("leisure=hackerspace"...) and @address.
    "osm": {
        "columns": {
            "external_id": "@id", "name": "name", "kind": "@kind",
            "address": "@address", "postcode": "addr:postcode", "city": "addr:city",
            "country": "addr:country", "latitude": "@lat", "longitude": "@lon",
            "website": ["website", "contact:website", "url"],
            "email": ["email", "contact:email"], "phone": ["phone", "contact:phone"],
            "social_links": "@social", "description": "description",
            "founded_year": "@start_year",
        },
        "kinds": {
            "hackerspace=fablab": "fablab", "hackerspace=makerspace": "makerspace",
            "leisure=hackerspace": "makerspace", "amenity=fablab": "fablab",
            "amenity=hackerspace": "makerspace", "office=coworking": "coworking",
            "amenity=coworking_space": "coworking", "office=coworking_space": "coworking",
            "amenity=coworking": "coworking",
        },
        "licence": "ODbL 1.0 (https://opendatacommons.org/licenses/odbl/1-0/), "
                   "© OpenStreetMap contributors",
    },
}


def build_mapping(fmt: str, overrides: dict | None = None) -> Mapping:
    return Mapping().merged(PRESETS[fmt]).merged(overrides or {})

