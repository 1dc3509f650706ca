"""Template tags that hand the map settings to the JavaScript (as JSON script elements)."""

import gzip
from urllib.parse import urlencode

from django import template
from django.http import QueryDict
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe

from actors.filters import ActorFilter
from actors.maps import FIRST_VIEW_MODULES, compressed_feed, feed_version
from actors.maps import actor_map_settings as build_settings
from actors.models import Actor, ActorKind
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


# The first feed comes inside the page when it is this small (gzipped; about 300 points):
# one request fewer before the first markers, for a few tenths of a second more of page on
# a slow connection. A bigger feed is preloaded instead, downloaded beside the page's text.
INLINE_FEED_MAX_BYTES = 8_000
# JSON inside a <script> element: the characters that could end it or open markup.
SCRIPT_SAFE = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


@register.simple_tag(takes_context=True)
def map_preloads(context, city: str = "", country: str = ""):
    """What the head gives the actors' map early (slow connections): a preload of the
    modules of its still first view (first-view.js, which loads Leaflet and the rest after
    the first markers), and, when the page has no filter in its URL, its first feed, inline
    (`<script id="first-feed">`, see feed.js) or preloaded, at the URL first-view.js and
    main.js ask first (the fixed filters, then the zoom, as URLSearchParams)."""
    links = [format_html('<link rel="modulepreload" href="{}">', static(module))
             for module in FIRST_VIEW_MODULES]
    request = context.get("request")
    if request is not None and not request.GET:
        fixed = [(name, value) for name, value in (("city", city), ("country", country))
                 if value]
        zoom = map_config()["zoom"]
        url = f"{reverse('actors:map_feed')}?{urlencode([*fixed, ('zoom', zoom)])}"
        filterset = ActorFilter(QueryDict(urlencode(fixed)), queryset=Actor.objects.published())
        compressed = None
        if filterset.is_valid():
            compressed = compressed_feed(feed_version(filterset, zoom, None), filterset, zoom, None)
        if compressed is not None and len(compressed) <= INLINE_FEED_MAX_BYTES:
            body = gzip.decompress(compressed).decode().translate(SCRIPT_SAFE)
            links.append(format_html(
                '<script id="first-feed" type="application/json" data-url="{}">{}</script>',
                url, mark_safe(body)))  # noqa: S308 - JSON made safe for a script element
        else:
            links.append(format_html(
                '<link rel="preload" href="{}" as="fetch" crossorigin="anonymous">', url))
    return mark_safe("\n".join(links))  # noqa: S308 - built with format_html
