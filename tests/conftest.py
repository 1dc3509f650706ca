"""Shared fixtures: plain static storage, a temporary MEDIA_ROOT, users and demo data."""

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.demo_snapshot import load_demo_data
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request under /en/ leaves English active in the thread; each test starts in French.
    translation.activate("fr")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _test_storages(settings, tmp_path):
    # The hashed-name manifest exists only after collectstatic; tests/test_static.py
    # checks that storage on its own.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff_user(db):
    return UserFactory(username="aimf-staff", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def demo_data(db):
    """The full demo data set, as `make run` loads it (loaded once per test process, then
    copied back in: tests/demo_snapshot.py)."""
    load_demo_data()


@pytest.fixture(autouse=True)
def _moderation_notices_immediately(settings):
    # Tests of moderation expect the per-item e-mail; the digests have their own tests
    # (tests/revisions/test_digests.py), where the default is the platform's ("hourly").
    settings.MODERATION_NOTICE_DEFAULT = "immediately"
