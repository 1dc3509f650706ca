"""Statistics pages (network, country, city) and the CSV of each of their charts."""

import csv

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views import View
from django.views.generic import TemplateView

from cities.api.base import attribution_text, licence_headers, spreadsheet_safe
from cities.models import City, Country
from cities.versions import data_version
from stats.moderation import delay_rows
from stats.selectors import Scope, charts, compared_cities, section_named

# Keys change with anything the public sees (cities.versions): entries never go stale.
CACHE_SECONDS = 3600


def cached(scope: Scope, part: str, compute):
    """compute(), kept under the public data version (read once per scope, i.e. once per
    request)."""
    if scope.data_version is None:
        scope.data_version = data_version("stats").key
    key = f"stats:{scope.data_version}:{part}:{scope.cache_part}:{get_language()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


class ScopeMixin:
    """Reads the scope of the page from the URL: none, a country code or a city slug."""

    def get_scope(self) -> Scope:
        if "code" in self.kwargs:
            country = Country.objects.filter(code=self.kwargs["code"].upper()).first()
            if country is None:
                raise Http404
            return Scope.of_country(country)
        if "slug" in self.kwargs:
            return Scope.of_city(get_object_or_404(City.objects.select_related("country"),
                                                   slug=self.kwargs["slug"]))
        return Scope.network()


class StatisticsView(ScopeMixin, TemplateView):
    """The statistics of published actors: every chart with its table and CSV."""

    template_name = "stats/statistics.html"

    def get_context_data(self, **kwargs):
        scope = self.get_scope()
        context = super().get_context_data(scope=scope, **kwargs)
        context["summary"], context["charts"] = cached(
            scope, "page", lambda: (scope.summary, charts(scope)))
        if scope.city is not None:
            context["comparison"] = cached(scope, "comparison",
                                           lambda: compared_cities(scope.city))
        # Staff (every city) and officials (their own): personal, so never cached.
        context["delays"] = delay_rows(scope, self.request.user)
        return context


def comparison_rows(comparison: dict, city: City) -> list[list]:
    """The comparison tables of a city's page as one CSV: the cities of its world region,
    those of its own country flagged."""
    header = ["city", "name", "country", "same_country", "is_this_city", "actors",
              "population", "per_100k_inhabitants", "women_led_share_percent",
              "women_led_stated", "verified_share_percent"]
    return [header] + [
        [row.city.slug, row.city.name, row.city.country.code.code,
         row.city.country_id == city.country_id, row.city.pk == city.pk, row.actors,
         row.city.population or "", "" if row.per_100k is None else row.per_100k,
         "" if row.women_led_share is None else row.women_led_share, row.women_led_stated,
         "" if row.verified_share is None else row.verified_share]
        for row in comparison["region"]
    ]


class ChartCSVView(ScopeMixin, View):
    """One chart's figures as CSV (UTF-8 with BOM for spreadsheets), with the licence."""

    def get(self, request, chart, **kwargs):
        scope = self.get_scope()
        section = section_named(scope, chart)
        if chart == "comparison" and scope.city is not None:
            rows = comparison_rows(cached(scope, "comparison",
                                          lambda: compared_cities(scope.city)), scope.city)
        elif section is None:
            raise Http404
        else:
            rows = cached(scope, f"csv:{chart}", lambda: section.compute(scope).csv_rows())
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        writer = csv.writer(response)
        header, *body = rows
        writer.writerow([*header, "attribution"])
        attribution = attribution_text()
        for row in body:
            writer.writerow([*map(spreadsheet_safe, row), attribution])
        place = scope.city.slug if scope.city else (scope.country.slug if scope.country
                                                    else "network")
        licence_headers(response, f"statistics-{place}-{chart}.csv")
        return response
