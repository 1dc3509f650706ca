"""Public pages of countries and cities."""

from django.db.models import Count, Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.views.generic import DetailView, ListView

from cities.models import City, CitySlugRedirect, Country

PUBLISHED = Q(actors__status="published")


class CountryListView(ListView):
    """Countries that have at least one city on the platform."""

    def get_queryset(self):
        return Country.objects.annotate(
            city_count=Count("cities", distinct=True),
            member_count=Count("cities", filter=Q(cities__is_aimf_member=True), distinct=True),
        ).filter(city_count__gt=0)


class CountryDetailView(DetailView):
    model = Country

    def get_object(self, queryset=None):
        try:
            return Country.objects.get(code=self.kwargs["code"].upper())
        except Country.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        cities = (
            self.object.cities.annotate(actor_count=Count("actors", filter=PUBLISHED))
            .filter(Q(is_aimf_member=True) | Q(actor_count__gt=0))
            .order_by("-is_aimf_member", "sort_name")
        )
        actor_count = sum(city.actor_count for city in cities)
        return super().get_context_data(cities=cities, actor_count=actor_count, **kwargs)


class CityDetailView(DetailView):
    queryset = City.objects.select_related("country")

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A city merged into another by tidy_cities: its old address moves for good.
            moved = CitySlugRedirect.objects.select_related("city").filter(
                old_slug=self.kwargs["slug"]).first()
            if moved is None:
                raise
            return HttpResponsePermanentRedirect(moved.city.get_absolute_url())

    def get_context_data(self, **kwargs):
        from innovations.selectors import forge_of_city  # cities import no other app

        published = self.object.actors.published()
        return super().get_context_data(
            actors=published.select_related("kind").order_by("kind__position", "sort_name", "pk"),
            by_kind=published.values("kind__name_fr", "kind__name_en")
            .annotate(count=Count("id")).order_by("-count", "kind__name_fr"),
            by_theme=published.filter(themes__isnull=False)
            .values("themes__name_fr", "themes__name_en")
            .annotate(count=Count("id")).order_by("-count", "themes__name_fr"),
            forge=forge_of_city(self.object),
            **kwargs,
        )
