"""Registering an organisation on the site: the form, the approximate point, duplicates,
logo uploads (and attacks), the e-mails, "My organisations", owners' edits."""

import io
import struct
import zlib

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from actors.models import Actor, ModerationAction
from tests.factories import ActorFactory, ActorKindFactory, CityFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/organisations/new/"


@pytest.fixture
def applicant(client):
    user = UserFactory(username="applicant", email="applicant@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    return user


@pytest.fixture
def city():
    city = CityFactory(name="Douala", slug="douala", latitude=4.05, longitude=9.7)
    city.officials.add(UserFactory(username="official", email="official@example.org"))
    return city


@pytest.fixture
def form_data(city):
    kind = ActorKindFactory(slug="fablab")
    theme = ThemeFactory(slug="social")
    return {
        "name": "Fablab de Bonabéri", "kind": kind.pk, "themes": [theme.pk], "city": city.pk,
        "short_description": "Impression 3D", "email": "contact@example.org",
        "email_is_public": "on", "phone": "+237 600", "contact_name": "Amina Njoya",
        "languages": "fr, dua", "social_links": "https://example.org/fablab",
        "accessibility": "unknown", "is_women_led": "unknown",
    }


def png_bytes(size=(40, 30), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def test_registration_lands_as_pending_and_tells_applicant_and_officials(
    client, applicant, form_data, city, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**form_data, "latitude": "4.07", "longitude": "9.68"})
    assert response.status_code == 302, response.context["form"].errors
    actor = Actor.objects.get(name="Fablab de Bonabéri")
    assert actor.status == Actor.Status.PENDING and list(actor.owners.all()) == [applicant]
    assert actor.location_precision == Actor.Precision.EXACT and actor.latitude == 4.07
    assert actor.languages == ["fr", "dua"] and actor.social_links == ["https://example.org/fablab"]
    assert actor.email_is_public and not actor.phone_is_public and not actor.contact_name_is_public
    assert actor.decisions.get().action == ModerationAction.SUBMITTED
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["applicant@example.org", "official@example.org"]
    page = client.get(response.url).content.decode()
    assert "Fablab de Bonabéri" in page and "En attente de modération" in page
    # Not public yet: its owner previews it, nobody else sees it.
    assert "Non publique" in client.get(actor.get_absolute_url()).content.decode()
    client.logout()
    assert client.get(actor.get_absolute_url()).status_code == 404


def test_without_a_point_the_city_centre_is_used_and_marked_approximate(
    client, applicant, form_data, city
):
    client.post(URL, form_data)
    actor = Actor.objects.get()
    assert (actor.latitude, actor.longitude) == (4.05, 9.7)
    assert actor.location_precision == Actor.Precision.CITY


def test_possible_duplicates_are_shown_before_submission(client, applicant, form_data, city):
    ActorFactory(name="FabLab Bonabéri", city=city)
    ActorFactory(name="Autre chose", website="https://www.fablab-bonaberi.cm/")
    first = client.post(URL, {**form_data, "website": "http://fablab-bonaberi.cm"})
    assert first.status_code == 200
    listed = [actor.name for actor in first.context["duplicates"]]
    assert listed == ["Autre chose", "FabLab Bonabéri"]
    assert Actor.objects.count() == 2
    confirmed = client.post(URL, {**form_data, "website": "http://fablab-bonaberi.cm",
                                  "not_a_duplicate": "on"})
    assert confirmed.status_code == 302 and Actor.objects.count() == 3


def test_a_real_logo_is_reencoded_and_resized(client, applicant, form_data):
    upload = SimpleUploadedFile("logo.jpg", png_bytes((1600, 900), "JPEG"), "image/jpeg")
    client.post(URL, {**form_data, "logo": upload})
    actor = Actor.objects.get()
    with Image.open(actor.logo.path) as stored:
        assert stored.format == "WEBP" and max(stored.size) == 512
    stored_name = actor.logo.name.rsplit("/", 1)[-1]
    assert stored_name.endswith(".webp") and "logo" not in stored_name


def _bomb_png() -> bytes:
    """A valid tiny PNG whose header claims 20,000 x 20,000 pixels."""
    data = bytearray(png_bytes((1, 1)))
    ihdr = struct.pack(">II", 20000, 20000) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


@pytest.mark.parametrize("name, content, content_type, message", [
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "image/svg+xml", "PNG, JPEG ou WebP"),
    ("logo.png", b"<html><script>alert(1)</script></html>", "image/png", "PNG, JPEG ou WebP"),
    ("logo.gif", None, "image/gif", "PNG, JPEG ou WebP"),
    ("huge.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (20 * 1024 * 1024), "image/png", "2 Mo"),
    ("bomb.png", "bomb", "image/png", "pixels"),
])
def test_upload_attacks_are_refused_with_a_clear_message(
    client, applicant, form_data, name, content, content_type, message
):
    if content is None:
        buffer = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buffer, format="GIF")
        content = buffer.getvalue()
    elif content == "bomb":
        content = _bomb_png()
    response = client.post(URL, {**form_data, "logo": SimpleUploadedFile(name, content,
                                                                          content_type)})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["logo"])
    assert message in errors, errors
    assert not Actor.objects.exists()


