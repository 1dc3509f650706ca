"""Production settings for tests/test_scale_out.py, minus the collected static files."""

from aimf_innovation.settings import *  # noqa: F403
from aimf_innovation.settings import STORAGES

# The production storage needs `collectstatic`'s manifest; these servers serve no asset.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
