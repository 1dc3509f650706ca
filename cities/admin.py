"""Admin for countries and cities; cities are placed on a map."""

from django.contrib import admin
from django.db.models import Count
from django.forms import Script
from django.utils.html import format_html, json_script
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from simple_history.admin import SimpleHistoryAdmin

from cities.maps import map_config
from cities.models import City, CitySlugRedirect, Country


class LocationMapMixin:
    """Adds a Leaflet map to the change form that reads and writes latitude/longitude."""

    latitude_field = "latitude"
    longitude_field = "longitude"

    class Media:
        css = {"all": ["leaflet/leaflet.css", "css/admin-location-map.css"]}
        js = ["leaflet/leaflet.js", "js/leaflet-locale.js",
              Script("js/location-map.js", type="module")]

    @admin.display(description=_("Map"))
    def location_map(self, obj):
        return format_html(
            '{}<div class="location-map" data-latitude-input="id_{}" data-longitude-input="id_{}"'
            ' role="application" aria-label="{}"></div><p class="help">{}</p>',
            json_script(map_config(), "map-config"),
            self.latitude_field,
            self.longitude_field,
            _("Map: click to place the point"),
            _("Click on the map or drag the marker to set the coordinates, or type them."),
        )


class CityInline(admin.TabularInline):
    model = City
    fields = ["name", "is_aimf_member", "population"]
    show_change_link = True
    extra = 0
    can_delete = False


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "is_global_south", "city_count"]
    list_filter = ["region", "is_global_south"]
    search_fields = ["code"]
    inlines = [CityInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(city_count=Count("cities"))

    @admin.display(description=_("cities"), ordering="city_count")
    def city_count(self, obj):
        return obj.city_count

    def get_search_results(self, request, queryset, search_term):
        # Country names come from django-countries, not the database: match them here.
        queryset, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        if search_term:
            codes = [code for code, name in countries if search_term.lower() in name.lower()]
            queryset |= self.model.objects.filter(code__in=codes)
        return queryset, may_have_duplicates


@admin.register(City)
class CityAdmin(LocationMapMixin, SimpleHistoryAdmin):
    list_display = ["name", "country", "is_aimf_member", "population", "updated_at"]
    list_filter = ["is_aimf_member", "country__region", "country__is_global_south", "country"]
    list_select_related = ["country"]
    search_fields = ["name", "slug", "alternate_names"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["officials"]
    readonly_fields = ["location_map", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "country", "is_aimf_member", "population"]}),
        (_("Moderation"), {"fields": ["officials"]}),
        (_("Location"), {"fields": ["location_map", "latitude", "longitude"]}),
        (
            _("Details"),
            {"fields": ["description", "website", "alternate_names", "geonames_id"]},
        ),
        (_("Timestamps"), {"fields": ["created_at", "updated_at"]}),
    ]


@admin.register(CitySlugRedirect)
class CitySlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "city", "created_at"]
    list_select_related = ["city"]
    search_fields = ["old_slug", "city__name"]
    raw_id_fields = ["city"]
