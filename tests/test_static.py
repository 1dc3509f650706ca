"""Static files: WhiteNoise serves compressed files with content hashes in their names."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_collectstatic_writes_hashed_and_compressed_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "aimf_innovation.storage.StaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    css = list((tmp_path / "static" / "css").glob("site.*.css"))
    assert len(css) == 1, "site.css gets one hashed copy"
    assert css[0].with_name(css[0].name + ".gz").exists()
    leaflet = list((tmp_path / "static" / "leaflet").glob("leaflet.*.js"))
    assert leaflet, "Leaflet comes from django-leaflet, not from a CDN"
