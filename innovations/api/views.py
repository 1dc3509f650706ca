"""Read-only API of the forge: published innovations and their published adaptations."""

from django.db.models import Prefetch
from rest_framework.exceptions import NotFound

from actors.models import Actor
from cities.api.base import PublicReadOnlyViewSet
from innovations.api.serializers import AdaptationSerializer, InnovationSerializer
from innovations.filters import AdaptationFilter, InnovationAPIFilter
from innovations.models import Adaptation, Innovation


class InnovationViewSet(PublicReadOnlyViewSet):
    """Innovations documented as commons, with their licence (SPDX) and city of origin."""

    serializer_class = InnovationSerializer
    filterset_class = InnovationAPIFilter

    def get_queryset(self):
        return (Innovation.objects.published().with_adaptation_count()
                .select_related("city__country")
                .prefetch_related("themes", Prefetch(
                    "actors", queryset=Actor.objects.published().only("pk", "slug")))
                .order_by("sort_name", "pk"))


class AdaptationViewSet(PublicReadOnlyViewSet):
    """Adaptations of innovations in other cities, with their direction (North → South...)."""

    serializer_class = AdaptationSerializer
    filterset_class = AdaptationFilter

    def get_queryset(self):
        return (Adaptation.objects.published().with_direction()
                .select_related("innovation", "city__country", "origin_city__country")
                .prefetch_related(Prefetch(
                    "actor", queryset=Actor.objects.published().only("pk", "slug"),
                    to_attr="published_actor"))
                .order_by("-created_at", "pk"))

    def get_object(self):
        # Adaptations have no slug: looked up by number only.
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        if not (value.isascii() and value.isdigit()):
            raise NotFound()
        return super().get_object()
