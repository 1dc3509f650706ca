"""Filters of the innovations catalogue and of the API (plain GET parameters)."""

import django_filters
from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from actors.filters import CountryFilter, SlugsFilter
from actors.models import Theme
from cities.models import City, Country
from cities.search import SearchFilter
from innovations.models import Adaptation, Direction, ForgeStatus, Innovation, Licence, Stage


class EmptyMeansNoFilter:
    """An empty field of the GET form (`theme=&licence=`) means "no filter"; NUL bytes,
    which PostgreSQL refuses in text, are dropped."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            items = data.lists() if hasattr(data, "lists") else (
                (key, value if isinstance(value, list) else [value])
                for key, value in data.items())
            data = MultiValueDict({
                key: kept for key, values in items
                if (kept := [v for v in values if v != "" and "\x00" not in v])
            })
        super().__init__(data, *args, **kwargs)


class InnovationFilter(EmptyMeansNoFilter, django_filters.FilterSet):
    q = SearchFilter(
        method="search", label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    theme = SlugsFilter(
        field_name="themes__slug", queryset=Theme.objects.all(), to_field_name="slug",
        label=_("Theme"), widget=forms.CheckboxSelectMultiple, distinct=True,
        help_text=_("Innovations on any of the themes ticked."))
    country = CountryFilter(
        field_name="city__country",
        queryset=Country.objects.filter(
            cities__innovations__status=ForgeStatus.PUBLISHED).distinct(),
        to_field_name="code", label=_("Country of origin"), empty_label=_("All countries"))
    licence = django_filters.MultipleChoiceFilter(
        choices=Licence.choices, label=_("Licence"), widget=forms.CheckboxSelectMultiple)
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"),
                                        empty_label=_("All stages"))

    class Meta:
        model = Innovation
        fields = ["q", "theme", "country", "licence", "stage"]

    def search(self, queryset, name, value):
        return queryset.search(value)


class InnovationAPIFilter(InnovationFilter):
    # Any country or city is a fair question for partners' code.
    country = CountryFilter(field_name="city__country", queryset=Country.objects.all(),
                            to_field_name="code", label=_("Country of origin"))
    city = django_filters.ModelChoiceFilter(field_name="city", queryset=City.objects.all(),
                                            to_field_name="slug", label=_("City of origin"))

    class Meta(InnovationFilter.Meta):
        fields = [*InnovationFilter.Meta.fields, "city"]


class AdaptationFilter(EmptyMeansNoFilter, django_filters.FilterSet):
    innovation = django_filters.ModelChoiceFilter(
        queryset=Innovation.objects.published(), to_field_name="slug",
        label=_("Innovation"))
    direction = django_filters.ChoiceFilter(choices=Direction.choices, method="in_direction",
                                            label=_("Direction"))
    country = CountryFilter(field_name="city__country", queryset=Country.objects.all(),
                            to_field_name="code", label=_("Adapting country"))
    city = django_filters.ModelChoiceFilter(field_name="city", queryset=City.objects.all(),
                                            to_field_name="slug", label=_("Adapting city"))
    origin_country = CountryFilter(field_name="origin_city__country",
                                   queryset=Country.objects.all(), to_field_name="code",
                                   label=_("Country of origin"))
    progress = django_filters.ChoiceFilter(choices=Adaptation.Progress.choices,
                                           label=_("Progress"))

    class Meta:
        model = Adaptation
        fields = ["innovation", "direction", "country", "city", "origin_country", "progress"]

    def in_direction(self, queryset, name, value):
        return queryset.in_direction(value)
