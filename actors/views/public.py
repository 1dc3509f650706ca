"""Public pages of the actor map and directory, and the map's data feed."""

import gzip
import hashlib
import re

from csp.decorators import csp_replace
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.utils.decorators import method_decorator
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.generic import DetailView
from django_filters.views import FilterView

from actors.filters import ActorFilter
from actors.maps import compressed_feed, feed_version
from actors.models import Actor, ActorKind, ActorSlugRedirect
from actors.palette import kind_symbol
from actors.selectors import BBox
from cities.input_rules import is_ascii_integer
from cities.ratelimits import throttled

ACCEPTS_GZIP = re.compile(r"\bgzip\b(?!\s*;\s*q=0(?:\.0*)?\s*(?:,|$))")
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def published_actors():
    return Actor.objects.published().select_related("kind", "city__country")


@method_decorator(throttled("search", "SEARCH_RATE_LIMIT", only_with="q"), name="get")
class ActorMapView(FilterView):
    """The home page: the map of published actors with its filters."""

    filterset_class = ActorFilter
    template_name = "actors/actor_map.html"

    def get_queryset(self):
        return Actor.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["count"] = self.object_list.count()
        context["kinds"] = ActorKind.objects.all()
        return context


@method_decorator(xframe_options_exempt, name="dispatch")
@method_decorator(csp_replace({"frame-ancestors": ["*"]}), name="dispatch")
class EmbedView(ActorMapView):
    """The map alone, for other sites' iframes; filters come from the query string."""

    template_name = "actors/actor_embed.html"


class KindStylesView(View):
    """The kinds' colours as a stylesheet, so that no inline style is needed (CSP)."""

    def get(self, request):
        kinds = list(ActorKind.objects.values_list("pk", "slug", "colour"))
        etag = quote_etag(hashlib.sha1(repr(kinds).encode(), usedforsecurity=False).hexdigest())
        if request.headers.get("If-None-Match") == etag:
            return HttpResponseNotModified(headers={"ETag": etag})
        css = "".join(
            f".swatch-{slug},.kind-{pk}{{--kind:{kind_symbol(slug, colour)[0]}}}\n"
            for pk, slug, colour in kinds
            if HEX_COLOUR.fullmatch(colour) and SLUG.fullmatch(slug)
        )
        return HttpResponse(
            css, content_type="text/css", headers={"ETag": etag, "Cache-Control": "no-cache"}
        )


@method_decorator(throttled("search", "SEARCH_RATE_LIMIT", only_with="q"), name="get")
class ActorListView(FilterView):
    """The directory: the accessible, script-free alternative to the map."""

    filterset_class = ActorFilter
    paginate_by = 50
    template_name = "actors/actor_list.html"

    def get_queryset(self):
        return published_actors().order_by("sort_name", "pk")


class ActorDetailView(DetailView):
    """An actor's page; its owners and moderators also see it before publication."""

    def get_queryset(self):
        return (
            Actor.objects.visible_to(self.request.user)
            .select_related("kind", "city__country")
            .prefetch_related("themes", "people__participations__workshop")
        )

    def get(self, request, *args, **kwargs):
        # A merged actor's page (archived, so hidden, or seen by staff) moves for good to
        # the actor it was merged into; redirects are read only for those.
        try:
            self.object = self.get_object()
        except Http404:
            self.object = None
        if self.object is None or self.object.status == Actor.Status.ARCHIVED:
            target = ActorSlugRedirect.objects.filter(slug=kwargs["slug"]).select_related(
                "actor").first()
            if target is not None:
                return HttpResponsePermanentRedirect(target.actor.get_absolute_url())
            if self.object is None:
                raise Http404
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        from innovations.selectors import forge_of_actor  # the forge builds on actors

        return super().get_context_data(forge=forge_of_actor(self.object), **kwargs)


@method_decorator(throttled("map-feed", "MAP_FEED_RATE_LIMIT", as_json=True), name="get")
class MapFeedView(View):
    """Compact JSON for the map: points (or clusters beyond MAP_POINT_LIMIT), gzipped,
    with an ETag and Last-Modified, cached until the public data changes (under the
    validated filters: unknown parameters share the entry)."""

    def get(self, request):
        filterset = ActorFilter(request.GET, queryset=Actor.objects.published())
        errors = dict(filterset.errors) if not filterset.is_valid() else {}
        zoom = request.GET.get("zoom", "2")
        if is_ascii_integer(zoom) and 0 <= int(zoom) <= 22:
            zoom = int(zoom)
        else:
            errors["zoom"] = [_("zoom must be a whole number between 0 and 22.")]
        bbox = None
        if request.GET.get("bbox"):
            try:
                bbox = BBox.parse(request.GET["bbox"])
            except ValueError as error:
                errors["bbox"] = [str(error)]
        if errors:
            return JsonResponse({"errors": errors}, status=400)

        version = feed_version(filterset, zoom, bbox)
        key, latest = version.key, version.latest
        gzipped = ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) is not None
        etag = quote_etag(f"{key}-gz" if gzipped else key)  # one ETag per representation
        if request.headers.get("If-None-Match") == etag:
            return HttpResponseNotModified(headers={"ETag": etag})
        compressed = compressed_feed(version, filterset, zoom, bbox)
        if gzipped:
            response = HttpResponse(compressed, content_type="application/json")
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(compressed), content_type="application/json")
        response["ETag"] = etag
        if latest:
            response["Last-Modified"] = http_date(latest.timestamp())
        response["Cache-Control"] = "no-cache"
        response["Vary"] = "Accept-Encoding"
        return response


class MapActorDetailView(View):
    """What a map popup shows about one published actor."""

    def get(self, request, pk):
        actor = published_actors().filter(pk=pk).first()
        if actor is None:
            raise Http404
        return JsonResponse(
            {
                "name": actor.name,
                "kind": actor.kind.name,
                "city": actor.city.name,
                "country": actor.city.country.name,
                "url": actor.get_absolute_url(),
                "verified": actor.is_verified,
            },
            headers={"Cache-Control": "max-age=300"},
        )
