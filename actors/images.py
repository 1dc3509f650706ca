"""Logo uploads: only real PNG, JPEG or WebP images, re-encoded and resized on the server.

Nothing of the uploaded file is kept but its pixels: the image is decoded by Pillow
(SVG, HTML or a script renamed .png fail to decode), checked for its pixel count before
decoding (decompression bombs), then written anew as WebP without metadata.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 25_000_000  # far above any logo, far below a decompression bomb
LOGO_SIZE = (512, 512)
ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP"}


def reencoded(upload, *, size: tuple[int, int], quality: int, messages: dict) -> ContentFile:
    """A safe WebP file from an uploaded image, at most `size`, or a ValidationError with
    one of `messages` (keys too_large with %(size)s, not_an_image, too_many_pixels with
    %(width)d and %(height)d, and pixel_bomb)."""
    if upload.size > MAX_BYTES:
        raise ValidationError(messages["too_large"],
                              params={"size": upload.size / 1024 / 1024}, code="too_large")
    refused = ValidationError(messages["not_an_image"], code="not_an_image")
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
                raise ValidationError(messages["too_many_pixels"],
                                      params={"width": width, "height": height},
                                      code="too_many_pixels")
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(messages["pixel_bomb"], code="too_many_pixels") from None
    except (OSError, SyntaxError, ValueError):
        raise refused from None
    image = ImageOps.exif_transpose(image)
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    image.thumbnail(size)
    output = io.BytesIO()
    image.save(output, format="WEBP", quality=quality)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.webp")


def clean_logo(upload) -> ContentFile:
    """A safe WebP logo from an upload, or a ValidationError saying what is wrong."""
    return reencoded(upload, size=LOGO_SIZE, quality=85, messages={
        "too_large": _("The logo is too large (%(size).1f MB); at most 2 MB."),
        "not_an_image": _("The logo must be a PNG, JPEG or WebP image (SVG and other files "
                          "are refused)."),
        "too_many_pixels": _("The logo has too many pixels (%(width)d × %(height)d)."),
        "pixel_bomb": _("The logo has too many pixels."),
    })
