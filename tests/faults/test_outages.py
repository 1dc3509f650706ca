"""Outages against a production-mode server (gunicorn, DEBUG=0) on PostgreSQL and Redis,
and SQLite under concurrency (issue 14, "Degrade, never fail").

Run by CI (`pytest -m faults tests/faults`); needs PostgreSQL (FAULTS_DATABASE_URL,
default postgres://postgres@127.0.0.1:5432/aimf_faults, recreated here). Servers bind
127.0.0.1 on free ports. Outages are simulated: dead ports, a Redis server and a TCP
proxy in front of PostgreSQL that the tests start and stop themselves.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[2]
SECRET = "faults-" + "k" * 30 + "3f9$Q!a7Zp@e2Lw#R8u*Nc5Vb1Xm6Td0Hs4Gj"
PG_URL = os.environ.get("FAULTS_DATABASE_URL",
                        "postgres://postgres@127.0.0.1:5432/aimf_faults")
PAGES = ["/", "/en/", "/actors/", "/actors/{slug}/", "/map/feed/", "/countries/",
         "/cities/{city}/", "/statistics/", "/api/v1/actors/", "/api/v1/actors/{pk}/",
         "/api/v1/cities/", "/accounts/login/", "/accounts/signup/", "/healthz/"]
SEED = """
from tests.factories import ActorFactory, UserFactory
from partners.services import issue_key
actor = ActorFactory(name="Panne sèche", slug="panne-seche")
_key, secret = issue_key(owner=UserFactory(username="partner"), name="faults",
                         daily_quota={quota})
print(actor.pk, actor.city.slug, secret)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**extra) -> dict:
    env = {key: value for key, value in os.environ.items()
           if key not in {"DEBUG", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST",
                          "DJANGO_ALLOW_ASYNC_UNSAFE", "PYTEST_XDIST_WORKER"}}
    env.update(DEBUG="0", SECRET_KEY=SECRET, ALLOWED_HOSTS="127.0.0.1",
               SECURE_SSL_REDIRECT="0", DJANGO_SETTINGS_MODULE="aimf_innovation.settings",
               LOG_LEVEL="WARNING", MAIL_RETRY_BASE_SECONDS="3600")
    env.update(extra)
    return env


