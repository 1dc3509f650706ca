"""Admin of the forge: innovations and adaptations with their history and decisions."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from actors.images import ReencodeImagesFormMixin
from innovations.models import Adaptation, Decision, DecisionAction, ForgeStatus, Innovation
from innovations.moderation import ModerationConflict, decide
from innovations.services import check_city_of_origin, check_move, follow_move


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


class ModerationActionsMixin:
    """Staff archive rather than delete, so that the history stays whole; the status is
    changed only by these actions, through `decide`, so that each step is a Decision."""

    actions = ["approve_selected", "reject_selected", "archive_selected"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "status"]

    def _decide(self, request, queryset, action: str, message: str = ""):
        done, refused = 0, []
        for item in queryset:
            try:
                decide(model=self.model, pk=item.pk, user=request.user, action=action,
                       message=message)
                done += 1
            except (ModerationConflict, PermissionDenied, ValidationError) as error:
                refused.append(f"{item}: {_reason(error)}")
        if done:
            messages.success(request, ngettext("%(count)d item changed.",
                                               "%(count)d items changed.", done)
                             % {"count": done})
        for line in refused:
            messages.error(request, line)

    @admin.action(description=_("Approve the selected items"))
    def approve_selected(self, request, queryset):
        self._decide(request, queryset, DecisionAction.APPROVED)

    @admin.action(description=_("Reject the selected items"))
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, DecisionAction.REJECTED,
                     gettext("Rejected by the AIMF staff."))

    @admin.action(description=_("Archive the selected items"))
    def archive_selected(self, request, queryset):
        self._decide(request, queryset.exclude(status=ForgeStatus.ARCHIVED),
                     DecisionAction.ARCHIVED)


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, PermissionDenied):
        return gettext("You may not moderate it.")
    return str(error)


class InnovationAdminForm(ReencodeImagesFormMixin, forms.ModelForm):
    """The rules of `innovations.services.update_innovation`: the city of origin is the
    city of one of the originating actors, and never a city where it was adapted. The
    image is re-encoded like on the site."""

    def clean(self):
        data = super().clean()
        city, actors = data.get("city"), data.get("actors")
        try:
            check_city_of_origin(city, list(actors) if actors is not None else None)
            if self.instance.pk and city and city.pk != self.instance.city_id:
                check_move(self.instance, city)
        except ValidationError as error:
            self.add_error(None if "city" not in self.fields else "city",
                           error.message_dict.get("city", error.messages))
        return data


@admin.register(Innovation)
class InnovationAdmin(ModerationActionsMixin, SimpleHistoryAdmin):
    form = InnovationAdminForm
    list_display = ["title", "city", "licence", "stage", "status", "updated_at"]
    list_filter = ["status", "licence", "stage", "themes"]
    search_fields = ["title", "summary", "city__name"]
    autocomplete_fields = ["actors", "city"]
    filter_horizontal = ["themes"]
    readonly_fields = ["submitted_by", "created_at", "updated_at"]
    list_select_related = ["city"]
    inlines = [InnovationDecisionInline]

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        obj._change_reason = "edited in the admin"
        super().save_model(request, obj, form, change)
        if change and "city" in form.changed_data:
            follow_move(obj)


@admin.register(Adaptation)
class AdaptationAdmin(ModerationActionsMixin, SimpleHistoryAdmin):
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
