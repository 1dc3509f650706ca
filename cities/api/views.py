"""Read-only API of countries and cities."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_view
from rest_framework.renderers import JSONRenderer

from cities.api.base import ExportMixin, GeoJSONRenderer, PublicReadOnlyViewSet, export_schema
from cities.api.serializers import CitySerializer, CountrySerializer
from cities.input_rules import is_ascii_integer
from cities.models import City, Country


class CountryViewSet(PublicReadOnlyViewSet):
    """Countries (ISO 3166) with their world region and global North/South class."""

    serializer_class = CountrySerializer
    queryset = Country.objects.all()
    filterset_fields = ["region", "is_global_south"]
    slug_field = "code"

    def get_object(self):
        key = self.lookup_url_kwarg or self.lookup_field
        if not is_ascii_integer(self.kwargs[key]):
            self.kwargs[key] = self.kwargs[key].upper()  # /countries/cm/ and /countries/CM/
        return super().get_object()


class CityFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(field_name="country__code", lookup_expr="iexact")

    class Meta:
        model = City
        fields = ["country", "is_aimf_member"]


@extend_schema_view(**export_schema(CitySerializer, csv_format=False))
class CityViewSet(ExportMixin, PublicReadOnlyViewSet):
    """Cities: AIMF members and the places where actors work."""

    serializer_class = CitySerializer
    queryset = City.objects.select_related("country")
    filterset_class = CityFilter
    export_name = _("cities")
    renderer_classes = [JSONRenderer, GeoJSONRenderer]
    ordering_fields = ["name", "population", "updated_at"]
