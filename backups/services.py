"""Backup and restore: a portable JSON dump of every table plus the media files, with a manifest.

Layout of a backup directory:
    database.json.gz   every row of every model (Django's serialisation, primary keys kept,
                       no natural keys), read in one transaction: a consistent snapshot
    media/...          a copy of MEDIA_ROOT
    manifest.json      date, database vendor, Django version, applied migrations, row counts
                       per model, size and SHA-256 of every file above
    manifest.sha256    the SHA-256 of manifest.json, so that an edited manifest is refused

JSON rather than pg_dump or a copy of the SQLite file: the same commands work on both
databases, and a backup taken on SQLite restores on PostgreSQL (and the reverse).
"""

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.test.utils import override_settings
from django.utils import timezone

FORMAT = 1
DATABASE_FILE = "database.json.gz"
MANIFEST = "manifest.json"
MANIFEST_CHECKSUM = "manifest.sha256"
MEDIA_DIR = "media"
# Rows `migrate` itself creates; they are replaced by the backup's own.
SCAFFOLDING = (ContentType, Permission)


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why."""


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        self.lines.append(line)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def concrete_models() -> list:
    return [model for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in concrete_models()}


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    loader = MigrationLoader(connections[using])
    state: dict[str, list[str]] = {}
    for app_label, name in sorted(loader.applied_migrations):
        state.setdefault(app_label, []).append(name)
    return state


def media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def _snapshot(target: Path) -> dict[str, int]:
    """Every row, and their counts, as seen by one read-only transaction."""
    connection = connections[DEFAULT_DB_ALIAS]
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # One snapshot for every table (the default, READ COMMITTED, takes one per query).
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        # SQLite: the first read of the transaction fixes what every later read sees.
        counts = row_counts()
        call_command("dumpdata", format="json", output=str(target), verbosity=0)
    return counts


def write_backup(directory: Path) -> Report:
    """Write a backup into `directory` (created; must be empty if it exists)."""
    report = Report()
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupError(f"{directory} exists and is not an empty directory.")
    directory.mkdir(parents=True, exist_ok=True)
    database = directory / DATABASE_FILE
    counts = _snapshot(database)
    report.add(f"database: {sum(counts.values())} rows of {len(counts)} models "
               f"-> {DATABASE_FILE}")
    media_root = Path(settings.MEDIA_ROOT)
    copied = 0
    for source in media_files(media_root):
        destination = directory / MEDIA_DIR / source.relative_to(media_root)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
        copied += 1
    report.add(f"media: {copied} files from {media_root}")
    files = {}
    for path in [database, *media_files(directory / MEDIA_DIR)]:
        files[path.relative_to(directory).as_posix()] = {
            "size": path.stat().st_size, "sha256": sha256_of(path)}
    manifest = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "database_vendor": connections[DEFAULT_DB_ALIAS].vendor,
        "django": django.get_version(),
        "migrations": applied_migrations(),
        "row_counts": counts,
        "files": files,
    }
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    (directory / MANIFEST).write_text(text, encoding="utf-8")
    (directory / MANIFEST_CHECKSUM).write_text(
        f"{hashlib.sha256(text.encode()).hexdigest()}  {MANIFEST}\n", encoding="utf-8")
    report.add(f"manifest: {len(files)} files with their SHA-256 -> {MANIFEST}")
    return report


def read_manifest(directory: Path) -> dict:
    """The manifest, after checking it and every file it lists; BackupError otherwise."""
    manifest_path, checksum_path = directory / MANIFEST, directory / MANIFEST_CHECKSUM
    if not manifest_path.is_file() or not checksum_path.is_file():
        raise BackupError(f"{directory} is not a backup: {MANIFEST} or {MANIFEST_CHECKSUM} "
                          "is missing.")
    raw = manifest_path.read_bytes()
    expected = checksum_path.read_text(encoding="utf-8", errors="replace").split()[:1]
    if expected != [hashlib.sha256(raw).hexdigest()]:
        raise BackupError(f"The backup is corrupted: {MANIFEST} does not match its checksum "
                          f"in {MANIFEST_CHECKSUM}.")
    try:
        manifest = json.loads(raw)
        files, migrations = manifest["files"], manifest["migrations"]
        if not isinstance(manifest["row_counts"], dict) or "format" not in manifest:
            raise KeyError("row_counts or format")
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"The backup is corrupted: {MANIFEST} is unreadable ({error}).") \
            from error
    if manifest["format"] != FORMAT:
        raise BackupError(f"Backup format {manifest['format']!r} is not supported "
                          f"(this version reads format {FORMAT}).")
    if DATABASE_FILE not in files:
        raise BackupError(f"The backup is corrupted: {DATABASE_FILE} is not in the manifest.")
    for name, expected_file in sorted(files.items()):
        path = directory / name
        if ".." in Path(name).parts or Path(name).is_absolute():
            raise BackupError(f"The backup is corrupted: unsafe file name {name!r}.")
        if not path.is_file():
            raise BackupError(f"The backup is corrupted: {name} is missing.")
        if path.stat().st_size != expected_file["size"] or \
                sha256_of(path) != expected_file["sha256"]:
            raise BackupError(f"The backup is corrupted: {name} does not match its size or "
                              "checksum in the manifest.")
    extra = {path.relative_to(directory).as_posix()
             for path in media_files(directory / MEDIA_DIR)} - set(files)
    if extra:
        raise BackupError(f"The backup is corrupted: files not in the manifest: "
                          f"{', '.join(sorted(extra)[:5])}.")
    known = MigrationLoader(None, ignore_no_migrations=True).graph.nodes
    unknown = [f"{app}.{name}" for app, names in migrations.items() for name in names
               if (app, name) not in known]
    if unknown:
        raise BackupError("The backup was made by a newer version of the platform (unknown "
                          f"migrations: {', '.join(unknown[:5])}); upgrade the code first.")
    return manifest


def data_rows() -> int:
    """Rows beyond those `migrate` creates on its own (content types, permissions)."""
    return sum(count for label, count in row_counts().items()
               if label not in {model._meta.label for model in SCAFFOLDING})


def restore_backup(directory: Path, *, force: bool = False) -> Report:
    """Restore a verified backup into an empty database (emptied first with force=True)."""
    report = Report()
    manifest = read_manifest(directory)
    report.add(f"verified: {len(manifest['files'])} files match the manifest "
               f"(backup of {manifest['created']}, {manifest['database_vendor']})")
    # The schema as it was at backup time, so that the rows fit; newer migrations after.
    for app_label, names in manifest["migrations"].items():
        call_command("migrate", app_label, names[-1], verbosity=0, interactive=False)
    media_root = Path(settings.MEDIA_ROOT)
    present, existing_media = data_rows(), media_files(media_root)
    if (present or existing_media) and not force:
        what = (f"the database is not empty ({present} rows)" if present
                else f"{media_root} is not empty ({len(existing_media)} files)")
        raise BackupError(
            f"Refused: {what}. Restore into an empty database and media directory, or add "
            "--force to delete every row first (media files of the same name are then "
            "overwritten).")
    with transaction.atomic():
        if present:
            call_command("flush", verbosity=0, interactive=False)
        for model in SCAFFOLDING[::-1]:
            model._default_manager.all().delete()
        ContentType.objects.clear_cache()
        # The history is in the backup: no new history row for the m2m fields loaddata sets
        # (django-simple-history records m2m changes even for raw fixture loads).
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(directory / DATABASE_FILE), verbosity=0)
        ContentType.objects.clear_cache()
        counts = row_counts()
        wrong = {label: (count, counts.get(label))
                 for label, count in manifest["row_counts"].items() if counts.get(label) != count}
        if wrong:
            raise BackupError(f"Restored row counts differ from the backup: {wrong}.")
    report.add(f"database: {sum(manifest['row_counts'].values())} rows restored")
    restored = 0
    for name in manifest["files"]:
        if name.startswith(f"{MEDIA_DIR}/"):
            destination = media_root / Path(name).relative_to(MEDIA_DIR)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(directory / name, destination)
            restored += 1
    report.add(f"media: {restored} files restored into {media_root}")
    call_command("migrate", verbosity=0, interactive=False)
    report.add("migrations: the database is at the code's latest schema")
    return report
