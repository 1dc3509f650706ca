"""Every door re-encodes uploaded images the same way (site, admin, model saves), and the
costly decoding happens last: never for a form that is invalid anyway, a rate-limited
user or an image whose header already gives too many pixels."""

import io
import re
from pathlib import Path
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageFile

from actors import images
from actors.models import Actor
from innovations.models import Innovation
from tests.factories import ActorFactory, ActorKindFactory, CityFactory, UserFactory

pytestmark = pytest.mark.django_db
TELLING_NAME = "amina-njoya-maison-rue-12-douala.jpg"
POLYGLOT = b"<script>alert(document.cookie)</script>PK\x03\x04"
RANDOM_NAME = re.compile(r"^[0-9a-f]{32}\.webp$")


def jpeg_with_gps_and_trailing_bytes(size=(900, 600)) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (4.0, 3.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (9.0, 42.0, 7.0)
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, format="JPEG", exif=exif)
    data = buffer.getvalue() + POLYGLOT
    with Image.open(io.BytesIO(data)) as source:  # the attack is real
        assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def png_bytes(size, mode="L") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format="PNG")
    return buffer.getvalue()


def assert_only_pixels_were_kept(field_file, *, original: bytes, longest: int):
    name = Path(field_file.name).name
    assert RANDOM_NAME.match(name), name
    stored = Path(field_file.path).read_bytes()
    assert stored != original and POLYGLOT not in stored and b"PhoneMaker" not in stored
    with Image.open(field_file.path) as image:
        image.load()  # decodes cleanly
        assert image.format == "WEBP" and max(image.size) == longest
        assert not image.getexif() and "exif" not in image.info and "xmp" not in image.info


def admin_form_data(response) -> dict:
    """What the admin's change page would post back unchanged."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            value, key = form[name].value(), form.add_prefix(name)
            if value in (None, "") or hasattr(value, "url") or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif hasattr(field, "fields"):  # split date and time
                data[f"{key}_0"], data[f"{key}_1"] = value.date(), value.time()
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = value
    return data


# --- Every door -----------------------------------------------------------------------


def test_a_logo_uploaded_in_the_admin_keeps_only_its_pixels(staff_client):
    actor = ActorFactory(social_links=["https://example.org/a"], languages=["fr"])
    url = f"/admin/actors/actor/{actor.pk}/change/"
    data = admin_form_data(staff_client.get(url))
    original = jpeg_with_gps_and_trailing_bytes()
    data["logo"] = SimpleUploadedFile(TELLING_NAME, original, "image/jpeg")
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    actor.refresh_from_db()
    assert actor.logo.name.startswith("actors/logos/")
    assert_only_pixels_were_kept(actor.logo, original=original, longest=512)


def test_a_broken_image_in_the_admin_is_an_error_on_its_field(staff_client):
    actor = ActorFactory()
    url = f"/admin/actors/actor/{actor.pk}/change/"
    data = admin_form_data(staff_client.get(url))
    truncated = jpeg_with_gps_and_trailing_bytes()[:400]  # the header, then nothing
    data["logo"] = SimpleUploadedFile("logo.jpg", truncated, "image/jpeg")
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "PNG, JPEG ou WebP" in " ".join(response.context["adminform"].form.errors["logo"])
    actor.refresh_from_db()
    assert not actor.logo


def test_a_forge_image_set_outside_any_form_is_reencoded_on_save():
    innovation = Innovation.objects.create(
        title="Main", slug="main", summary="s", description="d", city=CityFactory(),
        licence="CC0-1.0", documentation_url="https://example.org")
    original = jpeg_with_gps_and_trailing_bytes((2400, 1600))
    innovation.image = SimpleUploadedFile(TELLING_NAME, original, "image/jpeg")
    innovation.save()
    assert innovation.image.name.startswith("innovations/")
    assert_only_pixels_were_kept(innovation.image, original=original, longest=1200)


def test_the_admin_and_the_site_use_one_field():
    from django.contrib import admin
    from django.test import RequestFactory

    from actors.admin import ActorAdmin
    from actors.forms import ActorForm

    request = RequestFactory().get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    admin_form = ActorAdmin(Actor, admin.site).get_form(request)
    for form_class in (admin_form, ActorForm):
        field = form_class.base_fields["logo"]
        assert isinstance(field, images.ImageUploadField) and field.kind is images.LOGO


# --- Cheap checks first -------------------------------------------------------------------


@pytest.fixture
def applicant(client):
    user = UserFactory(username="applicant", email="applicant@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    return user


@pytest.fixture
def form_data():
    return {
        "name": "Fablab de Bonabéri", "kind": ActorKindFactory().pk, "city": CityFactory().pk,
        "short_description": "Impression 3D", "accessibility": "unknown",
        "is_women_led": "unknown", "not_a_duplicate": "on",
    }


@pytest.fixture
def decoding():
    """Spies on the two costly steps: Pillow's pixel decoding and the re-encoder."""
    with mock.patch.object(ImageFile.ImageFile, "load", autospec=True,
                           side_effect=ImageFile.ImageFile.load) as load, \
            mock.patch.object(images, "reencode", side_effect=images.reencode) as reencode:
        yield load, reencode