def manage(*args, env, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, result.stderr[-3000:]
    return result


def prepare_database(database_url: str, *, quota: int) -> dict:
    env = production_env(DATABASE_URL=database_url)
    manage("migrate", "--noinput", env=env)
    manage("collectstatic", "--noinput", env=env)
    out = manage("shell", "-c", SEED.format(quota=quota), env=env).stdout.split()
    pk, city, secret = out[-3:]
    return {"pk": pk, "city": city, "secret": secret, "slug": "panne-seche"}


@contextlib.contextmanager
def server(env: dict, *, worker_class: str = "gthread", workers: int = 2, threads: int = 4):
    port = free_port()
    # The log goes to a file: a pipe nobody reads would fill up and block the workers.
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed in finally
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "aimf_innovation.wsgi", "--bind",
         f"127.0.0.1:{port}", "--worker-class", worker_class, "--workers", str(workers),
         "--threads", str(threads), "--timeout", "60"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            with contextlib.suppress(requests.RequestException):  # workers still booting
                if requests.get(base + "/healthz/", timeout=10).status_code == 200:
                    break
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"gunicorn did not start: {log.read()[-3000:]}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def postgres():
    """A fresh PostgreSQL database, migrated, with an actor and a partner's key."""
    psycopg2 = pytest.importorskip("psycopg2")
    url = urlparse(PG_URL)
    try:
        admin = psycopg2.connect(host=url.hostname, port=url.port or 5432,
                                 user=url.username, password=url.password, dbname="postgres")
    except psycopg2.OperationalError as exc:
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    admin.autocommit = True
    name = url.path.lstrip("/")
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return {"url": PG_URL, **prepare_database(PG_URL, quota=10000)}


def pages(data) -> list[str]:
    return [page.format(slug=data["slug"], city=data["city"], pk=data["pk"])
            for page in PAGES]


def server_errors(base: str, data: dict) -> list[tuple[str, int]]:
    """Every public page, the feed and the API, anonymous and keyed, and a failed login."""
    errors = []
    session = requests.Session()
    for page in pages(data):
        for headers in ({}, {"Authorization": f"Bearer {data['secret']}"}):
            try:
                status = session.get(base + page, headers=headers, timeout=120).status_code
            except requests.Timeout:
                status = "timeout"
            if status == "timeout" or status >= 500:
                errors.append((page, bool(headers), status))
    token, cookie = csrf(session, base + "/accounts/login/")
    login = session.post(base + "/accounts/login/", timeout=30, headers={"Cookie": cookie},
                         data={"csrfmiddlewaretoken": token, "login": "nobody@example.org",
                               "password": "not the password at all"})
    if login.status_code >= 500:
        errors.append(("POST /accounts/login/", login.status_code))
    return errors


def csrf(session, url) -> tuple[str, str]:
    """The CSRF token; its cookie is Secure in production, so it is sent by hand."""
    response = session.get(url, timeout=30)
    token = response.cookies["csrftoken"]
    return token, f"csrftoken={token}"


def test_redis_dying_under_load_costs_no_page(postgres, tmp_path):
    """Redis answers, then dies mid-run: 0 responses >= 500 before and after."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    port = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                              "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        env = production_env(DATABASE_URL=postgres["url"],
                             REDIS_URL=f"redis://127.0.0.1:{port}/0")
        with server(env) as base:
            assert server_errors(base, postgres) == []  # warm: the caches are filled
            redis.terminate()
            redis.wait(timeout=10)
            assert server_errors(base, postgres) == []
            ready = requests.get(base + "/readyz/", timeout=30)
            assert ready.status_code == 200  # degraded, still serving
            assert ready.json()["checks"]["cache"]["ok"] is False
    finally:
        if redis.poll() is None:
            redis.kill()


def test_redis_unreachable_from_the_start_costs_no_page(postgres):
    env = production_env(DATABASE_URL=postgres["url"],
                         REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    with server(env) as base:
        assert server_errors(base, postgres) == []


class Sink:
    """A local SMTP server that keeps what it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages = []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def test_an_smtp_outage_fails_no_request_and_loses_no_message(postgres):
    smtp_down = production_env(DATABASE_URL=postgres["url"], EMAIL_HOST="127.0.0.1",
                               EMAIL_PORT=str(free_port()), EMAIL_USE_TLS="0")
    with server(smtp_down) as base:
        session = requests.Session()
        token, cookie = csrf(session, base + "/accounts/signup/")
        password = "Une phrase de passe solide 2026"
        response = session.post(base + "/accounts/signup/", allow_redirects=False, timeout=30,
                                headers={"Cookie": cookie},
                                data={"csrfmiddlewaretoken": token,
                                      "email": "panne@example.org",
                                      "password1": password, "password2": password})
        assert response.status_code in (200, 302)
        assert response.status_code < 500
        queue = requests.get(base + "/readyz/", timeout=30).json()["checks"]["mail_queue"]
        assert queue["queued"] >= 1
    report = manage("send_queued_mail", env=smtp_down).stdout  # still down: deferred
    assert report.startswith("sent: 0, deferred: 1,"), report

    sink = Sink()
    sink.controller.start()
    try:
        smtp_back = {**smtp_down, "EMAIL_PORT": str(sink.port)}
        manage("send_queued_mail", "--retry-deferred", env=smtp_back)
        manage("send_queued_mail", "--retry-deferred", env=smtp_back)  # nothing twice
    finally:
        sink.controller.stop()
    to_panne = [m for m in sink.messages if m[0] == ["panne@example.org"]]
    assert len(to_panne) == 1


class Proxy:
    """A TCP proxy in front of PostgreSQL that can be cut and restored: the database
    "goes away" without touching the shared server."""

    def __init__(self, target_port: int):
        self.port = free_port()
        self.target_port = target_port
        self.listener = None
        self.sockets = []

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def stop(self):
        # shutdown() wakes the thread blocked in accept(); close() alone would not.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        self.sockets = []

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


def test_database_unreachable_is_a_503_then_recovers_without_a_restart(postgres):
    url = urlparse(postgres["url"])
    proxy = Proxy(url.port or 5432)
    proxy.start()
    proxied = postgres["url"].replace(url.netloc, f"{url.username}@127.0.0.1:{proxy.port}")
    keyed = {"Authorization": f"Bearer {postgres['secret']}"}
    with server(production_env(DATABASE_URL=proxied)) as base:
        assert requests.get(base + "/api/v1/actors/", headers=keyed, timeout=60).ok
        proxy.stop()
        # A keyed request reads its key from the database: always a 503.
        response = requests.get(base + "/api/v1/actors/", headers=keyed, timeout=60)
        assert response.status_code == 503
        assert int(response.headers["Retry-After"]) > 0
        assert "Service temporarily unavailable" in response.text
        assert "Service momentanément indisponible" in response.text
        # Pages already in the cache may still be served; none is a 500.
        for page in pages(postgres):
            response = requests.get(base + page, timeout=60)
            assert response.status_code in (200, 503), page
            if response.status_code == 503:
                assert "Retry-After" in response.headers
        assert requests.get(base + "/healthz/", timeout=60).status_code == 200
        assert requests.get(base + "/readyz/", timeout=60).status_code == 503
        proxy.start()
        statuses = [requests.get(base + "/api/v1/actors/", headers=keyed,
                                 timeout=60).status_code for _ in range(4)]
        assert statuses == [200] * 4
        assert requests.get(base + "/readyz/", timeout=60).status_code == 200
    proxy.stop()


QUOTA = 12


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'faults.sqlite3'}"
    return {"url": url, **prepare_database(url, quota=QUOTA)}


@pytest.mark.parametrize("worker_class,workers,threads", [("gthread", 2, 8), ("sync", 4, 1)])
def test_sqlite_keyed_requests_at_the_quota_edge(sqlite_db, worker_class, workers, threads):
    """30 concurrent keyed requests: exactly the quota served, the rest 429, no 500."""
    env = production_env(DATABASE_URL=sqlite_db["url"])
    manage("shell", "-c", "from partners.models import APIKeyUsage; "
                          "APIKeyUsage.objects.all().delete()", env=env)
    with server(env, worker_class=worker_class, workers=workers, threads=threads) as base:
        headers = {"Authorization": f"Bearer {sqlite_db['secret']}"}

        def hit(_):
            return requests.get(base + "/api/v1/actors/", headers=headers,
                                timeout=60).status_code

        with ThreadPoolExecutor(max_workers=30) as pool:
            statuses = list(pool.map(hit, range(30)))
    assert sorted(statuses) == [200] * QUOTA + [429] * (30 - QUOTA)
