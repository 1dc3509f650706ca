"""Who may write through the API: a key with the write scope, never a session."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from partners.models import PartnerAPIKey


class ReadOrWriteKey(BasePermission):
    """Anyone reads; writing needs an API key whose scope includes writing."""

    message = _("Writing needs an API key with the write scope.")

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return isinstance(request.auth, PartnerAPIKey) and request.auth.can_write


class HasAPIKey(BasePermission):
    """Only a request authenticated by an API key (whatever its scope)."""

    message = _("This needs an API key.")

    def has_permission(self, request, view):
        return isinstance(request.auth, PartnerAPIKey)
