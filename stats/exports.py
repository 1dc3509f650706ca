"""The full data export for AIMF staff: every table of public interest as CSV (and GeoJSON
for located rows), with a README and a LICENCE, into a directory or a zip file.

Rows are read in batches (`iterator(chunk_size=...)`) and written as they come, so the
export of 100,000 actors never holds them all in memory.
"""

import csv
import datetime
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import orjson
from django.conf import settings
from django.utils import timezone

from actors.models import Actor, ActorKind, Theme
from cities.api.base import attribution_text, licence_members, spreadsheet_safe
from cities.models import City, Country
from workshops.models import Participation, Person, Summit, Workshop

BATCH_SIZE = 2000


def text(value) -> str | int | float | bool | None:
    """A cell as CSV and GeoJSON take it: lists joined by |, dates in ISO 8601."""
    if isinstance(value, (list, tuple)):
        return "|".join(str(item) for item in value)
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


@dataclass
class Table:
    """One exported table: its file name, rows, columns and (when located) its point."""

    name: str
    rows: Callable[[], object]  # a queryset
    columns: dict[str, Callable]
    point: Callable | None = None  # row -> (longitude, latitude) or None
    description: str = ""

    def records(self) -> Iterator[tuple[dict, tuple | None]]:
        for row in self.rows().iterator(chunk_size=BATCH_SIZE):
            yield ({name: text(get(row)) for name, get in self.columns.items()},
                   self.point(row) if self.point else None)


def themes_of(actor) -> list[str]:
    # Read from the prefetched themes (one query per batch), in the taxonomy's order.
    return [theme.slug for theme in sorted(actor.themes.all(),
                                           key=lambda theme: (theme.position, theme.name_fr))]


def actor_columns(include_private: bool) -> dict[str, Callable]:
    def consented(field: str, flag: str) -> Callable:
        if include_private:
            return lambda actor: getattr(actor, field)
        return lambda actor: getattr(actor, field) if getattr(actor, flag) else ""

    columns = {
        "id": lambda a: a.pk, "slug": lambda a: a.slug, "name": lambda a: a.name,
        "kind": lambda a: a.kind.slug, "themes": themes_of, "city": lambda a: a.city.slug,
        "country": lambda a: a.city.country.code.code, "latitude": lambda a: a.latitude,
        "longitude": lambda a: a.longitude, "location_precision": lambda a: a.location_precision,
        "address": lambda a: a.address, "short_description": lambda a: a.short_description,
        "description": lambda a: a.description, "website": lambda a: a.website,
        "social_links": lambda a: a.social_links,
        "contact_name": consented("contact_name", "contact_name_is_public"),
        "email": consented("email", "email_is_public"),
        "phone": consented("phone", "phone_is_public"),
        "founded_year": lambda a: a.founded_year, "languages": lambda a: a.languages,
        "is_women_led": lambda a: a.is_women_led, "accessibility": lambda a: a.accessibility,
        "verified_at": lambda a: a.verified_at, "status": lambda a: a.status,
        "source": lambda a: a.source, "created_at": lambda a: a.created_at,
        "updated_at": lambda a: a.updated_at,
    }
    if include_private:
        columns.update({
            "contact_name_is_public": lambda a: a.contact_name_is_public,
            "email_is_public": lambda a: a.email_is_public,
            "phone_is_public": lambda a: a.phone_is_public,
        })
    return columns


def field(name: str) -> Callable:
    return lambda row: getattr(row, name)


