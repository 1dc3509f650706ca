"""API representations of actors and their taxonomy."""

import datetime
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from actors.models import Actor, ActorKind, Theme
from cities.models import City


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
    "website", "social_links", "contact_name", "email", "phone", "founded_year", "languages",
    "is_women_led", "accessibility", "verified", "verified_at", "status", "last_confirmed_at",
    "not_confirmed_since", "source", "created_at", "updated_at",
]


class ActorSerializer(serializers.ModelSerializer):
    """An actor; the contact person, e-mail and phone appear only where the organisation
    consented."""

    kind = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    city = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    city_name = serializers.CharField(source="city.name", read_only=True)
    country = serializers.CharField(source="city.country.code.code", read_only=True)
    contact_name = serializers.CharField(source="public_contact_name", read_only=True)
    email = serializers.CharField(source="public_email", read_only=True)
    phone = serializers.CharField(source="public_phone", read_only=True)
    verified = serializers.BooleanField(source="is_verified", read_only=True)
    website = serializers.CharField(read_only=True, help_text="A web address, or empty.")
    last_confirmed_at = serializers.DateTimeField(
        read_only=True, help_text="When an owner last confirmed the organisation is active "
                                  "(or when it was registered).")
    not_confirmed_since = serializers.SerializerMethodField(
        help_text="last_confirmed_at when that is more than a year ago (the site shows "
                  "“not confirmed since …”); null otherwise.")

    class Meta:
        model = Actor
        fields = ACTOR_FIELDS
        read_only_fields = ACTOR_FIELDS

    def get_not_confirmed_since(self, actor) -> datetime.datetime | None:
        if not actor.is_stale:
            return None
        return serializers.DateTimeField().to_representation(actor.last_confirmed_at)


# What a partner's key may set; status, the verified mark, owners and the rest are decided
# on the platform (moderation), never through the API.
ACTOR_WRITABLE_FIELDS = [
    "name", "kind", "themes", "city", "latitude", "longitude", "location_precision",
    "address", "short_description", "description", "website", "social_links", "email",
    "email_is_public", "phone", "phone_is_public", "founded_year", "languages",
    "is_women_led", "accessibility", "accessibility_notes",
]


class ActorWriteSerializer(serializers.ModelSerializer):
    """An organisation as a partner submits or edits it. Fields it may not set are refused
    with a 400 naming them, rather than silently dropped."""

    kind = serializers.SlugRelatedField(slug_field="slug", queryset=ActorKind.objects.all())
    themes = serializers.SlugRelatedField(
        slug_field="slug", queryset=Theme.objects.all(), many=True, required=False
    )
    city = serializers.SlugRelatedField(slug_field="slug", queryset=City.objects.all())
    latitude = serializers.FloatField(
        min_value=-90, max_value=90, required=False,
        help_text="With longitude; when both are left out, the city centre is used.",
    )
    longitude = serializers.FloatField(min_value=-180, max_value=180, required=False)

    class Meta:
        model = Actor
        fields = ACTOR_WRITABLE_FIELDS

    def to_internal_value(self, data):
        refused = {}
        if isinstance(data, Mapping):
            refused = {
                name: [_("This field cannot be set through the API.") if name in ACTOR_FIELDS
                       else _("Unknown field.")]
                for name in data if name not in self.fields
            }
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if refused and isinstance(error.detail, dict):
                raise serializers.ValidationError({**error.detail, **refused}) from error
            raise
        if refused:
            raise serializers.ValidationError(refused)
        return value

    def validate(self, attrs):
        if ("latitude" in attrs) != ("longitude" in attrs):
            missing = "longitude" if "latitude" in attrs else "latitude"
            raise serializers.ValidationError(
                {missing: [_("Give latitude and longitude together.")]}
            )
        return attrs
