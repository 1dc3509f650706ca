"""The checks behind /readyz/: each returns (ok, details) and never raises."""

import datetime
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

_migrations_applied = False


def check_database() -> tuple[bool, dict]:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return False, {"error": exc.__class__.__name__}
    return True, {}


def check_cache() -> tuple[bool, dict]:
    # The cache swallows its errors (a miss), so a round trip is the only way to know.
    key, token = "ops:readyz", uuid.uuid4().hex
    try:
        cache.set(key, token, 10)
        ok = cache.get(key) == token
    except Exception as exc:  # noqa: BLE001
        return False, {"error": exc.__class__.__name__}
    return ok, {} if ok else {"error": "no round trip"}


def check_migrations() -> tuple[bool, dict]:
    global _migrations_applied  # noqa: PLW0603 - once applied, they stay applied
    if _migrations_applied:
        return True, {}
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # noqa: BLE001
        return False, {"error": exc.__class__.__name__}
    _migrations_applied = not plan
    return not plan, {"unapplied": len(plan)}


def check_mail_queue() -> tuple[bool, dict]:
    from mailer.models import PRIORITY_DEFERRED, Message

    try:
        now = timezone.now()
        due = Message.objects.exclude(priority=PRIORITY_DEFERRED)
        oldest = due.order_by("when_added").values_list("when_added", flat=True).first()
        deferred = Message.objects.filter(priority=PRIORITY_DEFERRED).count()
        queued = due.count()
    except Exception as exc:  # noqa: BLE001
        return False, {"error": exc.__class__.__name__}
    age = int((now - oldest).total_seconds()) if oldest else 0
    details = {"queued": queued, "deferred": deferred, "oldest_queued_seconds": age}
    return age <= settings.MAIL_BACKLOG_MAX_AGE, details


def check_worker() -> tuple[bool, dict]:
    from ops.models import JobState

    try:
        beat = JobState.objects.filter(name="worker").values_list(
            "last_run_at", flat=True).first()
    except Exception as exc:  # noqa: BLE001
        return False, {"error": exc.__class__.__name__}
    if beat is None:
        return False, {"heartbeat": None}
    age = timezone.now() - beat
    ok = age <= datetime.timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE)
    return ok, {"heartbeat_seconds_ago": int(age.total_seconds())}


CHECKS = {
    "database": check_database,
    "migrations": check_migrations,
    "cache": check_cache,
    "mail_queue": check_mail_queue,
    "worker": check_worker,
}


def readiness() -> tuple[bool, dict]:
    """Every check; ready unless a check named in READYZ_CRITICAL fails."""
    results, ready, degraded = {}, True, False
    database_ok = True
    for name, check in CHECKS.items():
        if not database_ok and name in {"migrations", "mail_queue", "worker"}:
            ok, details = False, {"error": "database unavailable"}
        else:
            ok, details = check()
        if name == "database":
            database_ok = ok
        critical = name in settings.READYZ_CRITICAL
        results[name] = {"ok": ok, "critical": critical, **details}
        if not ok:
            ready = ready and not critical
            degraded = True
    status = "ok" if not degraded else ("degraded" if ready else "unavailable")
    return ready, {"status": status, "checks": results}