def tables(*, include_private: bool = False, all_statuses: bool = False) -> list[Table]:
    actors = Actor.objects.all() if all_statuses else Actor.objects.published()
    return [
        Table("countries", lambda: Country.objects.order_by("code"), {
            "code": lambda c: c.code.code, "name": lambda c: c.name,
            "region": field("region"), "is_global_south": field("is_global_south"),
        }, description="ISO 3166 countries, UN M49 region, global South (true) or North."),
        Table("cities", lambda: City.objects.select_related("country").order_by("pk"), {
            "id": field("pk"), "slug": field("slug"), "name": field("name"),
            "country": lambda c: c.country.code.code, "latitude": field("latitude"),
            "longitude": field("longitude"), "population": field("population"),
            "is_aimf_member": field("is_aimf_member"), "website": field("website"),
            "alternate_names": field("alternate_names"), "geonames_id": field("geonames_id"),
        }, point=lambda c: (c.longitude, c.latitude),
            description="Cities: AIMF members and the cities of registered actors."),
        Table("kinds", lambda: ActorKind.objects.order_by("position", "pk"), {
            "slug": field("slug"), "name_fr": field("name_fr"), "name_en": field("name_en"),
            "colour": field("colour"), "description": field("description"),
        }, description="Kinds of actors (fablab, incubator...)."),
        Table("themes", lambda: Theme.objects.order_by("position", "pk"), {
            "slug": field("slug"), "name_fr": field("name_fr"), "name_en": field("name_en"),
        }, description="Themes of local innovation."),
        Table("actors", lambda: actors.select_related("kind", "city__country")
              .prefetch_related("themes").order_by("pk"),
              actor_columns(include_private), point=lambda a: (a.longitude, a.latitude),
              description=("Actors of local innovation"
                           + ("" if all_statuses else ", published only")
                           + (". Contact details INCLUDED WITHOUT CONSENT CHECK: internal use "
                              "only." if include_private else "; contact details only where "
                              "the organisation consented to publish them."))),
        Table("summits", lambda: Summit.objects.select_related("city__country").order_by("pk"), {
            "id": field("pk"), "slug": field("slug"), "name": field("name"),
            "city": lambda s: s.city.slug, "country": lambda s: s.city.country.code.code,
            "place": field("place"), "start_date": field("start_date"),
            "end_date": field("end_date"), "time_zone": field("time_zone"),
            "website": field("website"), "description": field("description"),
        }, point=lambda s: (s.city.longitude, s.city.latitude),
            description="AIMF summits, placed at their host city."),
        Table("workshops", lambda: Workshop.objects.select_related("summit", "theme")
              .order_by("pk"), {
            "id": field("pk"), "slug": field("slug"), "title": field("title"),
            "summit": lambda w: w.summit.slug, "theme": lambda w: w.theme.slug if w.theme else "",
            "date": field("date"), "start_time": field("start_time"),
            "end_time": field("end_time"), "format": field("format"), "venue": field("venue"),
            "venue_address": field("venue_address"), "guiding_question": field("guiding_question"),
        }, point=lambda w: (None if w.venue_latitude is None
                            else (w.venue_longitude, w.venue_latitude)),
            description="Workshops of the summits (located at their venue when known)."),
        Table("people", lambda: Person.objects.select_related("actor", "city").order_by("pk"), {
            "id": field("pk"), "slug": field("slug"), "name": field("name"),
            "title": field("title"), "organisation": field("organisation"),
            "actor": lambda p: p.actor.slug if p.actor else "",
            "city": lambda p: p.city.slug if p.city else "",
        }, description="Public speakers of the summits (name, function, organisation)."),
        Table("participations", lambda: Participation.objects
              .select_related("workshop", "person").order_by("pk"), {
            "workshop": lambda p: p.workshop.slug, "person": lambda p: p.person.slug,
            "role": field("role"), "topic": field("topic"), "position": field("position"),
        }, description="Who spoke at which workshop, in which role."),
    ]


class Output:
    """Files written into a directory, or members of a zip file (written to a temporary
    file first, so that a failed export never leaves half a zip behind)."""

    def __init__(self, target: Path):
        self.target = target
        self.is_zip = target.suffix.lower() == ".zip"
        self.zip = None

    def __enter__(self):
        if self.is_zip:
            handle, self.temporary = tempfile.mkstemp(suffix=".zip", dir=self.target.parent)
            os.close(handle)
            self.zip = zipfile.ZipFile(self.temporary, "w", zipfile.ZIP_DEFLATED)
        else:
            self.target.mkdir(parents=False, exist_ok=True)
        return self

    def __exit__(self, exc_type, exc, traceback):
        if self.zip is not None:
            self.zip.close()
            if exc_type is None:
                shutil.move(self.temporary, self.target)
            else:
                os.unlink(self.temporary)

    @contextmanager
    def open(self, name: str):
        if self.zip is not None:
            member = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            with self.zip.open(member, "w", force_zip64=True) as raw:
                yield raw
        else:
            with open(self.target / name, "wb") as raw:
                yield raw


