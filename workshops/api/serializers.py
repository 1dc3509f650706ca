"""API representations of summits, workshops, people, recommendations and commitments."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workshops.calendars import is_in_calendar
from workshops.models import (
    Commitment,
    Participation,
    Person,
    Recommendation,
    Summit,
    Workshop,
)


class PersonSerializer(serializers.ModelSerializer):
    """A public figure of a public event: name, title and organisation only; `actor` is
    the organisation on the platform while it is published (the views prefetch only
    published ones), null otherwise."""

    actor = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = ["id", "slug", "name", "title", "organisation", "actor"]


class ParticipationSerializer(serializers.ModelSerializer):
    person = PersonSerializer(read_only=True)

    class Meta:
        model = Participation
        fields = ["role", "topic", "person"]


class RecommendationSerializer(serializers.ModelSerializer):
    workshop = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    commitments = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Recommendation
        fields = ["id", "workshop", "position", "text", "commitments"]


class NestedRecommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = ["id", "position", "text"]


def absolute(serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


class WorkshopSerializer(serializers.ModelSerializer):
    summit = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    theme = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    starts_at = serializers.DateTimeField(read_only=True, allow_null=True)
    ends_at = serializers.DateTimeField(read_only=True, allow_null=True)
    participants = ParticipationSerializer(source="participations", many=True, read_only=True)
    recommendations = NestedRecommendationSerializer(many=True, read_only=True)
    commitments = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    calendar = serializers.SerializerMethodField(
        help_text="The workshop's iCalendar file, or null while its date is unknown.")

    class Meta:
        model = Workshop
        fields = [
            "id", "slug", "title", "summit", "theme", "guiding_question", "description",
            "date", "start_time", "end_time", "starts_at", "ends_at", "format", "venue",
            "venue_address", "venue_latitude", "venue_longitude", "participants",
            "recommendations", "commitments", "calendar",
        ]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_calendar(self, workshop) -> str | None:
        if not is_in_calendar(workshop):
            return None
        return absolute(self, reverse("workshops:workshop_calendar", args=[workshop.slug]))


class SummitSerializer(serializers.ModelSerializer):
    city = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    website = serializers.CharField(read_only=True, help_text="A web address, or empty.")
    workshops = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    calendar = serializers.SerializerMethodField(
        help_text="The iCalendar file of the summit's dated sessions.")

    class Meta:
        model = Summit
        fields = ["id", "slug", "name", "city", "place", "start_date", "end_date", "time_zone",
                  "description", "website", "workshops", "calendar"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_calendar(self, summit) -> str:
        return absolute(self, reverse("workshops:summit_calendar", args=[summit.slug]))


class CommitmentSerializer(serializers.ModelSerializer):
    """A commitment of the AIMF action plan."""

    workshop = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    summit = serializers.SlugRelatedField(source="workshop.summit", slug_field="slug",
                                          read_only=True)
    recommendation = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    cities = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Commitment
        fields = ["id", "slug", "title", "description", "status", "summit", "workshop",
                  "recommendation", "themes", "cities", "position", "created_at", "updated_at"]
