"""Read-only API of summits, workshops, people, recommendations and commitments."""

from django.db.models import Prefetch
from rest_framework import exceptions

from actors.models import Actor
from cities.api.base import PublicReadOnlyViewSet
from workshops.api.serializers import (
    CommitmentSerializer,
    PersonSerializer,
    RecommendationSerializer,
    SummitSerializer,
    WorkshopSerializer,
)
from workshops.filters import CommitmentFilter, PersonFilter
from workshops.models import Commitment, Participation, Person, Recommendation, Summit, Workshop

# A person's organisation is shown only while it is published (None otherwise).
PUBLISHED_ACTOR = Actor.objects.published().only("pk", "slug")


class SummitViewSet(PublicReadOnlyViewSet):
    """AIMF summits."""

    serializer_class = SummitSerializer
    queryset = Summit.objects.select_related("city").prefetch_related(
        Prefetch("workshops", queryset=Workshop.objects.order_by("date", "start_time",
                                                                  "position", "pk")))


class WorkshopViewSet(PublicReadOnlyViewSet):
    """Workshops with their chair, moderator, speakers, recommendations and commitments."""

    serializer_class = WorkshopSerializer
    queryset = Workshop.objects.select_related("summit", "theme").prefetch_related(
        Prefetch("participations",
                 queryset=Participation.objects.select_related("person").prefetch_related(
                     Prefetch("person__actor", queryset=PUBLISHED_ACTOR))),
        Prefetch("recommendations", queryset=Recommendation.objects.order_by("position", "pk")),
        Prefetch("commitments", queryset=Commitment.objects.order_by("position", "pk")),
    )
    filterset_fields = ["summit__slug", "theme__slug", "format", "date"]


class PersonViewSet(PublicReadOnlyViewSet):
    """Speakers and other participants of the summits: name, title and organisation only.

    Filters: `q` (name, title, organisation), `role` (chair, moderator, speaker), `summit`
    (slug)."""

    serializer_class = PersonSerializer
    queryset = Person.objects.prefetch_related(
        Prefetch("actor", queryset=PUBLISHED_ACTOR)).order_by("sort_name", "pk")
    filterset_class = PersonFilter


class RecommendationViewSet(PublicReadOnlyViewSet):
    """Recommendations of the workshops, looked up by id."""

    serializer_class = RecommendationSerializer
    queryset = Recommendation.objects.select_related("workshop").prefetch_related(
        "commitments").order_by("workshop__summit__start_date", "workshop__position",
                                "position", "pk")
    filterset_fields = {"workshop__slug": ["exact"], "workshop__summit__slug": ["exact"]}

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        if not (value.isascii() and value.isdigit()):
            raise exceptions.NotFound()  # no slug: ids only
        return super().get_object()


class CommitmentViewSet(PublicReadOnlyViewSet):
    """The commitments of the AIMF action plan, with their status.

    Filters: `status` (repeatable), `theme` (slug, repeatable), `city` (slug), `country`
    (ISO code), `summit` (slug), `workshop` (slug), `q` (title and description)."""

    serializer_class = CommitmentSerializer
    queryset = Commitment.objects.select_related("workshop__summit").prefetch_related(
        "themes", "cities").order_by("-workshop__summit__start_date", "position", "pk")
    filterset_class = CommitmentFilter
