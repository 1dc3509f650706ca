"""import_actors(): read, map, place and write a whole file in one transaction."""

import sys
from itertools import islice

from django.db import IntegrityError, transaction
from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from actors.duplicates import DuplicatePolicy, ImportDuplicates
from actors.importers.mapping import Mapping, MappingError, build_mapping
from actors.importers.places import PlaceResolver
from actors.importers.readers import READERS, ImportFileError
from actors.importers.records import RecordMapper
from actors.importers.report import ImportReport
from actors.importers.writer import BatchWriter
from cities.input_rules import text_problem

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
    report = ImportReport(source=source, dry_run=dry_run)
    if progress is None:
        progress = sys.stderr.isatty()
    try:
        with transaction.atomic():
            places = PlaceResolver(mapping_countries=mapping.countries, report=report)
            mapper = RecordMapper(mapping=mapping, provided=reader.provided, places=places,
                                  report=report, unit=reader.unit,
                                  only_countries=only_countries)
            writer = BatchWriter(source=source, report=report, publish=publish,
                                 skip_closed=closed == ClosedPolicy.SKIP, user=user,
                                 duplicates=ImportDuplicates(source=source, report=report,
                                                             policy=on_duplicate))
            seen: dict[str, int] = {}
            bar = tqdm(iter(reader), total=reader.total, unit=" rows",
                       disable=not progress, mininterval=0.5)
            records = iter(bar)  # one iterator: islice must not restart tqdm's
            while chunk := list(islice(records, batch_size)):
                batch = []
                for line, record in chunk:
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
                    batch.append(candidate)
                writer.write(batch)
            bar.close()
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


__all__ = ["ClosedPolicy", "ImportFileError", "MappingError", "import_actors"]
