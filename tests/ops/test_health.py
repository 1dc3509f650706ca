"""/healthz/ and /readyz/, the 503 page when the database is unreachable, request ids."""

import io
import json
import logging

import pytest
from django.db import InterfaceError, OperationalError
from pythonjsonlogger.json import JsonFormatter

from ops import readiness
from ops.logging import RequestIdFilter
from ops.worker import beat


def test_healthz_answers_without_any_io(client):
    # No django_db mark: any database access would raise here.
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_reports_every_check_and_is_ready_with_a_worker(client):
    beat()
    response = client.get("/readyz/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "cache", "mail_queue", "worker"}
    assert body["checks"]["mail_queue"]["queued"] == 0


@pytest.mark.django_db
def test_readyz_without_a_worker_is_degraded_but_ready(client):
    body = client.get("/readyz/").json()
    assert body["status"] == "degraded"
    assert body["checks"]["worker"] == {"ok": False, "critical": False, "heartbeat": None}


@pytest.mark.django_db
def test_readyz_answers_503_when_a_critical_check_fails(client, monkeypatch):
    monkeypatch.setitem(readiness.CHECKS, "migrations", lambda: (False, {"unapplied": 2}))
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db
def test_readyz_sees_a_cache_that_swallows_its_errors(client, monkeypatch):
    monkeypatch.setattr(readiness.cache, "get", lambda *a, **k: None)
    body = client.get("/readyz/").json()
    assert body["checks"]["cache"]["ok"] is False
    assert client.get("/readyz/").status_code == 200  # not critical by default


@pytest.mark.parametrize("error", [
    OperationalError("connection to server at 127.0.0.1, port 5499 failed"),
    InterfaceError("connection already closed"),
])
@pytest.mark.django_db
def test_an_unreachable_database_is_a_503_with_retry_after(client, settings, monkeypatch,
                                                           error):
    from cities import views

    def down(*args, **kwargs):
        raise error

    settings.DEBUG = False
    monkeypatch.setattr(views.CountryListView, "get", down)
    client.raise_request_exception = False
    response = client.get("/countries/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(settings.DB_UNAVAILABLE_RETRY_AFTER)
    page = response.content.decode()
    assert "Service momentanément indisponible" in page
    assert "Service temporarily unavailable" in page


@pytest.mark.django_db
def test_other_errors_stay_a_500(client, settings, monkeypatch):
    from cities import views

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    settings.DEBUG = False
    monkeypatch.setattr(views.CountryListView, "get", broken)
    client.raise_request_exception = False
    response = client.get("/countries/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "The team has been told" in response.content.decode()


def test_every_response_has_a_request_id(client):
    first = client.get("/healthz/")["X-Request-ID"]
    second = client.get("/healthz/")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_request_id_from_the_client_is_ignored_unless_behind_a_trusted_proxy(client,
                                                                               settings):
    settings.TRUST_REQUEST_ID_HEADER = False
    assert client.get("/healthz/", HTTP_X_REQUEST_ID="proxy-id-12345")[
        "X-Request-ID"] != "proxy-id-12345"
    settings.TRUST_REQUEST_ID_HEADER = True
    assert client.get("/healthz/", HTTP_X_REQUEST_ID="proxy-id-12345")[
        "X-Request-ID"] == "proxy-id-12345"
    injected = client.get("/healthz/", HTTP_X_REQUEST_ID="x\nforged log line")
    assert injected["X-Request-ID"] != "x\nforged log line"


@pytest.mark.django_db
def test_log_lines_are_json_with_the_request_id(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter("%(levelname)s %(name)s %(message)s %(request_id)s"))
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/countries/no-such-country/")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["request_id"] == response["X-Request-ID"]
    assert line["levelname"] == "WARNING"
