"""Public pages of summits, workshops, speakers and the action plan; calendar files."""

from itertools import groupby

from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.html import json_script
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from cities.maps import small_map_settings
from cities.ratelimits import throttled
from workshops.calendars import is_in_calendar, summit_calendar, workshop_calendar
from workshops.filters import PersonFilter, PublicCommitmentFilter
from workshops.models import (
    Commitment,
    CommitmentStatus,
    Participation,
    Person,
    Recommendation,
    Summit,
    Workshop,
)

PARTICIPANTS = Prefetch(
    "participations",
    queryset=Participation.objects.select_related("person__actor__city").order_by(
        "position", "pk"),
)
COMMITMENTS = Prefetch(
    "commitments", queryset=Commitment.objects.for_display().order_by("position", "pk")
)


def programme_workshops():
    return Workshop.objects.select_related("theme", "summit").order_by(
        "date", "start_time", "position", "pk")


def places_script(places: list[dict], element_id: str):
    """Points for a small map of places (venues, organisations), as a JSON script."""
    return json_script({**small_map_settings(), "places": places}, element_id)


class SummitListView(ListView):
    """Every summit with its workshops and its calendar file."""

    queryset = Summit.objects.select_related("city__country").prefetch_related(
        Prefetch("workshops", queryset=programme_workshops())
    )


def summit_venues(workshops) -> list[dict]:
    """Every distinct venue of the workshops (by name and address, or by point when
    unnamed), in programme order; `lat`/`lon` are None when no workshop there has them."""
    venues: dict[tuple, dict] = {}
    for workshop in workshops:
        name, address = workshop.venue.strip(), workshop.venue_address.strip()
        point = workshop.has_venue_point
        if not (name or address or point):
            continue
        key = ((name.casefold(), address.casefold()) if name or address
               else (workshop.venue_latitude, workshop.venue_longitude))
        venue = venues.setdefault(key, {
            "lat": None, "lon": None, "kind": "venue", "detail": address if name else "",
            "name": name or address or _("Venue of “%(workshop)s”") % {
                "workshop": workshop.title}})
        if point and venue["lat"] is None:
            venue["lat"], venue["lon"] = workshop.venue_latitude, workshop.venue_longitude
    return list(venues.values())


class SummitDetailView(DetailView):
    """A summit's programme by day, its venues on a map and its action plan."""

    queryset = Summit.objects.select_related("city__country").prefetch_related(
        Prefetch("workshops", queryset=programme_workshops().prefetch_related(PARTICIPANTS)
                 .annotate(commitment_count=Count("commitments")))
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        workshops = list(self.object.workshops.all())
        dated = [workshop for workshop in workshops if workshop.date]
        context["days"] = [(day, list(items)) for day, items in
                           groupby(dated, key=lambda workshop: workshop.date)]
        context["undated"] = [workshop for workshop in workshops if not workshop.date]
        context["in_calendar"] = len(dated)
        context["venues"] = summit_venues(workshops)
        mapped = [venue for venue in context["venues"] if venue["lat"] is not None]
        context["has_venue_points"] = bool(mapped)
        context["map_script"] = places_script(mapped, "summit-map-places")
        context["status_counts"] = self.object_status_counts()
        return context

    def object_status_counts(self):
        counts = Commitment.objects.of_summit(self.object).count_by_status()
        return [(value, label, counts[value]) for value, label in CommitmentStatus.choices]


class WorkshopDetailView(DetailView):
    """A workshop: guiding question, people and their organisations, outcomes."""

    queryset = Workshop.objects.select_related("summit__city__country", "theme").prefetch_related(
        PARTICIPANTS,
        Prefetch("recommendations", queryset=Recommendation.objects.order_by("position", "pk")),
        COMMITMENTS,
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        workshop = self.object
        participations = list(workshop.participations.all())
        context["roles"] = [
            (role, label, [p for p in participations if p.role == role])
            for role, label in Participation.Role.choices
        ]
        places = []
        if workshop.has_venue_point:
            places.append({"lat": workshop.venue_latitude, "lon": workshop.venue_longitude,
                           "name": workshop.venue, "detail": workshop.venue_address,
                           "kind": "venue"})
        organisations = {}
        for participation in participations:
            actor = participation.person.actor
            if actor and actor.status == "published" and actor.pk not in organisations:
                organisations[actor.pk] = {
                    "lat": actor.latitude, "lon": actor.longitude, "name": actor.name,
                    "detail": str(actor.city), "url": actor.get_absolute_url(),
                    "kind": "organisation",
                }
        places += organisations.values()
        context["places"] = places
        context["has_organisation_points"] = bool(organisations)
        context["map_script"] = places_script(places, "workshop-map-places")
        context["in_calendar"] = is_in_calendar(workshop)
        return context


@method_decorator(throttled("search", "SEARCH_RATE_LIMIT", only_with="q"), name="get")
class PersonListView(FilterView):
    """The speakers' directory: search, role and summit filters, 50 a page."""

    filterset_class = PersonFilter
    paginate_by = 50
    template_name = "workshops/person_list.html"

    def get_queryset(self):
        return Person.objects.select_related("actor").prefetch_related(
            Prefetch("participations", queryset=Participation.objects.select_related(
                "workshop__summit").order_by("workshop__date", "position", "pk"))
        ).order_by("sort_name", "pk")


class PersonDetailView(DetailView):
    queryset = Person.objects.select_related("actor", "city").prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("workshop__summit").order_by(
                "-workshop__summit__start_date", "workshop__date", "pk"),
        )
    )


