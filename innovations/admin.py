"""Admin of the forge: innovations and adaptations with their history and decisions."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from innovations.models import Adaptation, Decision, DecisionAction, ForgeStatus, Innovation
from innovations.moderation import change_status


class DecisionInline(admin.TabularInline):
    """The moderation steps, read-only: decisions are taken on the moderation pages."""

    model = Decision
    fields = ["created_at", "action", "decided_by", "message"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    fk_name = None


class InnovationDecisionInline(DecisionInline):
    fk_name = "innovation"
    exclude = ["adaptation"]


class AdaptationDecisionInline(DecisionInline):
    fk_name = "adaptation"
    exclude = ["innovation"]


class ArchiveInsteadOfDeleteMixin:
    """Staff archive rather than delete, so that the history stays whole."""

    actions = ["archive_selected"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Archive the selected items"))
    def archive_selected(self, request, queryset):
        changed = 0
        for item in queryset.exclude(status=ForgeStatus.ARCHIVED):
            change_status(item=item, status=ForgeStatus.ARCHIVED, user=request.user,
                          action=DecisionAction.ARCHIVED)
            changed += 1
        messages.success(request, _("%(count)d archived.") % {"count": changed})


@admin.register(Innovation)
class InnovationAdmin(ArchiveInsteadOfDeleteMixin, SimpleHistoryAdmin):
    list_display = ["title", "city", "licence", "stage", "status", "updated_at"]
    list_filter = ["status", "licence", "stage", "themes"]
    search_fields = ["title", "summary", "city__name"]
    autocomplete_fields = ["actors", "city"]
    filter_horizontal = ["themes"]
    readonly_fields = ["submitted_by", "created_at", "updated_at"]
    list_select_related = ["city"]
    inlines = [InnovationDecisionInline]


@admin.register(Adaptation)
class AdaptationAdmin(ArchiveInsteadOfDeleteMixin, SimpleHistoryAdmin):
    list_display = ["innovation", "actor", "city", "progress", "status", "updated_at"]
    list_filter = ["status", "progress"]
    search_fields = ["innovation__title", "actor__name", "city__name"]
    autocomplete_fields = ["innovation", "actor", "city"]
    readonly_fields = ["origin_city", "submitted_by", "created_at", "updated_at"]
    list_select_related = ["innovation", "actor", "city"]
    inlines = [AdaptationDecisionInline]

    def save_model(self, request, obj, form, change):
        obj.origin_city = obj.innovation.city
        super().save_model(request, obj, form, change)
