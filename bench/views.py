"""Naive baselines: every published actor as a full GeoJSON Feature, and a map page that
loads them all into a plain Leaflet.markercluster layer."""

from django.http import JsonResponse
from django.views.generic import TemplateView

from actors.models import Actor


def naive_geojson(request):
    """What a straightforward implementation serves: full features, every property."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [actor.longitude, actor.latitude]},
            "properties": {
                "id": actor.pk,
                "name": actor.name,
                "slug": actor.slug,
                "kind": actor.kind.name,
                "colour": actor.kind.colour,
                "city": actor.city.name,
                "country": actor.city.country.name,
                "url": actor.get_absolute_url(),
                "short_description": actor.short_description,
                "website": actor.website,
                "verified": actor.is_verified,
            },
        }
        for actor in Actor.objects.published().select_related("kind", "city__country")
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


class NaiveMapView(TemplateView):
    template_name = "bench/naive.html"
