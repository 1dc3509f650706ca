"""What the map's JavaScript is told: tiles, URLs, kinds and interface strings, and the
feed of its markers (cached until the public data changes)."""

import gzip
import json

from django.core.cache import cache
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from actors.models import ActorKind
from actors.palette import SHAPES, kind_symbol
from actors.selectors import map_feed
from cities.maps import map_config
from cities.models import City
from cities.versions import DataVersion, data_version, filters_key

FEED_CACHE_SECONDS = 24 * 3600  # the key changes with the data, so entries never go stale

# What first-view.js imports (preloaded in the head by {% map_preloads %}), and what the full
# map adds once the first view is drawn (preloaded by first-view.js then).
FIRST_VIEW_MODULES = ("js/map/first-view.js", "js/map/feed.js", "js/map/small.js",
                      "js/map/state.js")
FULL_MAP_MODULES = ("js/map/main.js", "js/map/leaflet-view.js", "js/map/tools.js")


def actor_map_settings(*, fixed_params: dict | None = None, embed: bool = False,
                       fit_to_results: bool = False) -> dict:
    """Settings for static/js/map/main.js, rendered with json_script."""
    return {
        **map_config(),
        "feedUrl": reverse("actors:map_feed"),
        "detailUrl": reverse("actors:map_actor", args=[0]),
        "listUrl": reverse("actors:actor_list"),
        "kinds": {kind.pk: {"name": kind.name, "shape": kind_symbol(kind.slug, kind.colour)[1]}
                  for kind in ActorKind.objects.all()},
        "shapes": SHAPES,
        # For narrowing the city list to the chosen country.
        "cityCountries": dict(
            City.objects.filter(actors__status="published").distinct()
            .values_list("slug", "country__code")
        ),
        "fixedParams": fixed_params or {},
        "embed": embed,
        "fitToResults": fit_to_results,
        # Loaded by first-view.js after the first markers (static/js/map/first-view.js).
        "scripts": {
            # Their styles, loaded with them (not before the first markers).
            "styles": [static("leaflet/leaflet.css"), static("markercluster/MarkerCluster.css")],
            # Classic scripts, run in this order.
            "classic": [static("leaflet/leaflet.js"), static("js/leaflet-locale.js"),
                        static("markercluster/leaflet.markercluster.js")],
            "main": static("js/map/main.js"),
            "modules": [static(module) for module in FULL_MAP_MODULES],
        },
        "strings": {
            "lang": (get_language() or "fr")[:2],
            # "%s" is replaced by the number in the browser.
            "countSingular": _("%s actor"),
            "countPlural": _("%s actors"),
            "loading": _("Loading the map…"),
            "error": _("The map could not be loaded. The directory lists the same actors."),
            "verified": _("Verified by the city"),
            "details": _("show details"),
            "zoomIn": _("%s actors here: zoom in"),
            # A cluster's name: "12 actors: Tech hub (7), Incubator (3), …".
            "clusterLabel": _("%(count)s: %(kinds)s"),
            "clusterKind": _("%(kind)s (%(n)s)"),
            "locateError": _("Your position is not available."),
            "linkCopied": _("The link to this view is copied."),
            "linkShown": _("Copy the link to this view shown next to the button."),
            # The filters' panel button and the map/list switch (phones above all).
            "showSingular": _("Show %s result"),
            "showPlural": _("Show %s results"),
            # After "More filters" on the filters' panel: how many of its filters are on.
            "activeSingular": _("(%s active filter)"),
            "activePlural": _("(%s active filters)"),
            "listShown": _("The list of results is shown."),
            "mapShown": _("The map is shown."),
            "listError": _("The list could not be loaded. The directory lists the same actors."),
            "directory": _("All these actors in the directory, with exports"),
        },
    }


def feed_version(filterset, zoom: int, bbox) -> DataVersion:
    """The version of the map feed under these validated filters (one query)."""
    return data_version("map-feed", filters_key(filterset), zoom, bbox)


def compressed_feed(version: DataVersion, filterset, zoom: int, bbox) -> bytes:
    """The map feed as gzipped JSON, from the shared cache or built and stored there."""
    compressed = cache.get(f"map-feed:{version.key}")
    if compressed is None:
        feed = map_feed(filterset.qs, zoom=zoom, bbox=bbox)
        body = json.dumps(feed, separators=(",", ":")).encode()
        compressed = gzip.compress(body, compresslevel=6, mtime=0)  # 9: +70% time, -0.3% size
        cache.set(f"map-feed:{version.key}", compressed, FEED_CACHE_SECONDS)
    return compressed
