# ruff: noqa: F811 - the fixtures imported from import_helpers are test arguments
"""The admin's import page: staff only, the command's options, the report shown."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from actors.models import Actor
from imports.models import ImportSource
from tests.factories import UserFactory
from tests.imports.import_helpers import FIXTURES, english, places, snapshot  # noqa: F401

pytestmark = pytest.mark.django_db
# The English admin (these tests read the English report); French is unprefixed.
URL = "/en/admin/actors/actor/import/"




def upload(client, name="template.csv", fmt="csv", **extra):
    data = {
        "file": SimpleUploadedFile(name, (FIXTURES / name).read_bytes()),
        "format": fmt, "source": "partner", "closed": "archive", **extra,
    }
    return client.post(URL, data)


def test_url_is_the_admins():
    assert reverse("admin:actors_actor_import") == URL.removeprefix("/en")
    with translation.override("en"):
        assert reverse("admin:actors_actor_import") == URL


def test_anonymous_and_non_staff_users_cannot_import(client, places):
    assert client.get(URL).status_code == 302  # to the admin's login
    client.force_login(UserFactory(is_staff=False))
    assert client.get(URL).status_code == 302
    assert upload(client).status_code == 302
    assert not Actor.objects.exists()


def test_staff_without_the_permissions_are_refused(client, places):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_actor"))
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert upload(client).status_code == 403
    assert not Actor.objects.exists()


def test_form_and_link_from_the_change_list(staff_client, places):
    page = staff_client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    for name in ["file", "format", "source", "mapping", "closed", "publish", "dry_run"]:
        assert f'name="{name}"' in html
    assert URL in staff_client.get("/en/admin/actors/actor/").content.decode()


def test_dry_run_upload_shows_the_report_and_saves_nothing(staff_client, places, english):
    before = snapshot()
    page = upload(staff_client, dry_run="on")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dry run, nothing was saved: 7 created, 0 updated, 0 unchanged, 1 skipped, " \
        "5 rejected." in html
    assert "unknown kind &#x27;Space station&#x27;" in html
    assert "<td>12</td><td>Nowhere Lab</td><td>rejected</td>" in html
    assert snapshot() == before


def test_upload_imports_with_the_staff_member_in_the_history(
        staff_client, staff_user, places, english):
    page = upload(staff_client, publish="on")
    assert "7 created" in page.content.decode()
    bxl = Actor.objects.get(source="partner", external_id="fl-001")
    assert bxl.status == Actor.Status.PUBLISHED
    assert bxl.history.get().history_user == staff_user


def test_upload_with_a_mapping(staff_client, places, english):
    page = upload(staff_client, name="latin1_semicolon.csv", mapping=SimpleUploadedFile(
        "mapping.yaml", (FIXTURES / "latin1_mapping.yaml").read_bytes()))
    assert "3 created" in page.content.decode()


def test_malformed_upload_is_a_400_with_the_reason(staff_client, places, english):
    page = upload(staff_client, name="broken.json", fmt="fablabs")
    assert page.status_code == 400
    assert "The file is not valid JSON" in page.content.decode()
    page = staff_client.post(URL, {"format": "csv", "source": "x\x00", "closed": "nope"})
    assert page.status_code == 400
    assert not Actor.objects.exists()


def test_nothing_imported_is_said_plainly(staff_client, places, english):
    page = staff_client.post(URL, {
        "file": SimpleUploadedFile("bad.csv", b"name,city,country\n,Dakar,SN\n"),
        "format": "csv", "source": "partner", "closed": "skip",
    })
    assert "Nothing could be imported." in page.content.decode()


def test_large_uploads_spooled_to_disk_are_read_too(staff_client, places, english, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100  # the upload becomes a temporary file
    page = upload(staff_client, name="fablabs.json", fmt="fablabs")
    assert "3 created" in page.content.decode()


def test_csv_template_downloads_and_imports_as_is(staff_client, places, english):
    assert "/en/admin/actors/actor/import/template.csv" in staff_client.get(URL).content.decode()
    response = staff_client.get("/en/admin/actors/actor/import/template.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode().startswith("external_id,name,kind,themes,")
    page = staff_client.post(URL, {
        "file": SimpleUploadedFile("template.csv", response.content), "format": "csv",
        "source": "template", "closed": "archive",
    })
    assert "1 created, 0 updated, 0 unchanged, 0 skipped, 0 rejected." in page.content.decode()
    fablab = Actor.objects.get(source="template", external_id="lab-001")
    assert (fablab.city, fablab.languages, fablab.is_women_led) == (
        places["dakar"], ["fr", "wo"], True)


def test_csv_template_needs_the_add_permission(client, places):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    assert client.get("/en/admin/actors/actor/import/template.csv").status_code == 403


def test_import_sources_are_listed_with_their_licence_and_the_encoding_shown(
        staff_client, places, english):
    staff_client.post(URL, {
        "file": SimpleUploadedFile("overpass.json", (FIXTURES / "overpass.json").read_bytes()),
        "format": "osm", "source": "OpenStreetMap", "closed": "archive"})
    source = ImportSource.objects.get(name="OpenStreetMap")
    page = staff_client.post(URL, {
        "file": SimpleUploadedFile("reseau.csv", (FIXTURES / "dos_cp850.csv").read_bytes()),
        "format": "csv", "source": "partner", "closed": "archive", "dry_run": "on"})
    assert "<li>The file was read as DOS (CP850).</li>" in page.content.decode()
    page = staff_client.get(reverse("admin:imports_importsource_changelist")).content.decode()
    assert "OpenStreetMap" in page and "ODbL 1.0" in page
    change = reverse("admin:imports_importsource_change", args=[source.pk])
    assert staff_client.get(change).status_code == 200
    assert staff_client.get(reverse("admin:imports_importsource_add")).status_code == 403
