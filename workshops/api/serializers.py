"""API representations of summits, workshops and people."""

from rest_framework import serializers

from workshops.models import Participation, Person, Summit, Workshop


class PersonSerializer(serializers.ModelSerializer):
    """A public figure of a public event: name, title and organisation only."""

    actor = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = ["id", "slug", "name", "title", "organisation", "actor"]


class ParticipationSerializer(serializers.ModelSerializer):
    person = PersonSerializer(read_only=True)

    class Meta:
        model = Participation
        fields = ["role", "topic", "person"]


class WorkshopSerializer(serializers.ModelSerializer):
    summit = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    theme = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    starts_at = serializers.DateTimeField(read_only=True, allow_null=True)
    ends_at = serializers.DateTimeField(read_only=True, allow_null=True)
    participants = ParticipationSerializer(source="participations", many=True, read_only=True)

    class Meta:
        model = Workshop
        fields = [
            "id", "slug", "title", "summit", "theme", "guiding_question", "description",
            "date", "start_time", "end_time", "starts_at", "ends_at", "format", "venue",
            "venue_address", "venue_latitude", "venue_longitude", "participants",
        ]


class SummitSerializer(serializers.ModelSerializer):
    city = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    website = serializers.CharField(read_only=True, help_text="A web address, or empty.")
    workshops = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Summit
        fields = ["id", "slug", "name", "city", "place", "start_date", "end_date", "time_zone",
                  "description", "website", "workshops"]
