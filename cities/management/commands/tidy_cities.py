"""manage.py tidy_cities [--dry-run]: attach cities to the gazetteer, merge duplicates."""

from django.core.management.base import BaseCommand

from cities.tidying import tidy_cities


class Command(BaseCommand):
    help = ("Attach every city without a GeoNames id to its gazetteer place (by name in "
            "its country, else by its point) and merge cities that are the same place: "
            "their organisations and other links move, the old address redirects.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Report what would be done, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        report = tidy_cities(dry_run=dry_run)
        for line in report.lines:
            self.stdout.write(line)
        prefix = "Dry run, nothing changed: " if dry_run else ""
        self.stdout.write(prefix + report.summary())
