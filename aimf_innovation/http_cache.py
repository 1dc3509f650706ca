"""Cache-Control for shared caches (a caching proxy or a CDN), decided once for every answer.

Anonymous pages and anonymous API answers are `public, max-age=0, s-maxage=N`: browsers
revalidate every time (with the ETag where there is one), a shared cache may serve the
answer for N seconds (HTTP_CACHE_S_MAXAGE). Anything personal is `private, no-cache`: a
signed-in user, an Authorization header (API keys), a session holding data, a page carrying
a CSRF token, an answer setting a cookie.
"""

from django.conf import settings
from django.utils.cache import patch_vary_headers

# Answers a shared cache may keep (RFC 9110 "heuristically cacheable" codes we produce).
CACHEABLE_STATUSES = {200, 203, 300, 301, 308, 404, 410}
PRIVATE = "private, no-cache"


def is_personal(request, response) -> bool:
    """Whether the answer depends on who asks (and so must never sit in a shared cache)."""
    if request.headers.get("Authorization"):
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    if session is not None and session.accessed and not session.is_empty():
        return True
    # A CSRF token in the page, or any cookie set: never share it with other visitors.
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies)


def is_api(request) -> bool:
    return request.path_info.startswith("/api/")


class HttpCacheMiddleware:
    """Sets Cache-Control and Vary on every answer to GET and HEAD (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return response
        if is_personal(request, response):
            response["Cache-Control"] = PRIVATE
            return response
        if is_api(request):
            # The API negotiates the language and the format from headers; keyed answers
            # (Authorization) are private, but a cache must not hand them a public one.
            patch_vary_headers(response, ("Accept", "Accept-Language", "Authorization"))
        else:
            # Pages take their language from the URL (/en/...), never from Accept-Language;
            # the Cookie keeps a signed-in visitor's request away from cached copies.
            vary = [value.strip() for value in response.get("Vary", "").split(",")]
            vary = [value for value in vary if value and value.lower() != "accept-language"]
            if vary:
                response["Vary"] = ", ".join(vary)
            elif "Vary" in response:
                del response["Vary"]
            patch_vary_headers(response, ("Cookie",))
        if response.status_code not in CACHEABLE_STATUSES and response.status_code != 304:
            return response
        existing = response.get("Cache-Control", "").lower()
        if "private" in existing or "no-store" in existing:
            return response
        s_maxage = settings.HTTP_CACHE_S_MAXAGE
        if s_maxage <= 0:
            response["Cache-Control"] = "no-cache"
        elif "max-age" in existing:
            # A view's own max-age (e.g. a map popup, 5 minutes) holds for browsers too.
            response["Cache-Control"] = f"public, {existing}, s-maxage={s_maxage}"
        else:
            response["Cache-Control"] = f"public, max-age=0, s-maxage={s_maxage}"
        return response
