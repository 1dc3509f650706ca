"""API representations of innovations and adaptations (published only)."""

from rest_framework import serializers

from innovations.models import Adaptation, Direction, Innovation


def absolute(serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


class PlaceSerializer(serializers.Serializer):
    """A city with its country and hemisphere."""

    slug = serializers.CharField()
    name = serializers.CharField()
    country = serializers.CharField(source="country.code.code")
    country_name = serializers.CharField(source="country.name")
    global_south = serializers.BooleanField(source="country.is_global_south")
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()


class InnovationSerializer(serializers.ModelSerializer):
    city = PlaceSerializer(read_only=True)
    actors = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True,
        help_text="The published organisations that made it.")
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    licence_name = serializers.CharField(source="get_licence_display", read_only=True)
    image = serializers.SerializerMethodField()
    adaptation_count = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Innovation
        fields = ["id", "slug", "title", "summary", "description", "actors", "city", "themes",
                  "licence", "licence_name", "documentation_url", "image", "image_alt",
                  "stage", "adaptation_count", "created_at", "updated_at", "url"]

    def get_url(self, innovation) -> str:
        return absolute(self, innovation.get_absolute_url())

    def get_image(self, innovation) -> str:
        """The image's address, or empty."""
        return absolute(self, innovation.image.url) if innovation.image else ""


class AdaptationSerializer(serializers.ModelSerializer):
    innovation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    actor = serializers.SerializerMethodField(
        help_text="The adapting organisation's slug, or null while it is not published.")
    city = PlaceSerializer(read_only=True)
    origin_city = PlaceSerializer(read_only=True)
    direction = serializers.ChoiceField(choices=Direction.choices, read_only=True)
    licence = serializers.CharField(source="innovation.licence", read_only=True)
    changes = serializers.ListField(child=serializers.CharField(), read_only=True)
    links = serializers.ListField(child=serializers.URLField(), read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Adaptation
        fields = ["id", "innovation", "actor", "city", "origin_city", "direction", "licence",
                  "changes", "description", "progress", "started_on", "ended_on", "links",
                  "created_at", "updated_at", "url"]

    def get_url(self, adaptation) -> str:
        return absolute(self, adaptation.get_absolute_url())

    def get_actor(self, adaptation) -> str | None:
        # `published_actor` is prefetched by the views (None when not published).
        actor = adaptation.published_actor
        return actor.slug if actor else None
