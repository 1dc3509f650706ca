"""/media/ served by the application in every mode: uploaded logos and images.

Only raster images are sent as images; anything else is a download
(application/octet-stream, Content-Disposition: attachment), so that an uploaded HTML or SVG
file can never run in the site's origin. nosniff keeps browsers to that type. No directory
listing, no path outside MEDIA_ROOT, no hidden files. SERVE_MEDIA=0 leaves /media/ to the
proxy (docs/operators.md shows the equivalent nginx block).
"""

import posixpath
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

SAFE_IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


def media_file(path: str) -> Path:
    """The file under MEDIA_ROOT that `path` names, or Http404."""
    clean = posixpath.normpath(path).lstrip("/")
    parts = clean.split("/")
    if not path or clean != path or any(part.startswith(".") or not part for part in parts) \
            or "\\" in path or "\x00" in path:
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    candidate = (root / clean).resolve()
    if root not in candidate.parents or not candidate.is_file():
        raise Http404
    return candidate


@require_safe
def serve_media(request, path):
    file = media_file(path)
    stat = file.stat()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        return HttpResponseNotModified()
    content_type = SAFE_IMAGE_TYPES.get(file.suffix.lower())
    response = FileResponse(
        file.open("rb"),
        content_type=content_type or "application/octet-stream",
        as_attachment=content_type is None,
        filename=file.name,
    )
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["X-Content-Type-Options"] = "nosniff"
    # An image opened on its own runs nothing, whatever is inside it.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