def test_an_unverified_address_cannot_register(client, form_data):
    user = UserFactory(username="unverified")
    client.force_login(user)
    response = client.post(URL, form_data)
    assert not Actor.objects.exists()
    assert response.status_code == 200  # allauth's "verify your e-mail" page


def test_submissions_are_rate_limited(client, applicant, form_data, settings):
    for number in range(10):
        client.post(URL, {**form_data, "name": f"Organisation {number}", "not_a_duplicate": "on"})
    refused = client.post(URL, {**form_data, "name": "One too many"})
    assert refused.status_code == 200 and not Actor.objects.filter(name="One too many").exists()
    assert refused.context["form"].non_field_errors()


def test_owner_edits_published_entry_history_keeps_it_and_consent_can_be_withdrawn(
    client, applicant, form_data, city
):
    actor = ActorFactory(city=city, kind=ActorKindFactory(slug="fablab"), email="a@b.org",
                         email_is_public=True)
    actor.owners.add(applicant)
    page = client.get(f"/my/organisations/{actor.pk}/edit/")
    assert page.status_code == 200
    data = {**form_data, "name": actor.name, "email": "a@b.org"}
    data.pop("email_is_public")
    response = client.post(f"/my/organisations/{actor.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    actor.refresh_from_db()
    assert actor.status == Actor.Status.PUBLISHED and not actor.email_is_public
    assert actor.history.first().history_user == applicant
    assert "a@b.org" not in client.get(actor.get_absolute_url()).content.decode()
    assert client.get(f"/api/v1/actors/{actor.pk}/").json()["email"] == ""


def test_changes_requested_then_edited_goes_back_to_pending(client, applicant, form_data, city):
    actor = ActorFactory(city=city, status=Actor.Status.CHANGES_REQUESTED)
    actor.owners.add(applicant)
    client.post(f"/my/organisations/{actor.pk}/edit/", {**form_data, "name": actor.name})
    actor.refresh_from_db()
    assert actor.status == Actor.Status.PENDING
    assert actor.decisions.first().action == ModerationAction.RESUBMITTED


def test_owner_archives_instead_of_deleting(client, applicant):
    actor = ActorFactory()
    actor.owners.add(applicant)
    client.post(f"/my/organisations/{actor.pk}/archive/", {"message": "Fermé"})
    actor.refresh_from_db()
    assert actor.status == Actor.Status.ARCHIVED
    assert actor.decisions.first().message == "Fermé"
    assert Actor.objects.filter(pk=actor.pk).exists()


def test_huge_ids_in_choices_are_form_errors(client, applicant, form_data):
    response = client.post(URL, {**form_data, "themes": ["9" * 400], "kind": "9" * 30,
                                 "city": "1\x00"})
    assert response.status_code == 200
    assert {"themes", "kind", "city"} <= set(response.context["form"].errors)


def test_a_line_break_in_the_name_is_refused(client, applicant, form_data):
    response = client.post(URL, {**form_data, "name": "Evil\r\nBcc: x@evil.org"})
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert not Actor.objects.exists()
