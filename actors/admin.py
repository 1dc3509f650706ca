"""Admin for actors and their taxonomy, with map placement and bulk moderation."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from actors import moderation
from actors.images import ReencodeImagesFormMixin
from actors.models import Actor, ActorKind, ModerationDecision, Theme
from cities.admin import LocationMapMixin


@admin.register(ActorKind)
class ActorKindAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "slug", "colour", "icon", "position"]
    list_editable = ["position"]
    list_filter = ["icon"]
    search_fields = ["name_fr", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_en", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_fr", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


class VerifiedFilter(admin.SimpleListFilter):
    title = _("verified by the city")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.verified()
        if self.value() == "no":
            return queryset.filter(verified_at__isnull=True)
        return queryset


class ModerationDecisionInline(admin.TabularInline):
    """The moderation steps, read-only: decisions are taken on the moderation pages."""

    model = ModerationDecision
    fields = ["created_at", "action", "decided_by", "message"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False


class ActorAdminForm(ReencodeImagesFormMixin, forms.ModelForm):
    """The logo is re-encoded like on the site (the model field does it on save; here a
    broken file is an error on the form)."""


@admin.register(Actor)
class ActorAdmin(LocationMapMixin, SimpleHistoryAdmin):
    form = ActorAdminForm
    list_display = ["name", "kind", "city", "country", "status", "verified", "updated_at"]
    list_filter = [
        "status",
        VerifiedFilter,
        "kind",
        "themes",
        "location_precision",
        "is_women_led",
        "city__country__region",
        "city__country",
        "source",
    ]
    list_select_related = ["kind", "city__country"]
    search_fields = ["name", "slug", "city__name", "short_description", "external_id"]
    autocomplete_fields = ["city", "owners"]
    filter_horizontal = ["themes"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["location_map", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    actions = ["publish", "archive", "mark_verified"]
    inlines = [ModerationDecisionInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "themes", "status", "verified_at", "owners"]}),
        (
            _("Location"),
            {"fields": ["city", "address", "location_map", "latitude", "longitude",
                        "location_precision"]},
        ),
        (
            _("Presentation"),
            {"fields": ["short_description", "description", "logo", "founded_year",
                        "is_women_led", "languages", "accessibility", "accessibility_notes"]},
        ),
        (
            _("Links and contacts"),
            {"fields": ["website", "social_links", "contact_name", "contact_name_is_public",
                        "email", "email_is_public", "phone", "phone_is_public"]},
        ),
        (_("Freshness"), {"fields": ["confirmed_at", "reminder_sent_at"]}),
        (_("Import"), {"fields": ["source", "external_id"], "classes": ["collapse"]}),
        (_("Timestamps"), {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("country"), ordering="city__country__code")
    def country(self, obj):
        return obj.city.country

    @admin.display(description=_("verified"), boolean=True, ordering="verified_at")
    def verified(self, obj):
        return obj.is_verified

    def _report(self, request, count):
        self.message_user(
            request,
            ngettext("%(count)d actor changed.", "%(count)d actors changed.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def has_delete_permission(self, request, obj=None):
        # Organisations are archived, never deleted: their history and decisions stay.
        return False

    @admin.action(description=_("Publish the selected actors"), permissions=["change"])
    def publish(self, request, queryset):
        self._report(request, moderation.change_status_of_many(
            actors=queryset, status=Actor.Status.PUBLISHED, user=request.user,
            reason="published from the admin",
        ))

    @admin.action(description=_("Archive the selected actors"), permissions=["change"])
    def archive(self, request, queryset):
        self._report(request, moderation.change_status_of_many(
            actors=queryset, status=Actor.Status.ARCHIVED, user=request.user,
            reason="archived from the admin",
        ))

    @admin.action(description=_("Mark as verified by the city"), permissions=["change"])
    def mark_verified(self, request, queryset):
        actors = list(queryset.filter(verified_at__isnull=True))
        for actor in actors:
            moderation.mark_verified(actor=actor, user=request.user)
        self._report(request, len(actors))


# Possible duplicates, merges and other sources' identifiers (their own module).
from actors.admin_duplicates import (  # noqa: E402
    ActorSourceIdInline,
    DuplicatePairAdmin,  # noqa: F401
)

ActorAdmin.inlines = [*ActorAdmin.inlines, ActorSourceIdInline]
