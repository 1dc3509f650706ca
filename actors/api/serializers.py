"""API representations of actors and their taxonomy."""

from rest_framework import serializers

from actors.models import Actor, ActorKind, Theme


class ActorKindSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = ActorKind
        fields = ["id", "slug", "name", "name_fr", "name_en", "colour", "icon"]


class ThemeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Theme
        fields = ["id", "slug", "name", "name_fr", "name_en"]


# The fields of an actor in the API, in order; the GeoJSON fast path in
# actors/api/views.py produces exactly these properties.
ACTOR_FIELDS = [
    "id", "slug", "name", "kind", "themes", "city", "city_name", "country", "latitude",
    "longitude", "location_precision", "address", "short_description", "description",
    "website", "social_links", "email", "phone", "founded_year", "languages", "is_women_led",
    "accessibility", "verified", "verified_at", "source", "created_at", "updated_at",
]


class ActorSerializer(serializers.ModelSerializer):
    """An actor; e-mail and phone appear only where the organisation consented."""

    kind = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    city = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    city_name = serializers.CharField(source="city.name", read_only=True)
    country = serializers.CharField(source="city.country.code.code", read_only=True)
    email = serializers.CharField(source="public_email", read_only=True)
    phone = serializers.CharField(source="public_phone", read_only=True)
    verified = serializers.BooleanField(source="is_verified", read_only=True)
    website = serializers.CharField(read_only=True, help_text="A web address, or empty.")

    class Meta:
        model = Actor
        fields = ACTOR_FIELDS
        read_only_fields = ACTOR_FIELDS
