"""Template tags that hand the map settings to the JavaScript (as JSON script elements)."""

from django import template
from django.utils.html import json_script

from actors.maps import actor_map_settings as build_settings
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
                  "kind": actor.kind_id, "title": actor.name},
    }
    return json_script(data, "mini-map-settings")
