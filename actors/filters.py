"""Filters of the actor map, directory and embed (plain GET parameters, so they work
without JavaScript and can be shared as links)."""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from actors.models import Actor, ActorKind, ActorSourceId, Theme
from actors.selectors import BBox
from cities.input_rules import AsciiDecimalField, ascii_float
from cities.models import City, Country
from cities.search import SearchFilter
from cities.text import fold


class AsciiNumberFilter(django_filters.NumberFilter):
    """A number parameter written with the digits 0 to 9 ("٣" or "²" is a 400)."""

    field_class = AsciiDecimalField


class ByLabelIterator(ModelChoiceIterator):
    """Choices sorted by their label in the active language, ignoring accents."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from sorted(
            (self.choice(obj) for obj in self.queryset), key=lambda choice: fold(choice[1])
        )


class CountryCodeChoiceField(forms.ModelChoiceField):
    """A country by its ISO code, in either case (`cm` or `CM`), named in the UI language."""

    iterator = ByLabelIterator

    def to_python(self, value):
        return super().to_python(value.upper() if isinstance(value, str) else value)

    def label_from_instance(self, obj):
        return obj.name


class CountryFilter(django_filters.ModelChoiceFilter):
    field_class = CountryCodeChoiceField


@extend_schema_field(OpenApiTypes.STR)
class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Several values by slug (`kind=fablab&kind=incubator`), any of them matching."""


MAX_SOURCES = 20


class SourcesField(forms.Field):
    """Source names, repeated (`source=a&source=b`) or comma-separated (`source=a,b`; a
    name that itself holds a comma is kept whole); each must be a source of some actor."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "unknown": _("Unknown source(s): %(values)s."),
        "too_many": _("At most %(max)d sources."),
    }

    def to_python(self, value):
        if not value:
            return []
        values = [value] if isinstance(value, str) else list(value)
        parts = {part.strip() for item in values for part in str(item).split(",")}
        known = known_sources({*values, *parts} - {""})
        wanted = set()
        for item in values:
            wanted |= {item} if item in known else {
                part.strip() for part in item.split(",") if part.strip()}
        if len(wanted) > MAX_SOURCES:
            raise forms.ValidationError(self.error_messages["too_many"], code="too_many",
                                        params={"max": MAX_SOURCES})
        unknown = sorted(wanted - known)
        if unknown:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown",
                params={"values": ", ".join(repr(value[:100]) for value in unknown[:5])})
        return sorted(wanted)


def known_sources(names: set[str]) -> set[str]:
    """Those of `names` that are the source of an actor, its own or kept from a merge."""
    if not names:
        return set()
    return set(Actor.objects.filter(source__in=names).order_by().values_list(
        "source", flat=True).distinct()) | set(ActorSourceId.objects.filter(
            source__in=names).order_by().values_list("source", flat=True).distinct())


@extend_schema_field(OpenApiTypes.STR)
class SourcesFilter(django_filters.Filter):
    """Actors imported from any of the sources (including those merged with one)."""

    field_class = SourcesField

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(Q(source__in=value) | Q(pk__in=ActorSourceId.objects.filter(
            source__in=value).values("actor_id")))


class ActorFilter(django_filters.FilterSet):
    q = SearchFilter(
        method="search", label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Name, description, city, kind or theme; accents and case are ignored."),
    )
    kind = SlugsFilter(
        field_name="kind__slug", queryset=ActorKind.objects.all(), to_field_name="slug",
        label=_("Kind"),
        widget=forms.CheckboxSelectMultiple,
    )
    theme = SlugsFilter(
        field_name="themes__slug", queryset=Theme.objects.all(), to_field_name="slug",
        label=_("Theme"), widget=forms.CheckboxSelectMultiple,
        help_text=_("Actors working on any of the themes ticked."), distinct=True,
    )
    country = CountryFilter(
        field_name="city__country",
        queryset=Country.objects.filter(cities__actors__status="published").distinct(),
        to_field_name="code", label=_("Country"), empty_label=_("All countries"),
    )
    city = django_filters.ModelChoiceFilter(
        queryset=City.objects.filter(actors__status="published").distinct(),
        to_field_name="slug", label=_("City"), empty_label=_("All cities"),
    )
    verified = django_filters.BooleanFilter(
        method="only_verified", label=_("Verified by the city only"),
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Actor
        fields = ["q", "kind", "theme", "country", "city", "verified"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            # An empty field of the GET form (`kind=&city=`) means "no filter".
            items = data.lists() if hasattr(data, "lists") else (
                (key, value if isinstance(value, list) else [value])
                for key, value in data.items()
            )
            data = MultiValueDict({
                key: kept for key, values in items
                if (kept := [value for value in values if value != ""])
            })
        super().__init__(data, *args, **kwargs)

    def search(self, queryset, name, value):
        return queryset.search(value)

    def only_verified(self, queryset, name, value):
        return queryset.verified() if value else queryset

    def api_query(self) -> str | None:
        """The API query (ActorAPIFilter) selecting the same actors as these filters, for
        the export links; None when the filters are invalid (the page then shows none).

        The names are the same; the values are not always: the page's checkbox sends
        `verified=on`, which the API's three-valued filter reads as "either"."""
        if not self.is_bound:
            return ""
        if not self.is_valid():
            return None
        data, raw = self.form.cleaned_data, self.form.data
        params = []
        if data.get("q"):
            params.append(("q", data["q"]))
        for name in ("kind", "theme"):
            params.extend((name, value) for value in raw.getlist(name))
        if data.get("country"):
            params.append(("country", data["country"].slug))
        if data.get("city"):
            params.append(("city", data["city"].slug))
        if data.get("verified"):
            params.append(("verified", "true"))
        return urlencode(params)


