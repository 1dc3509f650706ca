"""Admin for summits, workshops, people and outcomes; participations, recommendations and
commitments are edited on the workshop, statuses also in the commitment list."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from workshops.models import Commitment, Participation, Person, Recommendation, Summit, Workshop


class WorkshopInline(admin.TabularInline):
    model = Workshop
    fields = ["title", "date", "start_time", "end_time", "format", "position"]
    show_change_link = True
    extra = 0


@admin.register(Summit)
class SummitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "city", "start_date", "end_date", "workshop_count"]
    list_filter = ["city__country", "start_date"]
    list_select_related = ["city"]
    search_fields = ["name", "place"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["city"]
    inlines = [WorkshopInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(workshop_count=Count("workshops"))

    @admin.display(description=_("workshops"), ordering="workshop_count")
    def workshop_count(self, obj):
        return obj.workshop_count


class ParticipationInline(admin.TabularInline):
    model = Participation
    fields = ["person", "role", "topic", "position"]
    autocomplete_fields = ["person"]
    extra = 1


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    fields = ["text", "position"]
    extra = 0


class CommitmentInline(admin.StackedInline):
    model = Commitment
    fields = ["title", "slug", "status", "recommendation", "themes", "cities", "position"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["themes", "cities"]
    show_change_link = True
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "recommendation":
            # Only the recommendations of the workshop being edited.
            workshop_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Recommendation.objects.filter(
                workshop_id=workshop_id if str(workshop_id or "").isdigit() else None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Workshop)
class WorkshopAdmin(SimpleHistoryAdmin):
    list_display = ["title", "summit", "date", "start_time", "format", "theme"]
    list_filter = ["summit", "format", "theme", "date"]
    list_select_related = ["summit", "theme"]
    search_fields = ["title", "guiding_question", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ParticipationInline, RecommendationInline, CommitmentInline]
    fieldsets = [
        (None, {"fields": ["summit", "title", "slug", "theme", "guiding_question",
                           "description", "position"]}),
        (_("When"), {"fields": ["date", "start_time", "end_time"]}),
        (_("Where"), {"fields": ["format", "venue", "venue_address", "venue_latitude",
                                 "venue_longitude"]}),
    ]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "organisation", "actor", "city"]
    list_filter = ["participations__role", "city__country"]
    list_select_related = ["actor", "city"]
    search_fields = ["name", "title", "organisation"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["actor", "city"]


@admin.register(Participation)
class ParticipationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "role", "workshop"]
    list_filter = ["role", "workshop__summit"]
    list_select_related = ["person", "workshop"]
    search_fields = ["person__name", "workshop__title", "topic"]
    autocomplete_fields = ["person", "workshop"]


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "workshop", "position"]
    list_filter = ["workshop__summit", "workshop"]
    list_select_related = ["workshop"]
    search_fields = ["text", "workshop__title"]
    autocomplete_fields = ["workshop"]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "status", "workshop", "city_count", "updated_at"]
    list_editable = ["status"]
    list_filter = ["status", "workshop__summit", "themes", "cities__country"]
    list_select_related = ["workshop"]
    search_fields = ["title", "description", "workshop__title", "cities__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["workshop", "recommendation", "themes", "cities"]
    readonly_fields = ["created_at", "updated_at"]
    fields = ["title", "slug", "description", "workshop", "recommendation", "themes", "cities",
              "status", "position", "created_at", "updated_at"]
    history_list_display = ["status"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(city_count=Count("cities", distinct=True))

    @admin.display(description=_("committed cities"), ordering="city_count")
    def city_count(self, obj):
        return obj.city_count
