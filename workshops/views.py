"""Public pages of summits, workshops and speakers."""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from workshops.models import Participation, Person, Summit, Workshop

PARTICIPANTS = Prefetch(
    "participations",
    queryset=Participation.objects.select_related("person__actor").order_by("position"),
)


class SummitListView(ListView):
    queryset = Summit.objects.select_related("city__country").prefetch_related("workshops")


class SummitDetailView(DetailView):
    queryset = Summit.objects.select_related("city__country").prefetch_related(
        Prefetch("workshops", queryset=Workshop.objects.select_related("theme").prefetch_related(
            PARTICIPANTS
        ))
    )


class WorkshopDetailView(DetailView):
    queryset = Workshop.objects.select_related("summit", "theme").prefetch_related(PARTICIPANTS)


class PersonDetailView(DetailView):
    queryset = Person.objects.select_related("actor", "city").prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("workshop__summit"),
        )
    )
