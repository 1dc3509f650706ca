"""Filters of the speakers' directory and of the action plan (plain GET parameters)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from actors.filters import CountryFilter, SlugsFilter
from actors.models import Theme
from cities.models import City, Country
from cities.search import SearchFilter
from workshops.models import Commitment, CommitmentStatus, ParticipationRole, Person, Summit


class EmptyMeansAllMixin:
    """An empty field of a GET form (`role=&summit=`) means "no filter"."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for key in [key for key, values in data.lists() if not any(values)]:
                del data[key]
        super().__init__(data, *args, **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """One object by its slug, filtered by a method (the schema cannot guess its type)."""


class PersonFilter(EmptyMeansAllMixin, django_filters.FilterSet):
    q = SearchFilter(
        method="search", label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Name, title or organisation; accents and case are ignored."),
    )
    role = django_filters.ChoiceFilter(
        choices=ParticipationRole.choices, method="with_role", label=_("Role"),
        empty_label=_("All roles"),
    )
    summit = SlugChoiceFilter(
        queryset=Summit.objects.all(), to_field_name="slug", method="at_summit",
        label=_("Summit"), empty_label=_("All summits"),
    )

    class Meta:
        model = Person
        fields = ["q", "role", "summit"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def with_role(self, queryset, name, value):
        return queryset.with_role(value)

    def at_summit(self, queryset, name, value):
        return queryset.at_summit(value)


class CommitmentFilter(EmptyMeansAllMixin, django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=CommitmentStatus.choices, label=_("Status"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Commitments in any of the statuses ticked."),
    )
    theme = SlugsFilter(
        field_name="themes__slug", queryset=Theme.objects.all(), to_field_name="slug",
        label=_("Theme"), widget=forms.CheckboxSelectMultiple, distinct=True,
        help_text=_("Commitments on any of the themes ticked."),
    )
    country = CountryFilter(
        field_name="cities__country", queryset=Country.objects.all(), to_field_name="code",
        label=_("Country"), empty_label=_("All countries"), distinct=True,
        help_text=_("ISO code; commitments of the cities of this country."),
    )
    city = django_filters.ModelChoiceFilter(
        field_name="cities", queryset=City.objects.all(), to_field_name="slug",
        label=_("City"), empty_label=_("All cities"), distinct=True,
        help_text=_("Commitments this city committed to."),
    )
    summit = django_filters.ModelChoiceFilter(
        field_name="workshop__summit", queryset=Summit.objects.all(), to_field_name="slug",
        label=_("Summit"), empty_label=_("All summits"),
    )
    workshop = django_filters.CharFilter(
        field_name="workshop__slug", label=_("Workshop"),
        help_text=_("Slug of the workshop."),
    )
    q = SearchFilter(method="search", label=_("Search"),
                     widget=forms.TextInput(attrs={"type": "search"}),
                     help_text=_("Words of the title, description or themes; accents and "
                                 "case are ignored."))

    class Meta:
        model = Commitment
        fields = ["q", "status", "theme", "country", "city", "summit", "workshop"]

    def search(self, queryset, name, value):
        return queryset.search(value)


class PublicCommitmentFilter(CommitmentFilter):
    """The action plan page offers only the themes, countries and cities it has."""

    theme = SlugsFilter(
        field_name="themes__slug", queryset=Theme.objects.filter(commitments__isnull=False)
        .distinct(), to_field_name="slug", label=_("Theme"),
        widget=forms.CheckboxSelectMultiple, distinct=True,
    )
    country = CountryFilter(
        field_name="cities__country",
        queryset=Country.objects.filter(cities__commitments__isnull=False).distinct(),
        to_field_name="code", label=_("Country"), empty_label=_("All countries"), distinct=True,
    )
    city = django_filters.ModelChoiceFilter(
        field_name="cities", queryset=City.objects.filter(commitments__isnull=False).distinct(),
        to_field_name="slug", label=_("City"), empty_label=_("All cities"), distinct=True,
    )
