"""manage.py backup DIR: a consistent database dump, the media files and a manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.services import BackupError, write_backup


class Command(BaseCommand):
    help = ("Write a backup into DIR (new or empty): every row of the database as JSON, read "
            "in one transaction, a copy of MEDIA_ROOT, and manifest.json with the sizes and "
            "SHA-256 of every file, the applied migrations and the row counts.")

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A new or empty directory.")

    def handle(self, *args, directory, **options):
        try:
            report = write_backup(Path(directory))
        except BackupError as error:
            raise CommandError(str(error)) from error
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {directory}"))
