"""manage.py restore DIR: a verified backup into an empty database and MEDIA_ROOT."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.services import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Restore a backup written by `manage.py backup`: checks the manifest and every "
            "file's SHA-256 first (a corrupted backup is refused), migrates, loads every row, "
            "copies the media files. The database must be empty (only what `migrate` creates) "
            "unless --force is given.")

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A directory written by `manage.py backup`.")
        parser.add_argument(
            "--force", action="store_true",
            help="Delete every row of the database first (media files of the same name are "
                 "overwritten, others are kept).")

    def handle(self, *args, directory, force, **options):
        try:
            report = restore_backup(Path(directory), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Restored from {directory}"))
