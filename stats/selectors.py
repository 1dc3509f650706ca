"""Statistics of published actors, aggregated in SQL: for the network, a country or a city.

Each section of a statistics page is one function `(scope) -> Chart` registered in
SECTIONS with the scopes it applies to; the page, its tables, SVG bars and per-chart CSV
downloads all come from that list. Adding a section (e.g. adaptations by direction once
the innovations app lands) is one function and one `Section(...)` line; a section that is
not a bar chart names its own template in the Chart it returns.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from actors.models import Actor, ActorKind, Theme
from cities.models import City, Country, CountryRegion
from innovations.models import Adaptation, Direction
from stats.charts import PALETTE, Bar, Chart, percent

NETWORK, COUNTRY, CITY = "network", "country", "city"


@dataclass
class Scope:
    """What a statistics page is about: the whole network, one country or one city."""

    level: str
    country: Country | None = None
    city: City | None = None
    data_version: str | None = None  # set by the views' cache, once per request

    @classmethod
    def network(cls) -> "Scope":
        return cls(NETWORK)

    @classmethod
    def of_country(cls, country: Country) -> "Scope":
        return cls(COUNTRY, country=country)

    @classmethod
    def of_city(cls, city: City) -> "Scope":
        return cls(CITY, country=city.country, city=city)

    @property
    def cache_part(self) -> str:
        if self.city is not None:
            return f"city:{self.city.pk}"
        if self.country is not None:
            return f"country:{self.country.pk}"
        return NETWORK

    def actors(self):
        """The published actors in the scope (an unordered queryset to aggregate)."""
        queryset = Actor.objects.published().order_by()
        if self.city is not None:
            return queryset.in_city(self.city)
        if self.country is not None:
            return queryset.filter(city__country=self.country)
        return queryset

    @cached_property
    def summary(self) -> dict:
        """Totals in one query: actors, women-led (yes / no / not stated), verified. The
        women-led share is over the actors that stated it."""
        figures = self.actors().aggregate(
            total=Count("id"),
            women_led=Count("id", filter=Q(is_women_led=True)),
            not_women_led=Count("id", filter=Q(is_women_led=False)),
            verified=Count("id", filter=Q(verified_at__isnull=False)),
        )
        total = figures["total"]
        figures["women_led_stated"] = figures["women_led"] + figures["not_women_led"]
        figures["women_led_unknown"] = total - figures["women_led_stated"]
        figures["women_led_share"] = percent(figures["women_led"], figures["women_led_stated"])
        figures["verified_share"] = percent(figures["verified"], total)
        return figures


def _counted(queryset, field: str) -> dict:
    return dict(queryset.values_list(field).annotate(n=Count("id"))
                .values_list(field, "n"))


def by_kind(scope: Scope) -> Chart:
    counts = _counted(scope.actors(), "kind_id")
    total = scope.summary["total"]
    bars = [Bar(kind.name, counts.get(kind.pk, 0), percent(counts.get(kind.pk, 0), total),
                key=kind.slug)
            for kind in ActorKind.objects.all()]
    return Chart("kinds", _("Actors by kind"), bars, total, label_header=_("Kind"),
                 note=_("Share of all the actors counted here."))


def by_theme(scope: Scope) -> Chart:
    through = Actor.themes.through.objects.filter(actor__in=scope.actors().values("pk"))
    counts = dict(through.values_list("theme_id").annotate(n=Count("actor_id"))
                  .values_list("theme_id", "n"))
    total = scope.summary["total"]
    bars = [Bar(theme.name, counts.get(theme.pk, 0), percent(counts.get(theme.pk, 0), total),
                key=theme.slug)
            for theme in Theme.objects.all()]
    return Chart("themes", _("Actors by theme"), bars, total, label_header=_("Theme"),
                 note=_("An actor may work on several themes: the shares add up to more "
                        "than 100 %."))


def by_country(scope: Scope) -> Chart:
    counts = _counted(scope.actors(), "city__country__code")
    total = scope.summary["total"]
    bars = sorted(
        (Bar(countries.name(code) or code, n, percent(n, total), key=code.lower())
         for code, n in counts.items()),
        key=lambda bar: (-bar.value, bar.label),
    )
    return Chart("countries", _("Actors by country"), bars, total, label_header=_("Country"))


def by_city(scope: Scope) -> Chart:
    rows = (scope.actors().values_list("city__slug", "city__name")
            .annotate(n=Count("id")).values_list("city__slug", "city__name", "n"))
    total = scope.summary["total"]
    bars = sorted((Bar(name, n, percent(n, total), key=slug) for slug, name, n in rows),
                  key=lambda bar: (-bar.value, bar.label))
    return Chart("cities", _("Actors by city"), bars, total, label_header=_("City"))


def by_region(scope: Scope) -> Chart:
    counts = _counted(scope.actors(), "city__country__region")
    total = scope.summary["total"]
    bars = [Bar(str(label), counts.get(value, 0), percent(counts.get(value, 0), total),
                key=value)
            for value, label in CountryRegion.choices if counts.get(value)]
    return Chart("regions", _("Actors by world region"), bars, total,
                 label_header=_("World region"),
                 note=_("UN M49 sub-regions; regions without actors are left out."))


def north_south(scope: Scope) -> Chart:
    counts = _counted(scope.actors(), "city__country__is_global_south")
    total = scope.summary["total"]
    bars = [Bar(_("Global South"), counts.get(True, 0), percent(counts.get(True, 0), total),
                key="south"),
            Bar(_("Global North"), counts.get(False, 0), percent(counts.get(False, 0), total),
                key="north")]
    return Chart("north-south", _("Global North and South"), bars, total,
                 label_header=_("Hemisphere"))


def women_led(scope: Scope) -> Chart:
    summary = scope.summary
    stated, unknown = summary["women_led_stated"], summary["women_led_unknown"]
    # Shares are over the actors that stated it; "not stated" is shown, never a share.
    bars = [Bar(_("Women-led"), summary["women_led"], percent(summary["women_led"], stated),
                key="yes"),
            Bar(_("Not women-led"), summary["not_women_led"],
                percent(summary["not_women_led"], stated), key="no"),
            Bar(_("Not stated"), unknown, None, key="unknown")]
    caption = ngettext("%(title)s: %(stated)s actor stated it, %(unknown)s did not",
                       "%(title)s: %(stated)s actors stated it, %(unknown)s did not",
                       stated) % {"title": _("Women-led actors"), "stated": stated,
                                  "unknown": unknown}
    return Chart("women-led", _("Women-led actors"), bars, stated, label_header=_("Leadership"),
                 caption=caption,
                 note=_("As declared by the organisations; shares are over those that "
                        "stated it."))


def verified(scope: Scope) -> Chart:
    summary = scope.summary
    total = summary["total"]
    bars = [Bar(_("Verified by the city"), summary["verified"],
                percent(summary["verified"], total), key="verified"),
            Bar(_("Not verified yet"), total - summary["verified"],
                percent(total - summary["verified"], total), key="not-verified")]
    return Chart("verified", _("Verified actors"), bars, total, label_header=_("Verification"))


def adaptations(scope: Scope) -> Chart:
    """Published adaptations of the forge by direction: for a country or a city, those
    made there and those of innovations born there."""
    queryset = Adaptation.objects.published()
    if scope.city is not None:
        queryset = queryset.filter(Q(city=scope.city) | Q(origin_city=scope.city))
    elif scope.country is not None:
        queryset = queryset.filter(Q(city__country=scope.country)
                                   | Q(origin_city__country=scope.country))
    counts = queryset.count_by_direction()
    total = sum(counts.values())
    bars = [Bar(str(label), counts[value], percent(counts[value], total), key=value)
            for value, label in Direction.choices]
    caption = ngettext("%(title)s: %(count)s adaptation", "%(title)s: %(count)s adaptations",
                       total) % {"title": _("Adaptations by direction"), "count": total}
    return Chart("adaptations", _("Adaptations by direction"), bars, total,
                 label_header=_("Direction"), count_header=_("Adaptations"), caption=caption,
                 note=_("Published adaptations of the forge of North–South adaptations, "
                        "made here or adapted from an innovation born here."))


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def month_of_registration():
    if connection.vendor == "sqlite" and timezone.get_current_timezone_name() == "UTC":
        # SQLite keeps UTC timestamps as text ("2026-01-31 08:00:00"): the month is its
        # first seven characters. TruncMonth would call Python for every row (seconds on
        # 100,000 actors).
        return Substr("created_at", 1, 7)
    return TruncMonth("created_at")


def as_month(value) -> datetime.date:
    if isinstance(value, str):
        return datetime.date(int(value[:4]), int(value[5:7]), 1)
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.replace(day=1)


def growth(scope: Scope) -> Chart:
    """New actors per month of registration, every month from the first to this one
    (months without any included), with the running total."""
    rows = (scope.actors().annotate(month=month_of_registration()).values_list("month")
            .annotate(n=Count("id")).values_list("month", "n"))
    counts = {}
    for month, n in rows:
        if month is not None:
            month = as_month(month)
            counts[month] = counts.get(month, 0) + n
    bars, running = [], 0
    if counts:
        this_month = timezone.localdate().replace(day=1)
        for month in months_between(min(counts), max(max(counts), this_month)):
            running += counts.get(month, 0)
            bars.append(Bar(date_format(month, "YEAR_MONTH_FORMAT"), counts.get(month, 0),
                            key=month.isoformat()[:7], extra=(running,)))
    return Chart("growth", _("New actors by month of registration"), bars, running,
                 label_header=_("Month"), extra_headers=("cumulative",),
                 note=_("Published actors, by the month they were registered on the "
                        "platform."))


@dataclass(frozen=True)
class Section:
    """A part of a statistics page: a key (its CSV's name), the scopes it applies to and
    the function computing its Chart."""

    key: str
    compute: Callable[[Scope], Chart]
    scopes: frozenset = frozenset({NETWORK, COUNTRY, CITY})


SECTIONS = [
    Section("kinds", by_kind),
    Section("themes", by_theme),
    Section("regions", by_region, frozenset({NETWORK})),
    Section("north-south", north_south, frozenset({NETWORK})),
    Section("countries", by_country, frozenset({NETWORK})),
    Section("cities", by_city, frozenset({COUNTRY})),
    Section("women-led", women_led),
    Section("verified", verified),
    Section("growth", growth),
    Section("adaptations", adaptations),
]


def sections_for(scope: Scope) -> list[Section]:
    return [section for section in SECTIONS if scope.level in section.scopes]


def section_named(scope: Scope, key: str) -> Section | None:
    return next((section for section in sections_for(scope) if section.key == key), None)


def charts(scope: Scope) -> list[Chart]:
    """Every chart of the scope's page, each in its palette colour."""
    result = []
    for index, section in enumerate(sections_for(scope)):
        chart = section.compute(scope)
        chart.colour = PALETTE[index % len(PALETTE)]
        result.append(chart)
    return result


PER_INHABITANTS = 100_000


@dataclass
class CityFigures:
    """One row of the comparison table of cities."""

    city: City
    actors: int
    women_led: int
    verified: int
    women_led_stated: int = 0  # the actors that said whether they are women-led

    @property
    def per_100k(self) -> float | None:
        if not self.city.population:
            return None
        return round(self.actors * PER_INHABITANTS / self.city.population, 1)

    @property
    def women_led_share(self) -> float | None:
        return percent(self.women_led, self.women_led_stated)

    @property
    def verified_share(self) -> float | None:
        return percent(self.verified, self.actors)


def compared_cities(city: City) -> dict:
    """Cities of the same country and of the same world region, with their published
    actors (cities without any are left out, but for `city` itself), most actors first."""
    published = Q(actors__status=Actor.Status.PUBLISHED)
    rows = (
        City.objects.filter(country__region=city.country.region)
        .select_related("country")
        .annotate(
            n=Count("actors", filter=published),
            women=Count("actors", filter=published & Q(actors__is_women_led=True)),
            stated=Count("actors", filter=published & Q(actors__is_women_led__isnull=False)),
            checked=Count("actors", filter=published & Q(actors__verified_at__isnull=False)),
        )
        .filter(Q(n__gt=0) | Q(pk=city.pk))
        .order_by("-n", "name")
    )
    figures = [CityFigures(row, row.n, row.women, row.checked, row.stated) for row in rows]
    return {
        "country": [row for row in figures if row.city.country_id == city.country_id],
        "region": figures,
        "region_label": CountryRegion(city.country.region).label,
    }

