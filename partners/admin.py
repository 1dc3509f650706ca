"""API keys in the admin: the secret is shown once at creation; usage is read-only."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from partners.models import APIKeyUsage, PartnerAPIKey
from partners.services import revoke_key

# The library's own key model is installed with it but unused: partners' keys have an
# owner, a scope and a quota.
admin.site.unregister(APIKey)


class APIKeyUsageInline(admin.TabularInline):
    model = APIKeyUsage
    fields = ["day", "requests", "refused", "last_request_at"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-day"]

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-day")


@admin.register(PartnerAPIKey)
class PartnerAPIKeyAdmin(APIKeyModelAdmin):
    list_display = [
        "prefix", "name", "owner", "scope", "daily_quota", "requests_today", "created",
        "expiry_date", "revoked",
    ]
    list_filter = ["scope", "revoked", "created"]
    search_fields = ["name", "prefix", "owner__username", "owner__email"]
    autocomplete_fields = ["owner"]
    fields = ["name", "owner", "scope", "daily_quota", "expiry_date", "revoked", "prefix"]
    inlines = [APIKeyUsageInline]
    actions = ["revoke_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner").with_requests_today()

    @admin.display(description=_("requests today"), ordering="requests_today_count")
    def requests_today(self, key):
        return key.requests_today_count

    def save_model(self, request, obj, form=None, change=False):
        if change:
            obj.save()
            return
        secret = self.model.objects.assign_key(obj)
        obj.save()
        messages.warning(request, _(
            "The API key for “%(name)s” is: %(secret)s — copy it now and keep it safe: "
            "it is stored hashed and will not be shown again."
        ) % {"name": obj.name, "secret": secret})

    @admin.action(description=_("Revoke the selected keys (cannot be undone)"))
    def revoke_selected(self, request, queryset):
        keys = list(queryset.filter(revoked=False))
        for key in keys:
            revoke_key(key=key)
        self.message_user(request, ngettext(
            "%(count)d key revoked.", "%(count)d keys revoked.", len(keys)
        ) % {"count": len(keys)})
