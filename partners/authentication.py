"""API key authentication: `Authorization: Bearer <key>` (or `Token <key>`, `Api-Key <key>`)."""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from partners.models import PartnerAPIKey

KEYWORDS = ("bearer", "token", "api-key")
KEY_FORMAT = re.compile(r"[A-Za-z0-9]{1,40}\.[A-Za-z0-9]{1,100}")


class APIKeyAuthentication(BaseAuthentication):
    """Authenticates as the key's owner; `request.auth` is the key.

    A request without an Authorization header stays anonymous (reading is open); a header
    with a wrong, revoked or expired key is refused with 401 rather than served anonymously,
    so that a partner learns at once that the key is not being used.
    """

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the key as: Authorization: Bearer <key>.")
            )
        secret = header[1].decode("latin-1")
        # The library's keys are "prefix.secret" in letters and digits; anything else (NUL
        # bytes, which PostgreSQL refuses, included) is refused before any query.
        key = None
        if KEY_FORMAT.fullmatch(secret):
            prefix = secret.partition(".")[0]
            key = PartnerAPIKey.objects.select_related("owner").filter(prefix=prefix).first()
        # The library checks the hash (and upgrades an old one); only a caller holding the
        # real secret learns that the key was revoked or has expired.
        if key is None or not key.is_valid(secret):
            raise exceptions.AuthenticationFailed(_("Invalid API key."))
        if key.revoked:
            raise exceptions.AuthenticationFailed(_("This API key was revoked."))
        if key.has_expired:
            raise exceptions.AuthenticationFailed(_("This API key has expired."))
        if not key.owner.is_active:
            raise exceptions.AuthenticationFailed(_("The owner of this API key is inactive."))
        return key.owner, key

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
