"""Public pages of the actor directory."""

from django.db.models import Count
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from actors.filters import ActorFilter
from actors.models import Actor
from cities.models import City


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        published = Actor.objects.published()
        members = City.objects.members()
        return super().get_context_data(
            actor_count=published.count(),
            member_city_count=members.count(),
            country_count=members.values("country").distinct().count(),
            kinds=published.values("kind__slug", "kind__name_fr", "kind__name_en")
            .annotate(count=Count("id"))
            .order_by("-count"),
            **kwargs,
        )


class ActorListView(FilterView):
    """The directory: published actors, filtered by plain GET parameters."""

    filterset_class = ActorFilter
    paginate_by = 50
    template_name = "actors/actor_list.html"

    def get_queryset(self):
        return Actor.objects.published().select_related("kind", "city__country")


class ActorDetailView(DetailView):
    def get_queryset(self):
        return (
            Actor.objects.published()
            .select_related("kind", "city__country")
            .prefetch_related("themes", "people__participations__workshop")
        )
