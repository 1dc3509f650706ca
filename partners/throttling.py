"""Per-key daily quota, counted in the database (see services.record_request)."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.throttling import BaseThrottle

from partners.models import PartnerAPIKey
from partners.services import record_request


class APIKeyQuotaThrottle(BaseThrottle):
    """Counts every request made with a key; past the key's daily quota, answers 429.

    The quota's state goes to the response as X-RateLimit-* headers
    (partners.middleware.RateLimitHeadersMiddleware).
    """

    def allow_request(self, request, view):
        key = request.auth
        if not isinstance(key, PartnerAPIKey):
            return True
        state = record_request(key=key)
        request._request.rate_limit = state
        if not state.allowed:
            raise exceptions.Throttled(
                wait=state.seconds_to_reset,
                detail=_("This key's daily quota of %(quota)d requests is used up; "
                         "it starts again at midnight UTC.") % {"quota": state.limit},
            )
        return True
