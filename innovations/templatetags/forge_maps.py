"""Template tags of the forge's maps."""

from django import template

from innovations.models import Direction

register = template.Library()


@register.simple_tag
def forge_directions():
    """The directions an innovation travels, (value, label), for the map's legend."""
    return Direction.choices
