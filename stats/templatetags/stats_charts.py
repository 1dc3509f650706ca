"""Server-rendered SVG bars and the links of the statistics pages."""

from django import template
from django.urls import reverse

from stats.charts import bar_geometry

register = template.Library()


@register.inclusion_tag("stats/bar_svg.html")
def bar_svg(chart):
    """The chart's bars as an SVG beside its table (which screen readers read instead)."""
    return {"chart": chart, **bar_geometry(chart)}


@register.simple_tag
def chart_csv_url(scope, chart) -> str:
    if scope.city is not None:
        return reverse("stats:city_csv", kwargs={"slug": scope.city.slug, "chart": chart.key})
    if scope.country is not None:
        return reverse("stats:country_csv", kwargs={"code": scope.country.slug,
                                                    "chart": chart.key})
    return reverse("stats:network_csv", kwargs={"chart": chart.key})
