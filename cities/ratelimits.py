"""Per-client throttles of the costly anonymous requests (searches, the map feed), with
a 429 answer that says when to come back."""

from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from aimf_innovation.client_ip import client_ip


def _client_key(group, request) -> str:
    return client_ip(request)


def too_many_requests(request, retry_after: int, *, as_json: bool = False):
    """429 with Retry-After: the bilingual page (templates/429.html), or JSON for scripts."""
    if as_json:
        response = JsonResponse({"status": 429, "detail": _(
            "Too many requests. Try again in %(seconds)d seconds.") % {"seconds": retry_after},
            "errors": {}}, status=429)
    else:
        response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def throttled(group: str, rate_setting: str, *, only_with: str | None = None,
              as_json: bool = False):
    """Limit a view to settings.<rate_setting> requests (e.g. "60/m"; empty: no limit)
    per client and `group`; with `only_with`, only requests carrying that parameter
    (a search) count."""
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            rate = getattr(settings, rate_setting, "")
            if rate and (only_with is None or request.GET.get(only_with, "").strip()):
                usage = get_usage(request, group=group, key=_client_key, rate=rate,
                                  increment=True)
                if usage and usage["should_limit"]:
                    return too_many_requests(request, max(1, usage["time_left"]),
                                             as_json=as_json)
            return view(request, *args, **kwargs)
        return wrapper
    return decorator
