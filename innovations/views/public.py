"""The public catalogue of innovations, an innovation's page and its map's data."""

from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import DetailView
from django_filters.views import FilterView

from actors.models import Actor
from cities.ratelimits import throttled
from innovations.filters import InnovationFilter
from innovations.models import Adaptation, Direction, Innovation
from innovations.selectors import direction_rows

ORIGIN_ACTORS = Prefetch("actors", queryset=Actor.objects.select_related("city"))
# The public catalogue names only published organisations.
PUBLISHED_ORIGIN_ACTORS = Prefetch("actors", queryset=Actor.objects.published().only(
    "pk", "name"))


@method_decorator(throttled("search", "SEARCH_RATE_LIMIT", only_with="q"), name="get")
class InnovationListView(FilterView):
    """The catalogue: published innovations with filters, and where their adaptations went."""

    filterset_class = InnovationFilter
    paginate_by = 24
    template_name = "innovations/innovation_list.html"

    def get_queryset(self):
        return (Innovation.objects.published().with_adaptation_count()
                .select_related("city__country")
                .prefetch_related("themes", PUBLISHED_ORIGIN_ACTORS)
                .order_by("sort_name", "pk"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shown = self.object_list.values("pk")
        counts = Adaptation.objects.published().filter(innovation__in=shown).count_by_direction()
        return {**context, "directions": direction_rows(counts)}


class InnovationDetailView(DetailView):
    """An innovation, its adaptations on a map and in a table; owners and moderators also
    see it (and their adaptations) before publication."""

    def get_queryset(self):
        return (Innovation.objects.visible_to(self.request.user)
                .select_related("city__country").prefetch_related("themes", ORIGIN_ACTORS))

    def get_context_data(self, **kwargs):
        adaptations = list(
            Adaptation.objects.visible_to(self.request.user).filter(innovation=self.object)
            .with_direction().select_related("actor", "city__country")
            .order_by("city__sort_name", "pk"))
        counts = dict.fromkeys(Direction.values, 0)
        for adaptation in adaptations:
            if adaptation.status == Adaptation.Status.PUBLISHED:
                counts[adaptation.direction] += 1
        return super().get_context_data(
            adaptations=adaptations, directions=direction_rows(counts),
            can_edit=self.object.can_be_edited_by(self.request.user), **kwargs)


class InnovationMapDataView(View):
    """The map of a published innovation: its origin and its published adaptations."""

    def get(self, request, slug):
        innovation = get_object_or_404(
            Innovation.objects.published().select_related("city__country"), slug=slug)
        adaptations = (Adaptation.objects.published().filter(innovation=innovation)
                       .with_direction().select_related("city__country")
                       .prefetch_related(Prefetch(
                           "actor", queryset=Actor.objects.published().only("pk", "name"),
                           to_attr="published_actor"))
                       .order_by("city__sort_name", "pk"))
        origin = innovation.city
        return JsonResponse({
            "origin": {"title": innovation.title, "city": origin.name,
                       "country": origin.country.name,
                       "lat": origin.latitude, "lon": origin.longitude},
            "adaptations": [{
                # An organisation that is not (or no longer) published stays unnamed.
                "id": adaptation.pk,
                "actor": adaptation.published_actor.name if adaptation.published_actor else "",
                "city": adaptation.city.name, "country": adaptation.city.country.name,
                "lat": adaptation.city.latitude, "lon": adaptation.city.longitude,
                "direction": adaptation.direction,
                "directionLabel": str(Direction(adaptation.direction).label),
                "progress": adaptation.get_progress_display(),
            } for adaptation in adaptations],
        }, headers={"Cache-Control": "max-age=60"})
