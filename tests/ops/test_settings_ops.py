"""Operations settings from the environment: ADMINS, Sentry only when configured, JSON
logs in production, SQLite's concurrency options."""

import json

from tests.test_settings import PRODUCTION, run

SHOW = """
import json, django
django.setup()
from django.conf import settings
import sentry_sdk
print(json.dumps({
    "admins": [list(admin) for admin in settings.ADMINS],
    "sentry": sentry_sdk.get_client().is_active(),
    "log_format": settings.LOG_FORMAT,
    "sqlite": settings.DATABASES["default"].get("OPTIONS", {}),
    "cache": settings.CACHES["default"]["BACKEND"],
    "ignore": settings.CACHES["default"].get("OPTIONS", {}).get("IGNORE_EXCEPTIONS"),
}))
"""


def show(**env):
    result = run(SHOW, **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_admins_come_from_the_environment_and_sentry_stays_off_without_a_dsn():
    shown = show(ADMINS="Équipe Ops <ops@example.org>, dev@example.org",
                 REDIS_URL="redis://127.0.0.1:6399/0")
    assert shown["admins"] == [["Équipe Ops", "ops@example.org"], ["", "dev@example.org"]]
    assert shown["sentry"] is False
    assert shown["log_format"] == "json"
    assert shown["cache"] == "django_redis.cache.RedisCache" and shown["ignore"] is True
    assert shown["sqlite"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in shown["sqlite"]["init_command"]


def test_sentry_is_initialised_when_a_dsn_is_set():
    assert show(SENTRY_DSN="https://public@sentry.example.org/1")["sentry"] is True
