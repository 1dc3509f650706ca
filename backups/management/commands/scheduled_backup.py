"""manage.py scheduled_backup: a backup into BACKUP_DIR/<UTC time>/, keeping the newest
BACKUP_KEEP; the worker runs it daily when BACKUP_DIR is set."""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from backups.services import BackupError, write_backup

STAMP = "%Y%m%dT%H%M%SZ"


class Command(BaseCommand):
    help = ("Write a backup into a new folder of BACKUP_DIR named by the time (UTC), then "
            "remove the oldest backups beyond BACKUP_KEEP.")

    def handle(self, *args, **options):
        if not settings.BACKUP_DIR:
            raise CommandError("BACKUP_DIR is not set: there is nowhere to write backups.")
        root = Path(settings.BACKUP_DIR)
        target = root / timezone.now().strftime(STAMP)
        try:
            report = write_backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(f"Backup written to {target}")
        # Only complete backups (with their manifest) count; the newest are kept.
        complete = sorted(path for path in root.iterdir()
                          if path.is_dir() and (path / "manifest.json").exists())
        for old in complete[:-settings.BACKUP_KEEP]:
            shutil.rmtree(old)
            self.stdout.write(f"Removed the old backup {old}")
