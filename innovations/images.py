"""Innovation images: decoded and re-encoded as WebP like the actors' logos (see
actors/images.py for why), but kept larger: they show a device, not a brand."""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from actors.images import ACCEPTED_FORMATS, MAX_BYTES, MAX_PIXELS

IMAGE_SIZE = (1200, 1200)


def clean_image(upload) -> ContentFile:
    """A safe WebP file from an uploaded image, or a ValidationError saying what is wrong."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The image is too large (%(size).1f MB); at most 2 MB."),
            params={"size": upload.size / 1024 / 1024}, code="too_large",
        )
    refused = ValidationError(
        _("The image must be a PNG, JPEG or WebP file (SVG and other files are refused)."),
        code="not_an_image",
    )
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise refused
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(_("The image has too many pixels."),
                                      code="too_many_pixels")
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The image has too many pixels."),
                              code="too_many_pixels") from None
    except (OSError, SyntaxError, ValueError):
        raise refused from None
    image = ImageOps.exif_transpose(image)
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    image.thumbnail(IMAGE_SIZE)
    output = io.BytesIO()
    image.save(output, format="WEBP", quality=82)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.webp")