@method_decorator(throttled("search", "SEARCH_RATE_LIMIT", only_with="q"), name="get")
class ActionPlanView(FilterView):
    """The AIMF action plan: commitments with their status, filterable, 50 a page."""

    filterset_class = PublicCommitmentFilter
    paginate_by = 50
    template_name = "workshops/action_plan.html"

    def get_queryset(self):
        return Commitment.objects.for_display().order_by(
            "-workshop__summit__start_date", "position", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = self.object_list.count_by_status() if self.object_list is not None else {}
        context["status_counts"] = [(value, label, counts.get(value, 0))
                                    for value, label in CommitmentStatus.choices]
        return context


class CommitmentDetailView(DetailView):
    """One commitment, where it comes from, who commits, and how its status changed."""

    queryset = Commitment.objects.for_display()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Only the status changes are public; who made them stays in the admin.
        changes, previous = [], None
        for record in self.object.history.order_by("history_date", "history_id").only(
                "status", "history_date"):
            if record.status != previous:
                changes.append((record.history_date, record.get_status_display()))
                previous = record.status
        context["status_changes"] = changes
        return context


def calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SummitCalendarView(DetailView):
    """The summit's dated workshops as an iCalendar file."""

    queryset = Summit.objects.prefetch_related(
        Prefetch("workshops", queryset=programme_workshops().prefetch_related(PARTICIPANTS))
    )

    def render_to_response(self, context, **response_kwargs):
        summit = self.object
        content = summit_calendar(summit, summit.workshops.all(),
                                  absolute_url=self.request.build_absolute_uri)
        return calendar_response(content, f"{summit.slug}.ics")


class WorkshopCalendarView(DetailView):
    """One workshop as an iCalendar file; a page explains when its date is unknown."""

    queryset = Workshop.objects.select_related("summit", "theme").prefetch_related(PARTICIPANTS)

    def render_to_response(self, context, **response_kwargs):
        workshop = self.object
        if not is_in_calendar(workshop):
            return render(self.request, "workshops/calendar_unavailable.html",
                          {"workshop": workshop, "title": _("No calendar file yet")},
                          status=404)
        content = workshop_calendar(workshop, absolute_url=self.request.build_absolute_uri)
        return calendar_response(content, f"{workshop.slug}.ics")
