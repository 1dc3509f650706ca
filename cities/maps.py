"""The map configuration handed to the JavaScript modules (tiles, attribution, extent)."""

from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import gettext as _

from cities.models import City


def map_config() -> dict:
    """Tiles and default view from LEAFLET_CONFIG, and Leaflet's texts, as JSON-ready data."""
    config = settings.LEAFLET_CONFIG
    _label, url, options = config["TILES"][0]
    return {
        "tilesUrl": url,
        "attribution": options.get("attribution", ""),
        "maxZoom": config.get("MAX_ZOOM", 19),
        "minZoom": config.get("MIN_ZOOM", 1),
        "center": list(config.get("DEFAULT_CENTER") or (20.0, 10.0)),
        "zoom": config.get("DEFAULT_ZOOM") or 2,
        # Land and borders drawn under the tiles, for when they are slow or unreachable.
        "basemapUrl": static("data/basemap-110m.geojson"),
        # Leaflet's default marker images (served under their plain names too).
        "imagePath": f"{settings.STATIC_URL}leaflet/images/",
        # Leaflet's own texts, applied by static/js/leaflet-locale.js.
        "controls": {
            "zoomIn": _("Zoom in"),
            "zoomOut": _("Zoom out"),
            "closePopup": _("Close popup"),
            "leaflet": _("A JavaScript library for interactive maps"),
            "marker": _("Chosen location"),
        },
    }


def small_map_settings() -> dict:
    """map_config plus the strings of the small still maps (static/js/map/small.js)."""
    return {
        **map_config(),
        "strings": {"zoomIn": _("Zoom in"), "zoomOut": _("Zoom out")},
    }


def city_centres() -> dict:
    """{city id: [latitude, longitude]}, for maps that centre on a chosen city."""
    return {pk: [lat, lon] for pk, lat, lon in City.objects.values_list(
        "pk", "latitude", "longitude")}
