"""Innovation images: decoded and re-encoded as WebP like the actors' logos (see
actors/images.py for why and when), but kept larger: they show a device, not a brand."""

from django.utils.translation import gettext_lazy as _

from actors.images import ImageKind

# Phone photos (12 to 25 megapixels) are accepted; JPEG decodes at a reduced scale.
IMAGE = ImageKind(
    size=(1200, 1200), quality=82, max_pixels=25_000_000,
    messages={
        "too_large": _("The image is too large (%(size).1f MB); at most 2 MB."),
        "not_an_image": _("The image must be a PNG, JPEG or WebP file (SVG and other files "
                          "are refused)."),
        "too_many_pixels": _("The image has too many pixels (%(width)d × %(height)d); at "
                             "most %(limit)d megapixels."),
        "pixel_bomb": _("The image has too many pixels."),
    },
    help_text=_("PNG, JPEG or WebP, at most 2 MB; it is resized to 1200 pixels."),
)
