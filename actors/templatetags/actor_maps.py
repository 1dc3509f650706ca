"""Template tags that hand the map settings to the JavaScript (as JSON script elements)."""

from django import template
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe

from actors.maps import actor_map_settings as build_settings
from actors.models import ActorKind
from actors.palette import SHAPES, kind_symbol
from cities.maps import map_config

register = template.Library()


@register.simple_tag
def actor_map_settings(city: str = "", country: str = "", embed: bool = False):
    """The actors' map settings as `<script id="map-settings">`; city/country fix a filter."""
    fixed = {name: value for name, value in (("city", city), ("country", country)) if value}
    return json_script(
        build_settings(fixed_params=fixed, embed=embed, fit_to_results=bool(fixed)),
        "map-settings",
    )


@register.simple_tag
def mini_map_settings(actor):
    """One actor's small map as `<script id="mini-map-settings">`."""
    zoom = {"exact": 15, "city": 11, "country": 6}.get(actor.location_precision, 11)
    data = {
        **map_config(),
        "point": {"lat": actor.latitude, "lon": actor.longitude, "zoom": zoom,
                  "kind": actor.kind_id, "title": actor.name,
                  "shape": SHAPES[kind_symbol(actor.kind.slug, actor.kind.colour)[1]]},
    }
    return json_script(data, "mini-map-settings")


@register.simple_tag
def kind_swatch(slug: str, colour: str = ""):
    """A kind's symbol (shape and colour, from actors/palette.py) as a small inline SVG."""
    shape = SHAPES[kind_symbol(slug, colour)[1]]
    return format_html(
        '<svg class="swatch swatch-{}" viewBox="0 0 24 24" aria-hidden="true" '
        'focusable="false">{}</svg>', slug, mark_safe(shape))  # noqa: S308 - our own markup


@register.inclusion_tag("partials/map_legend.html")
def map_legend():
    """The legend of the actors' maps: every kind's symbol and name."""
    return {"kinds": ActorKind.objects.all()}
