"""Read-only API of summits, workshops and people."""

from django.db.models import Prefetch

from cities.api.base import PublicReadOnlyViewSet
from workshops.api.serializers import PersonSerializer, SummitSerializer, WorkshopSerializer
from workshops.models import Participation, Person, Summit, Workshop


class SummitViewSet(PublicReadOnlyViewSet):
    """AIMF summits."""

    serializer_class = SummitSerializer
    queryset = Summit.objects.select_related("city").prefetch_related("workshops")


class WorkshopViewSet(PublicReadOnlyViewSet):
    """Workshops with their chair, moderator and speakers."""

    serializer_class = WorkshopSerializer
    queryset = Workshop.objects.select_related("summit", "theme").prefetch_related(
        Prefetch("participations",
                 queryset=Participation.objects.select_related("person__actor"))
    )
    filterset_fields = ["summit__slug", "theme__slug", "format"]


class PersonViewSet(PublicReadOnlyViewSet):
    """Speakers and other participants of the summits."""

    serializer_class = PersonSerializer
    queryset = Person.objects.select_related("actor")
