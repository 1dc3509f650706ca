"""Innovation images: re-encoded as WebP, resized; anything but an image refused."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from innovations.models import Innovation
from tests.factories import ActorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client):
    owner = UserFactory()
    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    actor = ActorFactory()
    actor.owners.add(owner)
    client.force_login(owner)
    client.actor = actor
    return client


def png(size=(2400, 1600)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, format="PNG")
    return SimpleUploadedFile("main.png", buffer.getvalue(), content_type="image/png")


def data(client, **extra):
    return {"title": "Main", "summary": "Une main.", "description": "Plans.",
            "actors": [client.actor.pk], "city": client.actor.city_id, "stage": "idea",
            "licence": "CC0-1.0", "documentation_url": "https://example.org", **extra}


def test_image_is_reencoded_as_webp_and_resized(owner_client):
    response = owner_client.post("/my/innovations/new/", data(
        owner_client, image=png(), image_alt="Une main orange"))
    assert response.status_code == 302
    innovation = Innovation.objects.get()
    assert innovation.image.name.endswith(".webp")
    with Image.open(innovation.image) as image:
        assert image.format == "WEBP" and max(image.size) == 1200


def test_svg_is_refused_and_alt_text_required(owner_client):
    svg = SimpleUploadedFile("x.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>",
                             content_type="image/png")
    response = owner_client.post("/my/innovations/new/", data(owner_client, image=svg))
    assert response.status_code == 400
    assert "SVG" in response.context["form"].errors["image"][0]
    response = owner_client.post("/my/innovations/new/", data(owner_client, image=png()))
    assert "image_alt" in response.context["form"].errors
    assert not Innovation.objects.exists()
