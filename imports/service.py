"""import_actors(): read, map, place and write a whole file in one transaction."""

import sys
from operator import attrgetter

from django.db import IntegrityError, connection, transaction
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from actors.duplicates import DuplicatePolicy, ImportDuplicates
from cities.input_rules import text_problem
from imports.mapping import Mapping, MappingError, build_mapping
from imports.models import ImportSource
from imports.places import PlaceResolver
from imports.readers import READERS, ImportFileError
from imports.records import Candidate, RecordMapper, spelling_key
from imports.report import ImportReport
from imports.writer import BatchWriter

BATCH_SIZE = 1000


class ClosedPolicy(TextChoices):
    """What becomes of records the source marks closed or inactive."""

    ARCHIVE = "archive", gettext_lazy("Import them as archived")
    SKIP = "skip", gettext_lazy("Skip them")


def import_actors(
    *,
    source_file,
    fmt: str,
    source: str,
    mapping: dict | Mapping | None = None,
    dry_run: bool = False,
    publish: bool = False,
    closed: str = ClosedPolicy.ARCHIVE,
    user=None,
    progress: bool | None = None,
    only_countries: set[str] | None = None,
    batch_size: int = BATCH_SIZE,
    on_duplicate: str | None = None,
) -> ImportReport:
    """Import the actors of a file (a path or a binary file object).

    Raises ImportFileError (or MappingError) with nothing written when the file cannot be
    read; otherwise returns the report, every record accounted for. A dry run does all the
    work, then rolls it back, so its report is exactly what a real run would do.
    """
    if fmt not in READERS:
        raise ImportFileError(_("Unknown format %(format)s.") % {"format": fmt})
    source = " ".join((source or "").split())
    if not source or len(source) > 100:
        raise ImportFileError(_("Give the source a name of 1 to 100 characters."))
    problem = text_problem(source)
    if problem:
        raise ImportFileError(f"source: {problem}")
    if not isinstance(mapping, Mapping):
        mapping = build_mapping(fmt, mapping)
    on_duplicate = on_duplicate or mapping.on_duplicate or DuplicatePolicy.FLAG
    if on_duplicate not in DuplicatePolicy.values:
        raise ImportFileError(_("Unknown duplicate policy %(policy)s.") % {"policy": on_duplicate})
    reader = READERS[fmt](source_file, mapping)
    report = ImportReport(source=source, dry_run=dry_run,
                          encoding=getattr(reader, "encoding", "utf-8"))
    if progress is None:
        progress = sys.stderr.isatty()
    try:
        with transaction.atomic():
            plain_plans()
            places = PlaceResolver(mapping_countries=mapping.countries, report=report)
            mapper = RecordMapper(mapping=mapping, provided=reader.provided, places=places,
                                  report=report, unit=reader.unit,
                                  only_countries=only_countries)
            writer = BatchWriter(source=source, report=report, publish=publish,
                                 skip_closed=closed == ClosedPolicy.SKIP, user=user,
                                 places=places,
                                 duplicates=ImportDuplicates(source=source, report=report,
                                                             policy=on_duplicate))
            bar = tqdm(iter(reader), total=reader.total, unit=" rows",
                       disable=not progress, mininterval=0.5)
            candidates = judge(bar, mapper, report)
            bar.close()
            for start in range(0, len(candidates), batch_size):
                writer.write(candidates[start:start + batch_size])
            record_source(source=source, licence=mapping.licence)
            report.notes.sort(key=attrgetter("line"))  # the report reads in file order
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError as error:
        # Another import (or an edit) wrote the same record or slug meanwhile.
        raise ImportFileError(
            _("The database refused a record (%(error)s), probably because another import "
              "of this source ran at the same time. Nothing was imported; run it again.")
            % {"error": str(error).splitlines()[0][:200]}
        ) from error
    finally:
        reader.close()
    return report


def judge(records, mapper: RecordMapper, report: ImportReport) -> list[Candidate]:
    """The first pass: every record read, mapped and placed, nothing written, so that the
    order of the rows never matters. A record whose city is not found but is created by
    another record of the file (one with coordinates) is placed in that city; records
    that stay unplaced are rejected. Returns the accepted records in file order."""
    candidates: list[Candidate] = []
    seen: dict[str, int] = {}
    new_places: dict[tuple, object] = {}
    shared: dict[int, object] = {}
    theme_sets: dict[frozenset, frozenset] = {}
    for line, record in records:
        candidate = mapper.build(line, record)
        if candidate is None:
            continue
        if candidate.key in seen:
            report.duplicates += 1
            report.skip(line, candidate.label, _(
                "duplicate of line %(line)d (same identifier %(key)r): ignored."
            ) % {"line": seen[candidate.key], "key": candidate.key})
            continue
        seen[candidate.key] = line
        candidates.append(candidate)
        resolution = candidate.resolution
        if resolution is not None and resolution.city is not None and not resolution.notes:
            # One resolution per existing city and one set per theme combination.
            candidate.resolution = shared.setdefault(resolution.city.pk, resolution)
        if candidate.themes is not None:
            candidate.themes = theme_sets.setdefault(candidate.themes, candidate.themes)
        if resolution is not None and resolution.city is None and resolution.country:
            # A city this record brings, under its place's name (not the record's own
            # spelling, which may be junk the point corrected).
            key = spelling_key(getattr(resolution.place, "name", "") or "")
            if key:
                new_places.setdefault((resolution.country.pk, key), resolution)
    accepted = []
    for candidate in candidates:
        if candidate.unresolved:
            resolution = new_places.get(candidate.city_spelling)
            if resolution is None:
                report.reject(candidate.line, candidate.label, candidate.unresolved)
                continue
            candidate.resolution, candidate.unresolved = resolution, ""
        for note in candidate.notes:
            report.warn(candidate.line, candidate.label, note)
        accepted.append(candidate)
    return accepted


def plain_plans() -> None:
    """PostgreSQL: no JIT compilation for the run's transaction. The tables grow by
    thousands of rows per batch inside it, invisible to the planner's statistics, whose
    stale estimates otherwise make it compile (tens of ms) each batch's INSERT ... SELECT
    for a few ms of work."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def record_source(*, source: str, licence: str) -> None:
    """The source's name and licence, kept for attribution, and the date of its latest
    import (one UPDATE on later runs; a licence change is saved with its history)."""
    now = timezone.now()
    if not ImportSource.objects.filter(name=source).update(last_imported_at=now):
        ImportSource.objects.create(name=source, licence=licence, last_imported_at=now)
    elif licence:
        for changed in ImportSource.objects.filter(name=source).exclude(licence=licence):
            changed.licence = licence
            changed.save(update_fields=["licence"])


__all__ = ["ClosedPolicy", "ImportFileError", "MappingError", "import_actors"]
