"""manage.py export_data DIR_OR_ZIP: every table of public interest, for AIMF staff."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stats.exports import export_data


class Command(BaseCommand):
    help = ("Export countries, cities, kinds, themes, actors, summits, workshops, people and "
            "participations as CSV (and GeoJSON for located rows) with a README and a "
            "LICENCE, into a directory or a .zip file. Published actors only, with only "
            "the contact details their organisations consented to publish.")

    def add_arguments(self, parser):
        parser.add_argument("target", help="A directory, or a file name ending in .zip.")
        parser.add_argument(
            "--include-private", action="store_true",
            help="Also export contact details NOT consented for publication (internal use).")
        parser.add_argument(
            "--all-statuses", action="store_true",
            help="Export actors of every status (pending, archived...), not only published.")
        parser.add_argument("--force", action="store_true",
                            help="Overwrite an existing zip file.")

    def handle(self, *args, target, include_private, all_statuses, force, **options):
        path = Path(target)
        if "\x00" in target or not target.strip():
            raise CommandError("The target must be a directory or a .zip file name.")
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent} is not a directory.")
        if path.suffix.lower() == ".zip":
            if path.is_dir():
                raise CommandError(f"{path} is a directory, not a zip file name.")
            if path.exists() and not force:
                raise CommandError(f"{path} already exists (use --force to overwrite it).")
        elif path.exists() and not path.is_dir():
            raise CommandError(f"{path} exists and is not a directory.")
        if include_private:
            self.stderr.write(self.style.WARNING(
                "Including personal contact details without consent: internal use only."))
        counts = export_data(path, include_private=include_private, all_statuses=all_statuses,
                             report=self.stdout.write)
        rows = sum(count for name, count, _description in counts if name.endswith(".csv"))
        self.stdout.write(self.style.SUCCESS(f"Exported {rows} rows into {path}."))