class ActorAPIFilter(ActorFilter):
    """The site's filters plus what partners' code needs: bbox, distance, freshness, order."""

    # Any ISO country and any city is a fair question for partners' code, even without actors.
    country = CountryFilter(field_name="city__country", queryset=Country.objects.all(),
                            to_field_name="code", label=_("Country"))
    city = django_filters.ModelChoiceFilter(queryset=City.objects.all(), to_field_name="slug",
                                            label=_("City"))
    bbox = django_filters.CharFilter(
        method="in_bbox", label=_("Bounding box"),
        help_text=_("minlon,minlat,maxlon,maxlat in degrees (WGS 84)."),
    )
    near = django_filters.CharFilter(
        method="near_point", label=_("Near"),
        help_text=_("lat,lon: only actors within radius_km, nearest first."),
    )
    radius_km = AsciiNumberFilter(
        method="ignore", label=_("Radius (km)"),
        help_text=_("Distance from `near`, in kilometres (default 10, at most 20,000)."),
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Updated since"),
        help_text=_("ISO 8601 date and time, e.g. 2026-01-31T00:00:00Z."),
    )
    verified = django_filters.BooleanFilter(
        method="by_verified", label=_("Verified by the city"),
        help_text=_("true: only actors verified by their city; false: only the others."),
    )
    source = SourcesFilter(
        label=_("Source"),
        help_text=_("Actors imported from this source (e.g. fablabs.io); several values, "
                    "repeated or comma-separated, match any of them. An unknown source is "
                    "an error (400)."),
    )
    ordering = django_filters.OrderingFilter(
        # `name` sorts on the folded name: accents and case do not split the list.
        fields=[("sort_name", "name"), "updated_at", "created_at", "founded_year"],
        label=_("Ordering"),
    )

    class Meta(ActorFilter.Meta):
        fields = [*ActorFilter.Meta.fields, "bbox", "near", "radius_km", "updated_since",
                  "source"]

    def by_verified(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.verified() if value else queryset.filter(verified_at__isnull=True)

    def ignore(self, queryset, name, value):
        return queryset  # read by near_point

    def in_bbox(self, queryset, name, value):
        try:
            box = BBox.parse(value)
        except ValueError as error:
            raise ValidationError({"bbox": [str(error)]}) from error
        return box.filter(queryset)

    def near_point(self, queryset, name, value):
        try:
            latitude, longitude = (ascii_float(part) for part in value.split(","))
        except ValueError as error:
            raise ValidationError({"near": [_("near must be lat,lon in degrees.")]}) from error
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValidationError({"near": [_("near must be lat,lon in degrees.")]})
        radius = self.form.cleaned_data.get("radius_km")
        radius = 10.0 if radius is None else float(radius)
        if not 0 < radius <= 20000:
            raise ValidationError({"radius_km": [_("radius_km must be above 0 and at most "
                                                    "20,000.")]})
        return queryset.within_km(latitude, longitude, radius).order_by("distance_km", "pk")
