"""API representations of countries and cities."""

from rest_framework import serializers

from cities.models import City, Country


class CountrySerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="code.code", read_only=True)
    name = serializers.CharField(read_only=True)
    region_name = serializers.CharField(source="get_region_display", read_only=True)
    global_south = serializers.BooleanField(source="is_global_south", read_only=True)

    class Meta:
        model = Country
        fields = ["id", "code", "name", "region", "region_name", "global_south"]


class CitySerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code.code", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    url = serializers.SerializerMethodField()
    website = serializers.CharField(read_only=True, help_text="A web address, or empty.")

    class Meta:
        model = City
        fields = [
            "id", "slug", "name", "country", "country_name", "latitude", "longitude",
            "population", "is_aimf_member", "description", "website", "updated_at", "url",
        ]

    def get_url(self, city) -> str:
        request = self.context.get("request")
        path = city.get_absolute_url()
        return request.build_absolute_uri(path) if request else path
