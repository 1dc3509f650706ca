"""Import actors from a CSV, GeoJSON, fablabs.io, GoGoCarto, SpaceAPI, OSM or JSON file."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from actors.duplicates import DuplicatePolicy
from imports import FORMATS, ClosedPolicy, ImportFileError, import_actors
from imports.mapping import MappingError, read_mapping_file


class Command(BaseCommand):
    help = (
        "Import actors from a file. A record is identified by --source and its external id "
        "(or its name and city), so a second run updates rather than duplicates. Imported "
        "actors wait for moderation unless --publish is given; closed records are archived "
        "(or skipped with --closed skip). Nothing is written when the file cannot be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to import.")
        parser.add_argument("--format", choices=FORMATS, default="csv", dest="fmt",
                            help="The file's format (default: csv).")
        parser.add_argument("--source", required=True,
                            help="The source's name, e.g. 'fablabs.io' (kept on each actor).")
        parser.add_argument("--mapping", help="A JSON or YAML mapping file (see docs/import.md).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Show what would change, and change nothing.")
        parser.add_argument("--publish", action="store_true",
                            help="Publish new actors (and pending ones) instead of leaving "
                                 "them for moderation.")
        parser.add_argument("--closed", choices=ClosedPolicy.values,
                            default=ClosedPolicy.ARCHIVE,
                            help="Closed or inactive records: import as archived, or skip.")
        parser.add_argument("--on-duplicate", choices=DuplicatePolicy.values,
                            help="Records that may duplicate an actor of another source: "
                                 "flag (default: create, held for moderation, listed for "
                                 "staff), skip, or create. Overrides the mapping's "
                                 "on_duplicate.")
        parser.add_argument("--user", help="Username recorded in the history as the importer.")
        parser.add_argument("--no-progress", action="store_true",
                            help="No progress bar, even on a terminal.")

    def handle(self, *args, path, fmt, source, mapping, dry_run, publish, closed, user,
               no_progress, verbosity, on_duplicate=None, **options):
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(_("No user named %(user)r.") % {"user": user})
        try:
            overrides = read_mapping_file(mapping) if mapping else None
            report = import_actors(
                source_file=path, fmt=fmt, source=source, mapping=overrides,
                dry_run=dry_run, publish=publish, closed=closed, user=importer,
                progress=None if not no_progress and verbosity > 0 else False,
                on_duplicate=on_duplicate,
            )
        except (ImportFileError, MappingError) as error:
            raise CommandError(_("%(path)s: %(error)s Nothing was imported.")
                               % {"path": path, "error": error}) from error
        for number, line in enumerate(report.lines()):
            if number == 0:
                style = self.style.SUCCESS if report.succeeded else self.style.ERROR
            elif line.startswith(("rejected", "rejeté")):
                style = self.style.WARNING
            else:
                style = str
            self.stdout.write(style(line))
        if not report.succeeded:
            raise CommandError(_("Nothing could be imported."))
