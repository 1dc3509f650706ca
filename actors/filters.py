"""Filters of the actor directory (plain GET parameters, so they work without JavaScript)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from actors.models import Actor, ActorKind, Theme
from cities.models import City, Country


class ActorFilter(django_filters.FilterSet):
    kind = django_filters.ModelChoiceFilter(
        queryset=ActorKind.objects.all(), to_field_name="slug", label=_("Kind")
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes", queryset=Theme.objects.all(), to_field_name="slug", label=_("Theme")
    )
    country = django_filters.ModelChoiceFilter(
        field_name="city__country",
        queryset=Country.objects.filter(cities__actors__isnull=False).distinct(),
        to_field_name="code",
        label=_("Country"),
    )
    city = django_filters.ModelChoiceFilter(
        queryset=City.objects.filter(actors__isnull=False).distinct(),
        to_field_name="slug",
        label=_("City"),
    )

    class Meta:
        model = Actor
        fields = ["kind", "theme", "country", "city"]
