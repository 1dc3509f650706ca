"""Template tags for map pages."""

from django import template
from django.utils.html import json_script

from cities.maps import map_config as build_map_config

register = template.Library()


@register.simple_tag
def map_config():
    """The map configuration as a JSON script element with the id `map-config`."""
    return json_script(build_map_config(), "map-config")
