"""Uploaded images (logos, forge images): only real PNG, JPEG or WebP, re-encoded on the server.

Nothing of an uploaded file is kept but its pixels: it is decoded by Pillow (SVG, HTML or a
script renamed .png fail to decode) and written anew as WebP, without metadata (GPS EXIF),
without trailing bytes (polyglots) and under a random name. Every door goes through this
module, because the model field does it (`ReencodedImageField`): site forms, admin,
services, shell.

What costs nothing is checked first, by the form field: the byte size, then the format
and the pixel count, read from the header (`Image.open` does not decode the pixels). The
pixels are decoded only when the model is saved, i.e. after the whole form is valid and
the view's submission rate limit has passed; the admin, which has no such limit, decodes
at the end of its form's validation so that a broken file is a form error there too
(`ReencodeImagesFormMixin`).
"""

import io
import uuid
import warnings
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_BYTES = 2 * 1024 * 1024
ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP"}
ACCEPTED_TYPES = "image/png,image/jpeg,image/webp"


@dataclass(frozen=True)
class ImageKind:
    """What one kind of image becomes (longest side, WebP quality), the most pixels it
    may have, and how its errors are worded (keys: too_large with %(size)s, not_an_image,
    too_many_pixels with %(width)d, %(height)d and %(limit)d megapixels, pixel_bomb)."""

    size: tuple[int, int]
    quality: int
    max_pixels: int
    messages: dict
    help_text: str = ""


# A 512 px logo needs far less than 4 megapixels (2000 x 2000); the limit is checked from
# the header, before a single pixel is decoded.
LOGO = ImageKind(
    size=(512, 512), quality=85, max_pixels=4_000_000,
    messages={
        "too_large": _("The logo is too large (%(size).1f MB); at most 2 MB."),
        "not_an_image": _("The logo must be a PNG, JPEG or WebP image (SVG and other files "
                          "are refused)."),
        "too_many_pixels": _("The logo has too many pixels (%(width)d × %(height)d); at "
                             "most %(limit)d megapixels."),
        "pixel_bomb": _("The logo has too many pixels."),
    },
    help_text=_("PNG, JPEG or WebP, at most 2 MB; it is resized to 512 pixels."),
)


def _error(kind: ImageKind, code: str, **params) -> ValidationError:
    return ValidationError(kind.messages[code], code=code, params=params or None)


def _open(upload, kind: ImageKind) -> Image.Image:
    """The image with its header read and checked (format, pixel count); nothing decoded."""
    if upload.size > MAX_BYTES:
        raise _error(kind, "too_large", size=upload.size / 1024 / 1024)
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _error(kind, "pixel_bomb") from None
    except (OSError, SyntaxError, ValueError):
        raise _error(kind, "not_an_image") from None
    if image.format not in ACCEPTED_FORMATS:
        raise _error(kind, "not_an_image")
    width, height = image.size
    if width * height > kind.max_pixels:
        raise _error(kind, "too_many_pixels", width=width, height=height,
                     limit=kind.max_pixels // 1_000_000)
    return image


def check_header(upload, kind: ImageKind) -> None:
    """Refuses, without decoding it, an upload that is too large, not an accepted format or
    has too many pixels."""
    _open(upload, kind)


def reencode(upload, kind: ImageKind) -> ContentFile:
    """A safe WebP file from an uploaded image, at most `kind.size`, with a random name;
    or a ValidationError worded for `kind`."""
    image = _open(upload, kind)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # JPEG decodes at a reduced scale when that is still larger than the target.
            image.draft("RGB", kind.size)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _error(kind, "pixel_bomb") from None
    except (OSError, SyntaxError, ValueError):
        raise _error(kind, "not_an_image") from None
    image = ImageOps.exif_transpose(image)
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB")
    image.thumbnail(kind.size)
    output = io.BytesIO()
    # Only the pixels: no EXIF, ICC or XMP is passed on.
    image.save(output, format="WEBP", quality=kind.quality)
    content = ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.webp")
    content.reencoded = True
    return content


def _is_new_upload(value) -> bool:
    return isinstance(value, UploadedFile)


class ImageUploadField(forms.FileField):
    """The form side: cheap checks only (bytes, format, header pixel count). The pixels
    are decoded when the model is saved (see the module's docstring)."""

    def __init__(self, *, kind: ImageKind = LOGO, **kwargs):
        self.kind = kind
        kwargs.setdefault("help_text", kind.help_text)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": ACCEPTED_TYPES}

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if _is_new_upload(value):
            check_header(value, self.kind)
        return value


class ReencodedImageField(models.ImageField):
    """An image field whose new files are always re-encoded before they reach the storage,
    whatever set them; its form field checks the header first."""

    def __init__(self, *args, kind: ImageKind = LOGO, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # The column is an ImageField's: migrations need not know how files are cleaned.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, "kind": self.kind,
                                    **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed and not getattr(file.file, "reencoded", False):
            try:
                setattr(model_instance, self.attname, reencode(file.file, self.kind))
            except ValidationError as error:
                raise ValidationError({self.name: error.error_list}) from None
        return super().pre_save(model_instance, add)


class ReencodeImagesFormMixin:
    """For model forms saved without a rate limit in between (the admin): once every other
    check has passed, the new images are decoded and re-encoded, so that a file that only
    looked like an image is an error on its field rather than on saving."""

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if not (isinstance(field, ImageUploadField) and _is_new_upload(value)):
                continue
            try:
                image = reencode(value, field.kind)
            except ValidationError as error:
                self.add_error(name, error)
                continue
            self.cleaned_data[name] = image
            setattr(self.instance, name, image)