def test_a_25_megapixel_png_is_refused_from_its_header(client, applicant, form_data, decoding):
    big = png_bytes((5000, 5000))
    assert len(big) < 100 * 1024  # small on the wire, costly to decode
    load, reencode = decoding
    response = client.post("/organisations/new/", {
        **form_data, "logo": SimpleUploadedFile("big.png", big, "image/png")})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["logo"])
    assert "logo" in errors and "5000 × 5000" in errors and "4 mégapixels" in errors
    assert load.call_count == 0 and reencode.call_count == 0
    assert not Actor.objects.exists()


def test_an_invalid_form_does_not_decode_its_valid_image(client, applicant, form_data,
                                                         decoding):
    load, reencode = decoding
    response = client.post("/organisations/new/", {
        **form_data, "name": "",
        "logo": SimpleUploadedFile("logo.jpg", jpeg_with_gps_and_trailing_bytes(),
                                   "image/jpeg")})
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert load.call_count == 0 and reencode.call_count == 0


def test_a_rate_limited_user_does_not_reach_the_decoder(client, applicant, form_data,
                                                        decoding):
    load, reencode = decoding
    for number in range(10):
        client.post("/organisations/new/", {**form_data, "name": f"Organisation {number}"})
    assert Actor.objects.count() == 10
    response = client.post("/organisations/new/", {
        **form_data, "name": "One too many",
        "logo": SimpleUploadedFile("logo.jpg", jpeg_with_gps_and_trailing_bytes(),
                                   "image/jpeg")})
    assert response.context["form"].non_field_errors()
    assert load.call_count == 0 and reencode.call_count == 0


def test_a_valid_submission_decodes_its_image_once(client, applicant, form_data, decoding):
    load, reencode = decoding
    response = client.post("/organisations/new/", {
        **form_data,
        "logo": SimpleUploadedFile(TELLING_NAME, jpeg_with_gps_and_trailing_bytes(),
                                   "image/jpeg")})
    assert response.status_code == 302
    assert reencode.call_count == 1
    assert RANDOM_NAME.match(Path(Actor.objects.get().logo.name).name)


def test_forge_images_keep_a_higher_pixel_limit_than_logos():
    from innovations.images import IMAGE

    six_megapixels = SimpleUploadedFile("photo.png", png_bytes((3000, 2000)), "image/png")
    images.check_header(six_megapixels, IMAGE)
    with pytest.raises(images.ValidationError) as error:
        images.check_header(six_megapixels, images.LOGO)
    assert error.value.code == "too_many_pixels"