def write_csv(output: Output, table: Table) -> int:
    count = 0
    with output.open(f"{table.name}.csv") as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        writer = csv.writer(stream)
        writer.writerow(list(table.columns))
        for record, _point in table.records():
            writer.writerow(["" if value is None else spreadsheet_safe(value)
                             for value in record.values()])
            count += 1
        stream.flush()
        stream.detach()
    return count


def write_geojson(output: Output, table: Table, members: dict) -> int:
    count = 0
    with output.open(f"{table.name}.geojson") as raw:
        head = orjson.dumps({"type": "FeatureCollection", **members})
        raw.write(head[:-1] + b',"features":[')  # the features stream in after the members
        for record, point in table.records():
            geometry = None if point is None else {"type": "Point", "coordinates": list(point)}
            raw.write((b"," if count else b"") + orjson.dumps(
                {"type": "Feature", "geometry": geometry, "properties": record}))
            count += 1
        raw.write(b"]}")
    return count


def readme(counts: list[tuple[str, int, str]], *, include_private: bool,
           all_statuses: bool) -> str:
    licence = settings.DATA_LICENCE
    lines = [
        f"# {settings.DATA_PUBLISHER}: full data export",
        "",
        f"Exported on {timezone.now().isoformat(timespec='seconds')}.",
        "",
        "## Licence and attribution",
        "",
        f"Licence: {licence['name']} ({licence['url']}).",
        f"Credit when reusing: {attribution_text()}",
        "",
        "Sources:",
        *(f"- {source['name']} ({source['url']}), {source['licence']}"
          for source in settings.DATA_ATTRIBUTIONS),
        "",
        "## Files",
        "",
        "CSV files are UTF-8 (with a BOM for spreadsheets), comma-separated, with a header "
        "row; lists are joined with |. GeoJSON files (RFC 7946, WGS 84) carry the same rows "
        "as Features, and the licence in top-level members `licence`, `attribution`, "
        "`source`.",
        "",
        "| file | rows | content |",
        "|---|---|---|",
        *(f"| {name} | {count} | {description} |" for name, count, description in counts),
        "",
    ]
    if include_private:
        lines += ["**This export includes personal contact details whose publication was "
                  "not consented to (--include-private). Internal use only: do not "
                  "publish it.**", ""]
    if all_statuses:
        lines += ["Actors of every status are included (pending, rejected, archived...): "
                  "see the `status` column.", ""]
    return "\n".join(lines)


def licence_text() -> str:
    licence = settings.DATA_LICENCE
    return (f"{attribution_text()}\n\nThe data of this export is licensed under "
            f"{licence['name']}: {licence['url']}\n")


def export_data(target: Path, *, include_private: bool = False, all_statuses: bool = False,
                report: Callable[[str], None] = print) -> list[tuple[str, int, str]]:
    """Write every table, then the README and LICENCE; report one line per file."""
    counts = []
    members = licence_members()
    with Output(target) as output:
        for table in tables(include_private=include_private, all_statuses=all_statuses):
            written = write_csv(output, table)
            counts.append((f"{table.name}.csv", written, table.description))
            report(f"{table.name}.csv: {written} rows")
            if table.point is not None:
                written = write_geojson(output, table, members)
                counts.append((f"{table.name}.geojson", written, table.description))
                report(f"{table.name}.geojson: {written} features")
        for name, body in (("README.md", readme(counts, include_private=include_private,
                                                 all_statuses=all_statuses)),
                           ("LICENCE.txt", licence_text())):
            with output.open(name) as raw:
                raw.write(body.encode("utf-8"))
            report(f"{name}: written")
    return counts
