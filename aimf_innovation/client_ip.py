"""The client's address, read one way for every rate limit (DRF, allauth, django-ratelimit).

`TRUSTED_PROXY_COUNT` says how many proxies of ours stand in front of the application.
With 0 the address is the TCP peer (REMOTE_ADDR) and forwarded headers are ignored, since
anyone can send them. With N, each of our proxies appends the address it saw to
X-Forwarded-For, so the Nth address from the right was written by our outermost proxy and
is the client's; anything further left came from the client and is not trusted.
"""

import ipaddress

from django.conf import settings
from rest_framework import throttling

# Requests whose address cannot be read (e.g. a Unix socket with no proxy count set)
# share one bucket rather than escaping the limits.
UNKNOWN = "0.0.0.0"  # noqa: S104 - a bucket name, not a bind address


def _valid(address: str) -> str | None:
    address = address.strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the client that sent `request`, as far as our proxies vouch for it."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = forwarded.split(",") if forwarded.strip() else []
        if len(hops) >= count:
            address = _valid(hops[-count])
            if address:
                return address
    return _valid(request.META.get("REMOTE_ADDR") or "") or UNKNOWN


class AnonRateThrottle(throttling.AnonRateThrottle):
    """DRF's anonymous throttle, keyed on `client_ip` instead of whatever X-Forwarded-For
    the client chose to send."""

    def get_ident(self, request):
        return client_ip(request)
