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


def clean_logo(upload) -> ContentFile:
    """A safe WebP file from an uploaded logo, or a ValidationError saying what is wrong."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The logo is too large (%(size).1f MB); at most 2 MB."),
            params={"size": upload.size / 1024 / 1024}, code="too_large",
        )
    refused = ValidationError(
        _("The logo must be a PNG, JPEG or WebP image (SVG and other files are refused)."),
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
                raise ValidationError(
                    _("The logo has too many pixels (%(width)d × %(height)d)."),
                    params={"width": width, "height": height}, code="too_many_pixels",
                )
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The logo has too many pixels."), code="too_many_pixels") from None
    except (OSError, SyntaxError, ValueError):
        raise refused from None
    image = ImageOps.exif_transpose(image)
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    image.thumbnail(LOGO_SIZE)
    output = io.BytesIO()
    image.save(output, format="WEBP", quality=85)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.webp")
