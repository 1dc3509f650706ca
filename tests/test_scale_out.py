"""Two application instances sharing PostgreSQL and Redis behave as one: a session opened on
one is valid on the other, the anonymous rate limit and a key's quota count requests made to
both, a cache entry written by one is read by the other and an edit shows on both.

The two gunicorn servers run in production mode (DEBUG=0) on the test database; the test is
skipped on SQLite (one file is no shared deployment) or when Redis is not reachable. Redis:
SCALE_OUT_REDIS_URL, by default DB 5 of the local server, emptied before and after.

The e-mail queue is shared too: a message queued by a request to one instance is sent once
by a worker process of the other deployment (`send_queued_mail`), and never again.
"""

import contextlib
import gzip
import json
import os
import pickle
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection

from partners.services import issue_key
from tests.factories import ActorFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("SCALE_OUT_REDIS_URL", "redis://127.0.0.1:6379/5")
PORTS = range(8501, 8520)
PASSWORD = "a-long-enough-password-2026"
ANON_RATE = 8
INSTANCE_ENVIRONMENTS: dict[str, dict] = {}

pytestmark = pytest.mark.django_db(transaction=True)


def settings_of(**env) -> dict:
    """The cache backend and session engine a fresh process gets from the environment."""
    environment = {key: value for key, value in os.environ.items()
                   if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    environment.update(DEBUG="1", DJANGO_SETTINGS_MODULE="aimf_innovation.settings", **env)
    code = ("import django, json; django.setup(); from django.conf import settings as s; "
            "print(json.dumps([s.CACHES['default']['BACKEND'], s.SESSION_ENGINE]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, check=True,
                         capture_output=True, text=True).stdout
    return dict(zip(["cache", "sessions"], json.loads(out.splitlines()[-1]),
                    strict=True))


@pytest.mark.django_db(transaction=False)
def test_settings_share_sessions_and_use_redis_when_given():
    with_redis = settings_of(REDIS_URL="redis://127.0.0.1:6379/5")
    assert with_redis["cache"] == "django_redis.cache.RedisCache"
    # Sessions in the database: every instance (and worker) sees them, whatever the cache.
    for found in (with_redis, settings_of()):
        assert found["sessions"] in {"django.contrib.sessions.backends.db",
                                     "django.contrib.sessions.backends.cached_db"}


def redis_client():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")
    return client


def free_ports(count: int) -> list[int]:
    found = []
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    pytest.skip("no free port in 8501-8519")


@contextlib.contextmanager
def instance(port: int, database_url: str):
    env = {key: value for key, value in os.environ.items()
           if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.scale_out_settings", DEBUG="0",
        SECRET_KEY="scale-out-" + "Zq8!x" * 12, ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0", DATABASE_URL=database_url, REDIS_URL=REDIS_URL,
        API_ANON_RATE=f"{ANON_RATE}/minute", API_RESPONSE_CACHE_MAX_BYTES="262144",
        LOG_LEVEL="WARNING", STATIC_ROOT=str(ROOT / "static"),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "aimf_innovation.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    INSTANCE_ENVIRONMENTS[url] = env
    try:
        import requests

        for _ in range(150):
            try:
                requests.get(f"{url}/map/kinds.css", timeout=10)
                break
            except requests.RequestException:
                if process.poll() is not None:
                    pytest.fail(f"gunicorn on port {port} exited with {process.returncode}")
                time.sleep(0.2)
        else:
            pytest.fail(f"gunicorn on port {port} did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def two_instances():
    if connection.vendor != "postgresql":
        pytest.skip("scale-out needs PostgreSQL (DATABASE_URL=postgres://...)")
    redis = redis_client()
    redis.flushdb()
    settings = connection.settings_dict
    database_url = (f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@"
                    f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/"
                    f"{settings['NAME']}")
    first, second = free_ports(2)
    try:
        with instance(first, database_url) as a, instance(second, database_url) as b:
            yield a, b, redis
    finally:
        redis.flushdb()


def cookies_of(response) -> dict[str, str]:
    # The cookies are Secure (production); a browser would be on HTTPS, we send them back.
    return {cookie.name: cookie.value for cookie in response.cookies}


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def test_two_instances_behave_as_one(two_instances):
    import requests

    a, b, redis = two_instances
    actor = ActorFactory(name="Fablab partagé")
    user = UserFactory(email="official@example.org", password=PASSWORD)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    # Sessions: signed in on A, signed in on B.
    login_page = requests.get(f"{a}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text).group(1)
    cookies = cookies_of(login_page)
    signed_in = requests.post(
        f"{a}/accounts/login/", data={"login": user.email, "password": PASSWORD,
                                      "csrfmiddlewaretoken": token},
        headers={"Cookie": cookie_header(cookies), "Origin": a, "Referer": f"{a}/accounts/login/"},
        allow_redirects=False, timeout=30)
    assert signed_in.status_code == 302, signed_in.text[:500]
    cookies.update(cookies_of(signed_in))
    assert "sessionid" in cookies
    profile = requests.get(f"{b}/accounts/profile/", headers={"Cookie": cookie_header(cookies)},
                           allow_redirects=False, timeout=30)
    assert profile.status_code == 200 and user.email in profile.text

    # A key's daily quota too.
    _key, secret = issue_key(owner=user, name="Partner", daily_quota=3)
    keyed = {"Authorization": f"Bearer {secret}"}
    quota = [requests.get(f"{url}/api/v1/themes/", headers=keyed, timeout=30)
             for url in (a, b, a, b)]
    assert [response.status_code for response in quota] == [200, 200, 200, 429]
    assert quota[2].headers["X-RateLimit-Remaining"] == "0"

    # A cache entry written through A is what B serves.
    feed = requests.get(f"{a}/map/feed/", timeout=30)
    assert feed.status_code == 200
    [entry] = redis.keys("aimf:1:map-feed:*")
    marker = b'{"served_from": "the shared cache"}'
    redis.set(entry, pickle.dumps(gzip.compress(marker)), keepttl=True)
    from_b = requests.get(f"{b}/map/feed/", timeout=30)
    assert from_b.content == marker
    assert from_b.headers["ETag"] == feed.headers["ETag"]

    # An edit invalidates both instances' answers.
    keyless = {"Accept-Language": "fr"}
    before = [requests.get(f"{url}/api/v1/actors/{actor.pk}/", headers=keyless, timeout=30)
              for url in (a, b)]
    assert [response.json()["name"] for response in before] == ["Fablab partagé"] * 2
    actor.name = "Fablab renommé"
    actor.save()
    after = [requests.get(f"{url}/api/v1/actors/{actor.pk}/", headers=keyless, timeout=30)
             for url in (a, b)]
    assert [response.json()["name"] for response in after] == ["Fablab renommé"] * 2
    assert after[0].headers["ETag"] == after[1].headers["ETag"] != before[0].headers["ETag"]

    # The anonymous rate limit counts requests made to either instance (from zero: the
    # requests above counted too).
    redis.flushdb()
    statuses = [requests.get(f"{(a, b)[index % 2]}/api/v1/kinds/", timeout=30).status_code
                for index in range(ANON_RATE + 2)]
    assert statuses[:ANON_RATE] == [200] * ANON_RATE
    assert statuses[ANON_RATE:] == [429, 429]

    # The e-mail queue: a password reset asked on A is queued in the shared database, sent
    # by a worker started with B's environment, exactly once.
    from mailer.models import Message

    reset_page = requests.get(f"{a}/accounts/password/reset/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', reset_page.text).group(1)
    reset = requests.post(
        f"{a}/accounts/password/reset/", data={"email": user.email, "csrfmiddlewaretoken": token},
        headers={"Cookie": cookie_header(cookies_of(reset_page)), "Origin": a,
                 "Referer": f"{a}/accounts/password/reset/"},
        allow_redirects=False, timeout=30)
    assert reset.status_code == 302, reset.text[:500]
    assert [message.to_addresses for message in Message.objects.all()] == [[user.email]]
    sent = [worker_run(b_environment(b)) for _ in range(2)]
    assert sent[0].count(f"To: {user.email}") == 1
    assert f"To: {user.email}" not in sent[1]
    assert not Message.objects.exists()


def b_environment(url: str) -> dict:
    """The environment instance B was started with (its worker shares it)."""
    return INSTANCE_ENVIRONMENTS[url]


def worker_run(env: dict) -> str:
    """One run of the worker's e-mail job; what the console mail backend printed."""
    # A worker collects no static files: its own STATIC_ROOT (the servers above point theirs
    # at the sources, which manage.py's checks refuse).
    env = {**env, "STATIC_ROOT": tempfile.mkdtemp(prefix="scale-out-static-")}
    done = subprocess.run([sys.executable, "manage.py", "send_queued_mail"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout
