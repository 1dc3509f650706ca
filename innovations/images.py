"""Innovation images: decoded and re-encoded as WebP like the actors' logos (see
actors/images.py for why), but kept larger: they show a device, not a brand."""

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from actors.images import reencoded

IMAGE_SIZE = (1200, 1200)


def clean_image(upload) -> ContentFile:
    """A safe WebP file from an uploaded image, or a ValidationError saying what is wrong."""
    return reencoded(upload, size=IMAGE_SIZE, quality=82, messages={
        "too_large": _("The image is too large (%(size).1f MB); at most 2 MB."),
        "not_an_image": _("The image must be a PNG, JPEG or WebP file (SVG and other files "
                          "are refused)."),
        "too_many_pixels": _("The image has too many pixels."),
        "pixel_bomb": _("The image has too many pixels."),
    })
