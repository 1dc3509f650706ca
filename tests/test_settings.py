"""Settings: production hardening from DEBUG=0, refusal without a secret, headers."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_SECRET = "k" * 20 + "3f9$Q!a7Zp@e2Lw#R8u*Nc5Vb1Xm6Td0Hs4Gj"

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
call_command("collectstatic", interactive=False, verbosity=0)
client = Client(SERVER_NAME="innovations-locales.example.org")
plain = client.get("/no-such-page/")
secure = client.get("/no-such-page/", secure=True)
print(json.dumps({
    "redirect": [plain.status_code, plain.headers.get("Location")],
    "hsts": secure.headers.get("Strict-Transport-Security"),
    "csp": secure.headers.get("Content-Security-Policy"),
    "cookies_secure": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
    "not_found": [secure.status_code, "Page introuvable" in secure.content.decode()],
}))
"""


def run(code_or_args, **env):
    environment = {
        key: value for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL",
                       "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="aimf_innovation.settings", **env)
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True,
        timeout=120,
    )


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": REAL_SECRET,
              "ALLOWED_HOSTS": "innovations-locales.example.org"}


def test_production_settings_pass_the_deploy_check():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_redirects_to_https_and_sends_hsts(tmp_path):
    result = run(PROBE, **PRODUCTION, STATIC_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["redirect"] == [301, "https://innovations-locales.example.org/no-such-page/"]
    assert probe["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in probe["csp"]
    assert probe["cookies_secure"] == [True, True]
    assert probe["not_found"] == [404, True]  # the styled 404 page works with hashed statics


@pytest.mark.parametrize(
    "secret", ["", "short", "django-insecure-" + "x" * 60, "a" * 60],
    ids=["missing", "short", "insecure-prefix", "repetitive"],
)
def test_production_refuses_to_start_without_a_real_secret(secret):
    result = run(["manage.py", "check"], **{**PRODUCTION, "SECRET_KEY": secret})
    assert result.returncode != 0
    assert "SECRET_KEY must be set to a long random value when DEBUG=0" in result.stderr


def test_any_command_says_why_the_configuration_is_refused():
    """Not a confusing AppRegistryNotReady: the settings' own reason."""
    result = run(["manage.py", "makemigrations", "--check", "--dry-run"])
    assert result.returncode != 0
    assert "SECRET_KEY must be set to a long random value when DEBUG=0" in result.stderr
    assert "AppRegistryNotReady" not in result.stderr


def test_development_needs_no_secret():
    result = run(["manage.py", "check"], DEBUG="1")
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_html_responses_carry_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "https://tile.openstreetmap.org" in csp  # map tiles are the only outside source
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.django_db
def test_database_url_selects_the_engine():
    from django.conf import settings

    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else (
        "sqlite3"
    )
    assert settings.DATABASES["default"]["ENGINE"].endswith(expected)
