"""Filters of the actor map, directory and embed (plain GET parameters, so they work
without JavaScript and can be shared as links)."""

import django_filters
from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from actors.models import Actor, ActorKind, Theme
from cities.models import City, Country
from cities.text import fold


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


class ActorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Name, description or city; accents and case are ignored."),
    )
    kind = django_filters.ModelMultipleChoiceFilter(
        field_name="kind__slug", queryset=ActorKind.objects.all(), to_field_name="slug",
        label=_("Kind"),
        widget=forms.CheckboxSelectMultiple,
    )
    theme = django_filters.ModelMultipleChoiceFilter(
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

    def search(self, queryset, name, value):
        return queryset.search(value)

    def only_verified(self, queryset, name, value):
        return queryset.verified() if value else queryset
