"""Naive baselines: every published actor as a full GeoJSON Feature, and a map page that
loads them all into a plain Leaflet.markercluster layer."""

from django.http import JsonResponse
from django.views.generic import TemplateView
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from actors.api.serializers import ActorSerializer
from actors.models import Actor
from actors.views.public import ActorDetailView, ActorMapView
from cities.api.base import feature_collection
from cities.maps import map_config


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


def published_actors():
    """The API's queryset for anonymous readers, the plain way."""
    return (
        Actor.objects.published()
        .select_related("kind", "city__country")
        .prefetch_related("themes")
        .order_by("name", "pk")
    )


class ModelSerializerList(ListAPIView):
    """Baseline of the API's list: DRF's ListAPIView with the ModelSerializer, the same
    queryset, pagination (50 a page) and throttling as the real endpoint."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    serializer_class = ActorSerializer

    def get_queryset(self):
        return published_actors()


class ModelSerializerGeoJSON(APIView):
    """Baseline of the API's GeoJSON: the plain DRF path, ModelSerializer then JSONRenderer,
    on the same queryset (with select_related and prefetch_related) and the same output."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    def get(self, request):
        queryset = published_actors()
        rows = ActorSerializer(queryset, many=True, context={"request": request}).data
        return Response(feature_collection(rows))


class FullAssetsActorView(ActorDetailView):
    """An actor page as it was before the light pages: Leaflet, Leaflet.markercluster and
    the whole actors' map code loaded for its one small map (bench/slow3g.py's baseline)."""

    template_name = "bench/actor_full_assets.html"


class NoPreloadMapView(ActorMapView):
    """The home map without the head's preloads of its modules and first feed."""

    template_name = "bench/map_no_preload.html"


class LeafletFirstMapView(ActorMapView):
    """The home map as before its still first view: Leaflet and Leaflet.markercluster
    before the first marker (bench/slow3g.py's baseline)."""

    template_name = "bench/map_leaflet_first.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "map_zoom": map_config()["zoom"]}
