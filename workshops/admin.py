"""Admin for summits, workshops and people; participations are edited on the workshop."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from workshops.models import Participation, Person, Summit, Workshop


class WorkshopInline(admin.TabularInline):
    model = Workshop
    fields = ["title", "date", "start_time", "end_time", "format", "position"]
    show_change_link = True
    extra = 0


@admin.register(Summit)
class SummitAdmin(admin.ModelAdmin):
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


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "summit", "date", "start_time", "format", "theme"]
    list_filter = ["summit", "format", "theme", "date"]
    list_select_related = ["summit", "theme"]
    search_fields = ["title", "guiding_question", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ParticipationInline]
    fieldsets = [
        (None, {"fields": ["summit", "title", "slug", "theme", "guiding_question",
                           "description", "position"]}),
        (_("When"), {"fields": ["date", "start_time", "end_time"]}),
        (_("Where"), {"fields": ["format", "venue", "venue_address", "venue_latitude",
                                 "venue_longitude"]}),
    ]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "organisation", "actor", "city"]
    list_filter = ["participations__role", "city__country"]
    list_select_related = ["actor", "city"]
    search_fields = ["name", "title", "organisation"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["actor", "city"]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "workshop"]
    list_filter = ["role", "workshop__summit"]
    list_select_related = ["person", "workshop"]
    search_fields = ["person__name", "workshop__title", "topic"]
    autocomplete_fields = ["person", "workshop"]
