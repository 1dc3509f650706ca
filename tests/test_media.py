"""/media/ in production (DEBUG=0): images served as images, everything else as a download,
nosniff, no directory listing, nothing outside MEDIA_ROOT."""

from pathlib import Path

import pytest
from django.test import override_settings

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da636400010000050001e21b0d1b0000000049454e44ae426082"
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production")]


@pytest.fixture
def production():
    with override_settings(DEBUG=False):
        yield


@pytest.fixture
def media(settings, tmp_path):
    root = Path(settings.MEDIA_ROOT)
    (root / "actors" / "logos").mkdir(parents=True)
    (root / "actors" / "logos" / "lab.png").write_bytes(PNG)
    (root / "actors" / "logos" / "Photo.JPG").write_bytes(b"\xff\xd8\xff\xe0 jpeg")
    (root / "innovations").mkdir()
    (root / "innovations" / "page.html").write_text("<script>alert(1)</script>")
    (root / "innovations" / "drawing.svg").write_text("<svg onload='alert(1)'/>")
    (root / "innovations" / ".secret").write_text("hidden")
    (tmp_path / "outside.png").write_bytes(PNG)
    (root / "innovations" / "link.png").symlink_to(tmp_path / "outside.png")
    return root


def test_images_are_served_as_images_with_nosniff(client, media):
    response = client.get("/media/actors/logos/lab.png")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in response.headers.get("Content-Disposition", "")
    assert b"".join(response.streaming_content) == PNG
    assert client.get("/media/actors/logos/Photo.JPG").headers["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize("name", ["page.html", "drawing.svg"])
def test_anything_else_is_a_download(client, media, name):
    response = client.get(f"/media/innovations/{name}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", [
    "/media/", "/media/actors/", "/media/actors/logos/", "/media/innovations/.secret",
    "/media/../manage.py", "/media/actors/../../manage.py", "/media/%2e%2e/manage.py",
    "/media/actors/logos/..%2f..%2fmanage.py", "/media//etc/passwd", "/media/nothing.png",
    "/media/innovations/link.png", "/media/actors\\logos\\lab.png",
])
def test_no_listing_no_traversal_no_hidden_file(client, media, url):
    assert client.get(url).status_code == 404


def test_only_reading_and_revalidation(client, media):
    assert client.post("/media/actors/logos/lab.png").status_code == 405
    first = client.get("/media/actors/logos/lab.png")
    again = client.get("/media/actors/logos/lab.png",
                       headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 304
