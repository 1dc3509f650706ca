"""Template tags that hand the map settings to the JavaScript (as JSON script elements)."""

from urllib.parse import urlencode

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe

from actors.maps import FIRST_VIEW_MODULES
from actors.maps import actor_map_settings as build_settings
from actors.models import ActorKind
from actors.palette import SHAPES, kind_symbol
from cities.maps import map_config, small_map_settings

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
        **small_map_settings(),
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


@register.simple_tag(takes_context=True)
def map_preloads(context, city: str = "", country: str = ""):
    """Links in the head that start the actors' map's downloads early (slow connections):
    the modules of its still first view (first-view.js, which loads Leaflet and the rest
    after the first markers), and the first feed when the page has no filter in its URL
    (the URL first-view.js and main.js ask first: the fixed filters, then the zoom, as
    URLSearchParams)."""
    links = [format_html('<link rel="modulepreload" href="{}">', static(module))
             for module in FIRST_VIEW_MODULES]
    request = context.get("request")
    if request is not None and not request.GET:
        fixed = [(name, value) for name, value in (("city", city), ("country", country))
                 if value]
        query = urlencode([*fixed, ("zoom", map_config()["zoom"])])
        links.append(format_html(
            '<link rel="preload" href="{}?{}" as="fetch" crossorigin="anonymous">',
            reverse("actors:map_feed"), query))
    return mark_safe("\n".join(links))  # noqa: S308 - built with format_html
