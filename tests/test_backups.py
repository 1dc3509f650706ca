"""manage.py backup / restore: a round trip through an emptied database keeps every row of
every model (history rows included) and every media file; a corrupted backup is refused."""

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from actors.models import Actor
from backups.services import MANIFEST, MANIFEST_CHECKSUM, read_manifest
from tests.factories import (
    ActorFactory,
    CityFactory,
    ThemeFactory,
    UserFactory,
    WorkshopFactory,
)

# Real transactions: the backup reads one snapshot, the restore loads in its own.
pytestmark = pytest.mark.django_db(transaction=True)

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da636400010000050001e21b0d1b0000000049454e44ae426082"
)


def counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy}


def checksums(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in root.rglob("*") if path.is_file()}


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def data(settings):
    UserFactory(username="official", email="official@example.org")
    # Themes: m2m fields with their own history rows (simple_history's m2m_fields).
    actor = ActorFactory(name="Lab de Douala", city=CityFactory(name="Douala"),
                         themes=[ThemeFactory(), ThemeFactory()])
    actor.logo.save("logo.png", ContentFile(PNG))
    actor.name = "Lab de Douala (renamed)"
    actor.save()  # a second history row
    ActorFactory.create_batch(3)
    WorkshopFactory()
    (Path(settings.MEDIA_ROOT) / "innovations").mkdir(parents=True, exist_ok=True)
    (Path(settings.MEDIA_ROOT) / "innovations" / "plan.pdf").write_bytes(b"%PDF-1.4 plan")
    return actor


def test_backup_wipe_restore_keeps_every_row_and_media_file(data, tmp_path, settings):
    before, media_before = counts(), checksums(Path(settings.MEDIA_ROOT))
    assert before["actors.HistoricalActor"] >= 5 and before["auth.User"] >= 1
    assert len(media_before) == 2

    report = run("backup", str(tmp_path / "backup"))
    assert "Backup written" in report
    manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text())
    assert manifest["row_counts"]["actors.Actor"] == 4
    assert manifest["database_vendor"] in {"sqlite", "postgresql"}
    assert "actors" in manifest["migrations"] and manifest["created"]
    assert {"database.json.gz", "media/innovations/plan.pdf"} <= set(manifest["files"])
    assert all(entry["size"] > 0 and len(entry["sha256"]) == 64
               for entry in manifest["files"].values())

    call_command("flush", interactive=False, verbosity=0)
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()
    assert Actor.objects.count() == 0

    report = run("restore", str(tmp_path / "backup"))
    assert "Restored" in report
    assert counts() == before
    assert checksums(Path(settings.MEDIA_ROOT)) == media_before
    restored = Actor.objects.get(pk=data.pk)
    assert restored.name == "Lab de Douala (renamed)" and restored.logo.read() == PNG
    assert restored.history.count() == data.history.count()


# PostgreSQL's sequences must follow the loaded ids, or the next insert collides.
def test_new_rows_after_a_restore_get_fresh_ids(data, tmp_path, settings):
    run("backup", str(tmp_path / "backup"))
    highest = Actor.objects.order_by("-pk").first().pk
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "new-media"
    run("restore", str(tmp_path / "backup"))
    assert ActorFactory(name="After the restore").pk > highest


def test_restore_refuses_a_database_that_is_not_empty(data, tmp_path):
    run("backup", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="database is not empty.*--force"):
        run("restore", str(tmp_path / "backup"))
    ActorFactory(name="Added after the backup")
    assert "Restored" in run("restore", str(tmp_path / "backup"), "--force")
    assert not Actor.objects.filter(name="Added after the backup").exists()
    assert Actor.objects.count() == 4


def test_a_corrupted_backup_is_refused(data, tmp_path, settings):
    backup = tmp_path / "backup"
    run("backup", str(backup))
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "empty-media"

    manifest = (backup / MANIFEST).read_text()
    (backup / MANIFEST).write_text(manifest.replace('"actors.Actor": 4', '"actors.Actor": 6'))
    with pytest.raises(CommandError, match="corrupted: manifest.json does not match"):
        run("restore", str(backup))
    (backup / MANIFEST).write_text(manifest)

    media = backup / "media" / "innovations" / "plan.pdf"
    media.write_bytes(b"%PDF-1.4 tampered")
    with pytest.raises(CommandError, match="corrupted: media/innovations/plan.pdf"):
        run("restore", str(backup))
    media.write_bytes(b"%PDF-1.4 plan")

    (backup / MANIFEST_CHECKSUM).unlink()
    with pytest.raises(CommandError, match="not a backup"):
        run("restore", str(backup))
    assert Actor.objects.count() == 0  # nothing was loaded


def test_backup_refuses_a_directory_that_is_not_empty(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "file").write_text("x")
    with pytest.raises(CommandError, match="not an empty directory"):
        run("backup", str(tmp_path / "old"))


def test_scheduled_backups_keep_the_newest_and_the_worker_runs_them(data, tmp_path, settings,
                                                                     monkeypatch):
    import datetime

    from django.utils import timezone

    settings.BACKUP_DIR = str(tmp_path / "scheduled")
    settings.BACKUP_KEEP = 2
    start = timezone.now()
    for hours in range(3):
        moment = start + datetime.timedelta(hours=hours)
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        run("scheduled_backup")
    kept = sorted(path.name for path in Path(settings.BACKUP_DIR).iterdir())
    assert len(kept) == 2 and kept[-1] == (start + datetime.timedelta(hours=2)).strftime(
        "%Y%m%dT%H%M%SZ")
    for name in kept:  # each one complete: its manifest and every file check out
        manifest = read_manifest(Path(settings.BACKUP_DIR) / name)
        assert manifest["row_counts"]["actors.Actor"] == Actor.objects.count()


def test_scheduled_backup_without_a_directory_is_a_clear_error(db, settings):
    settings.BACKUP_DIR = ""
    with pytest.raises(CommandError, match="BACKUP_DIR"):
        run("scheduled_backup")


def test_the_worker_schedules_backups_only_when_a_directory_is_set():
    import os
    import subprocess
    import sys

    code = ("import django, json; django.setup(); from django.conf import settings as s; "
            "print(json.dumps([job['command'] for job in s.WORKER_JOBS]))")
    root = Path(__file__).resolve().parent.parent

    def commands(**env):
        environment = {**os.environ, "DEBUG": "1",
                       "DJANGO_SETTINGS_MODULE": "aimf_innovation.settings", **env}
        if not env:
            environment.pop("BACKUP_DIR", None)
        out = subprocess.run([sys.executable, "-c", code], cwd=root, env=environment,
                             check=True, capture_output=True, text=True).stdout
        return json.loads(out.splitlines()[-1])

    assert "scheduled_backup" not in commands()
    assert "scheduled_backup" in commands(BACKUP_DIR="/var/backups/aimf")
