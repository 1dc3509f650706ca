"""Access rules on actors for the API (the queryset decides visibility)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission


class CanEditActor(BasePermission):
    """Writing on one organisation: its owners and staff, unless it is archived."""

    message = _("Only the organisation's owners can change it, and not once it is archived.")

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS or obj.can_be_edited_by(request.user)
