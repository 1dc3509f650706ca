"""Admin of possible duplicates across sources: the list, the merge and the dismissal."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from actors.duplicates import scan_for_duplicates
from actors.merging import dismiss_pair, merge_actors
from actors.models import ActorSourceId, DuplicatePair


class ActorSourceIdInline(admin.TabularInline):
    """Other sources' identifiers of an actor (from merges): their re-imports update it."""

    model = ActorSourceId
    fields = ["source", "external_id", "created_at"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False


@admin.register(DuplicatePair)
class DuplicatePairAdmin(SimpleHistoryAdmin):
    """Possible duplicates found by imports and scans: merge them, or say they differ."""

    list_display = ["first_link", "first_place", "second_link", "second_place", "reasons",
                    "distance", "status", "found_by", "created_at"]
    list_filter = ["status", "first__source", "second__source"]
    list_select_related = ["first__city", "second__city", "kept"]
    search_fields = ["first__name", "second__name", "found_by"]
    actions = ["merge_into_first", "merge_into_second", "dismiss"]
    readonly_fields = ["first", "second", "reason", "distance_km", "found_by", "status",
                       "kept", "decided_by", "decided_at", "created_at"]
    fields = readonly_fields
    change_list_template = "admin/actors/duplicatepair/change_list.html"

    def get_urls(self):
        return [
            path("scan/", self.admin_site.admin_view(self.scan_view),
                 name="actors_duplicatepair_scan"),
            *super().get_urls(),
        ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a dismissal is kept, so the pair is never raised again

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("actors.change_actor")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}),
                         "can_scan": self.has_change_permission(request)}
        return super().changelist_view(request, extra_context=extra_context)

    def scan_view(self, request):
        """Looks for possible duplicates among all actors (POST), then back to the list."""
        if request.method != "POST" or not self.has_change_permission(request):
            raise PermissionDenied
        added = scan_for_duplicates()
        self.message_user(request, ngettext(
            "%(count)d possible duplicate found.", "%(count)d possible duplicates found.",
            added) % {"count": added}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:actors_duplicatepair_changelist"))

    @staticmethod
    def _actor(actor):
        url = reverse("admin:actors_actor_change", args=[actor.pk])
        return format_html('<a href="{}">{}</a> <small>({}, {})</small>', url, actor.name,
                           actor.source or "—", actor.get_status_display())

    @admin.display(description=_("first actor"), ordering="first__name")
    def first_link(self, obj):
        return self._actor(obj.first)

    @admin.display(description=_("second actor"), ordering="second__name")
    def second_link(self, obj):
        return self._actor(obj.second)

    @admin.display(description=_("city"), ordering="first__city__name")
    def first_place(self, obj):
        return obj.first.city.name

    @admin.display(description=_("city"), ordering="second__city__name")
    def second_place(self, obj):
        return obj.second.city.name

    @admin.display(description=_("reason"))
    def reasons(self, obj):
        return obj.reasons()

    @admin.display(description=_("distance (km)"), ordering="distance_km")
    def distance(self, obj):
        return "—" if obj.distance_km is None else f"{obj.distance_km:.1f}"

    def _merge(self, request, queryset, *, keep_first: bool):
        merged = 0
        for pair in queryset.select_related("first", "second"):
            if pair.status != DuplicatePair.Status.OPEN:
                continue
            kept, other = (pair.first, pair.second) if keep_first else (pair.second, pair.first)
            try:
                merge_actors(kept=kept, merged=other, user=request.user, pair=pair)
            except ValidationError as error:
                self.message_user(request, f"{pair}: {' '.join(error.messages)}",
                                  messages.ERROR)
            else:
                merged += 1
        self.message_user(request, ngettext(
            "%(count)d pair merged.", "%(count)d pairs merged.", merged) % {"count": merged},
            messages.SUCCESS)

    @admin.action(description=_("Merge: keep the first actor"), permissions=["change"])
    def merge_into_first(self, request, queryset):
        self._merge(request, queryset, keep_first=True)

    @admin.action(description=_("Merge: keep the second actor"), permissions=["change"])
    def merge_into_second(self, request, queryset):
        self._merge(request, queryset, keep_first=False)

    @admin.action(description=_("Not a duplicate"), permissions=["change"])
    def dismiss(self, request, queryset):
        count = 0
        for pair in queryset.filter(status=DuplicatePair.Status.OPEN):
            dismiss_pair(pair=pair, user=request.user)
            count += 1
        self.message_user(request, ngettext(
            "%(count)d pair marked as not a duplicate.",
            "%(count)d pairs marked as not a duplicate.", count) % {"count": count},
            messages.SUCCESS)
