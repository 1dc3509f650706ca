"""Read-only API of actors, kinds and themes."""

import gc
from collections import defaultdict
from contextlib import contextmanager

import orjson
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection
from django.db.models import Count, ExpressionWrapper, F, Func, Max, Q, TextField
from django.db.models.functions import Cast, Coalesce
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from actors.api.changes import (
    MAX_LIMIT,
    ChangesPageSerializer,
    actor_changes,
    decode_cursor,
    parse_limit,
)
from actors.api.serializers import (
    ACTOR_WRITABLE_FIELDS,
    ActorKindSerializer,
    ActorSerializer,
    ActorWriteSerializer,
    ThemeSerializer,
)
from actors.filters import ActorAPIFilter
from actors.models import Actor, ActorKind, Theme, confirmation_deadline
from actors.permissions import CanEditActor
from actors.services import submit_actor, update_actor
from cities.api.base import (
    CSVRenderer,
    ExportMixin,
    GeoJSONRenderer,
    PublicReadOnlyViewSet,
    export_schema,
)
from cities.versions import data_version, filters_key
from partners.permissions import ReadOrWriteKey
from revisions.limits import SubmissionLimitReached
from revisions.models import Revision
from revisions.next_step import attach_next_steps
from revisions.selectors import api_representation
from revisions.services import pending_revision

SQLITE_ISO_UTC = "(REPLACE(%(expressions)s, ' ', 'T') || 'Z')"


class ActorKindViewSet(PublicReadOnlyViewSet):
    """Kinds of actors (fablab, incubator, ...), in French and English."""

    serializer_class = ActorKindSerializer
    queryset = ActorKind.objects.all()


class ThemeViewSet(PublicReadOnlyViewSet):
    """Themes of local innovation, in French and English."""

    serializer_class = ThemeSerializer
    queryset = Theme.objects.all()


WRITE_SCHEMA = {
    "request": ActorWriteSerializer,
    "responses": {200: ActorSerializer},
}


@extend_schema_view(
    **export_schema(ActorSerializer, csv_format=True),
    create=extend_schema(
        request=ActorWriteSerializer, responses={201: ActorSerializer},
        description="Submit an organisation (API key with the write scope). It lands as "
                    "pending and appears publicly once a city official approves it; the "
                    "key's owner becomes its owner.",
    ),
    update=extend_schema(**WRITE_SCHEMA, description=(
        "Replace an organisation you own: fields left out return to their defaults (no "
        "coordinates: the city centre, marked approximate).")),
    partial_update=extend_schema(**WRITE_SCHEMA,
                                 description="Change some fields of an organisation you own. "
                                             "On a published organisation the change waits "
                                             "for a city official's review: the answer is "
                                             "202 with the pending revision, and your GET "
                                             "of the organisation shows it as "
                                             "`pending_changes`. Both carry `next_step`: "
                                             "who reviews it, since when, the city's "
                                             "typical delay, or a rejection's reason."),
)
class ActorViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ExportMixin,
                   PublicReadOnlyViewSet):
    """Published actors (and, for a key's owner, their own at any stage). JSON is
    paginated; GeoJSON and CSV export every match. Writing needs a write-scoped key."""

    serializer_class = ActorSerializer
    filterset_class = ActorAPIFilter
    export_name = _("actors")
    renderer_classes = [JSONRenderer, GeoJSONRenderer, CSVRenderer]
    permission_classes = [ReadOrWriteKey, CanEditActor]

    def get_queryset(self):
        return (
            Actor.objects.visible_to(self.request.user)
            .select_related("kind", "city__country")
            .prefetch_related("themes")
            .order_by("sort_name", "pk")
        )

    def get_renderers(self):
        # Writes answer in JSON only; GeoJSON and CSV are export formats for reading.
        if self.request is not None and self.request.method in ("POST", "PUT", "PATCH"):
            return [JSONRenderer()]
        return super().get_renderers()

    def get_serializer_class(self):
        if self.request.method in ("POST", "PUT", "PATCH"):
            return ActorWriteSerializer
        return ActorSerializer

    def create(self, request, *args, **kwargs):
        serializer = ActorWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with model_errors_as_400():
            actor = submit_actor(user=request.user, data=serializer.validated_data,
                                 source="api")
        body = ActorSerializer(actor, context=self.get_serializer_context()).data
        location = request.build_absolute_uri(f"{request.path.rstrip('/')}/{actor.pk}/")
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})

    def update(self, request, *args, partial=False, **kwargs):
        actor = self.get_object()
        serializer = ActorWriteSerializer(actor, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if not partial:
            data = replacement(actor, data)
        with model_errors_as_400():
            actor = update_actor(actor=actor, user=request.user, data=data)
        if isinstance(actor, Revision):
            # A published organisation's change waits for an official's review.
            step = attach_next_steps([self.get_object()], viewer=request.user)[0].next_step
            return Response({**api_representation(actor), "next_step": step and step.as_api()},
                            status=status.HTTP_202_ACCEPTED)
        return Response(ActorSerializer(actor, context=self.get_serializer_context()).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("since", OpenApiTypes.STR, description=(
                "The `next` cursor of the previous call; leave out to start from the "
                "beginning.")),
            OpenApiParameter("limit", OpenApiTypes.INT, description=(
                f"Changed actors per call (default 100, at most {MAX_LIMIT}).")),
        ],
        responses={200: ChangesPageSerializer}, filters=False,
        description=("What changed since a cursor, in order: actors to add or replace "
                     "(upsert) and ids to remove (delete: unpublished, archived or deleted), "
                     "with the cursor to send next time. See docs/partners-sync.md."),
    )
    @action(detail=False, url_path="changes", renderer_classes=[JSONRenderer],
            filter_backends=[], pagination_class=None)
    def changes(self, request, format=None):  # noqa: A002 (DRF passes the format suffix)
        since = decode_cursor(request.query_params.get("since", ""))
        limit = parse_limit(request.query_params.get("limit"))
        page = actor_changes(since=since, limit=limit, visible=self.get_queryset(),
                             rows_of=lambda queryset: rows_from_values(row_values(queryset)))
        return Response(page)

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if request.accepted_renderer.format == "json" and request.user.is_authenticated:
            actor = self.get_object()
            if actor.is_owned_by(request.user):
                # Only the owners see their changes awaiting review.
                revision = pending_revision(actor)
                response.data["pending_changes"] = revision and api_representation(revision)
                # Who reviews, since when, how long it usually takes; or why it was refused.
                step = attach_next_steps([actor], viewer=request.user)[0].next_step
                response.data["next_step"] = step and step.as_api()
        return response

    @property
    def cached_answers(self) -> bool:
        # The change feed holds back the latest seconds' changes: its answer depends on
        # the time as well as the data, so it is neither cached nor given an ETag.
        return self.action != "changes"

    def data_etag(self, request) -> tuple[str, object]:
        """An ETag from the data version and the request, known before any query runs
        (computed once per request: `initial` and `finalize_response` both need it).

        The request counts through what decides the answer only: the path, the validated
        filters, the page, the format, the language and who asks; unknown parameters
        (`&r=<random>`) share the entry."""
        if not hasattr(self, "_data_etag"):
            filterset = self.filterset_class(request.query_params, request=request,
                                             queryset=Actor.objects.none())
            # What an authenticated partner sees includes their own unpublished actors and
            # those of the cities they moderate: their roles are part of the key.
            version = data_version(
                request.path, filters_key(filterset), page_params(request.query_params),
                get_language(), request.accepted_media_type,
                request.user.pk or "", roles_of(request.user),
                # "not confirmed since" depends on the day, not only on the data.
                confirmation_deadline().date(),
                user=request.user,
            )
            self._data_etag = quote_etag(version.key), version.latest
        return self._data_etag

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200 and self.cached_answers:
            etag, latest = self.data_etag(request)
            response["ETag"] = etag
            if latest:
                response["Last-Modified"] = http_date(latest.timestamp())
            if isinstance(response, Response):
                remember_body(etag, response)
        return response

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, permissions, quota
        if request.method == "GET" and self.cached_answers:
            etag, _latest = self.data_etag(request)
            if etag in request.headers.get("If-None-Match", ""):
                raise NotModified(etag)
            cached = cache.get(BODY_CACHE_PREFIX + etag)
            if cached is not None:
                raise CachedBody(*cached)

    def handle_exception(self, exc):
        if isinstance(exc, NotModified):
            return HttpResponseNotModified(headers={"ETag": exc.etag})
        if isinstance(exc, CachedBody):
            return HttpResponse(exc.body, content_type=exc.content_type)
        return super().handle_exception(exc)

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != "json":
            return super().list(request, *args, **kwargs)
        # The page is read with values_list() like the exports (see make bench): count, one
        # page of tuples, their themes.
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(CountedRows(row_values(queryset), counted=queryset))
        return self.get_paginated_response(rows_from_values(page))

    def export_rows(self, queryset) -> "list[dict]":
        """The same rows as the serializer, read with values_list() (see make bench)."""
        with paused_gc():
            return rows_from_values(row_values(queryset), themes_of=queryset.values("pk"))

    def export_features(self, queryset) -> "list[dict]":
        with paused_gc():
            return features_from_values(row_values(queryset), themes_of=queryset.values("pk"))


def page_params(params) -> tuple:
    """`page` and `page_size` as numbers when they are (`page=01` is page 1)."""
    values = []
    for name in ("page", "page_size"):
        value = params.get(name)
        values.append(int(value) if value and value.isascii() and value.isdigit()
                      and len(value) < 20 else value)
    return tuple(values)


def roles_of(user) -> tuple:
    """What decides which unpublished actors a user sees (none when anonymous)."""
    if not user.is_authenticated:
        return ()
    owned = tuple(Actor.objects.owned_by(user).order_by("pk").values_list("pk", flat=True))
    # Owners see their pending changes: a new proposal or decision changes their answers.
    revisions = Revision.objects.for_items(Actor, owned).aggregate(
        count=Count("pk"), latest=Max("updated_at"), decided=Max("decided_at"))
    return (
        user.has_perm("actors.view_actor"),
        tuple(user.official_cities.order_by("pk").values_list("pk", flat=True)),
        owned, tuple(revisions.values()),
    )


def replacement(actor: Actor, data: dict) -> dict:
    """PUT replaces: fields left out return to their defaults, and without coordinates the
    organisation goes back to its city's centre, marked approximate."""
    full = {"themes": [], **data}
    for name in ACTOR_WRITABLE_FIELDS:
        if name not in full and name not in ("latitude", "longitude", "location_precision"):
            full[name] = Actor._meta.get_field(name).get_default()
    if "latitude" not in data:
        city = full["city"]
        full.update(latitude=city.latitude, longitude=city.longitude,
                    location_precision=Actor.Precision.CITY)
    elif "location_precision" not in data:
        full["location_precision"] = Actor.Precision.EXACT
    return full


class CountedRows:
    """`row_values` tuples for the paginator, counted on the plain queryset: the tuples'
    joins (kind, city, country) would only slow the count down."""

    ordered = True

    def __init__(self, rows, counted):
        self.rows, self.counted = rows, counted

    def count(self) -> int:
        return self.counted.count()

    def __getitem__(self, index):
        return self.rows[index]


ROW_STAMPS = ["verified_at", "confirmed_or_created", "created_at", "updated_at"]


def row_values(queryset):
    """The columns of ActorSerializer as tuples, in the queryset's order (name by default,
    or the filters': `near`, `ordering`)."""
    queryset = queryset.prefetch_related(None).select_related(None)
    # JSON columns come as text and go through orjson: Django's JSONField converter
    # (the standard json module, row by row) took a third of the time.
    queryset = queryset.annotate(
        social_links_text=Cast("social_links", TextField()),
        languages_text=Cast("languages", TextField()),
        # Booleans read as they come (0/1 on SQLite): Django's converter, called for every
        # value, cost more than the test in actor_records. (A TextField output has no
        # converter on any backend; the database sends its own type.)
        **{f"{name}_raw": ExpressionWrapper(F(name), output_field=TextField())
           for name in ("contact_name_is_public", "email_is_public", "phone_is_public",
                     "is_women_led")},
    )
    deadline = confirmation_deadline()
    queryset = queryset.annotate(
        confirmed_or_created=Coalesce("confirmed_at", "created_at"),
        stale_raw=ExpressionWrapper(
            Q(confirmed_at__lt=deadline) | Q(confirmed_at__isnull=True, created_at__lt=deadline),
            output_field=TextField()),
    )
    stamps = ROW_STAMPS
    if connection.vendor == "sqlite":
        # SQLite keeps UTC timestamps as text ("2026-01-31 08:00:00.123456"): rewrite
        # the text as DRF writes it ("2026-01-31T08:00:00.123456Z", NULL stays NULL)
        # instead of parsing three datetimes a row in Python.
        queryset = queryset.annotate(**{
            f"{name}_text": Func(F(name), template=SQLITE_ISO_UTC, output_field=TextField())
            for name in stamps
        })
        stamps = [f"{name}_text" for name in stamps]
    return queryset.values_list(
        "id", "slug", "name", "kind__slug", "city__slug", "city__name",
        "city__country__code", "latitude", "longitude", "location_precision", "address",
        "short_description", "description", "website", "social_links_text", "contact_name",
        "contact_name_is_public_raw", "email", "email_is_public_raw", "phone",
        "phone_is_public_raw", "founded_year", "languages_text", "is_women_led_raw",
        "accessibility", stamps[0], "status", stamps[1], "stale_raw", "source", stamps[2],
        stamps[3],
    )


def actor_records(rows, themes_of=None):
    """(longitude, latitude, properties) from `row_values` tuples, the properties shaped
    like ActorSerializer's fields but the coordinates; with the themes of the actors
    `themes_of` selects (a subquery), or of these rows."""
    rows = list(rows)
    if themes_of is None:
        themes_of = [row[0] for row in rows]
    themes = defaultdict(list)
    through = Actor.themes.through.objects.filter(actor_id__in=themes_of)
    for actor_id, slug in through.order_by("theme__position", "theme__name_fr").values_list(
        "actor_id", "theme__slug"
    ):
        themes[actor_id].append(slug)
    loads = orjson.loads
    no_themes = []
    # Tuples unpacked into names: about twice as fast as values() dicts read by key.
    for (pk, slug, name, kind, city, city_name, country, latitude, longitude, precision,
         address, short_description, description, website, social_links, contact_name,
         contact_public, email, email_public, phone, phone_public, founded_year, languages,
         women_led, accessibility, verified_at, lifecycle, last_confirmed_at, stale, source,
         created_at, updated_at) in rows:
        yield longitude, latitude, {
            "id": pk, "slug": slug, "name": name, "kind": kind,
            "themes": themes.get(pk, no_themes), "city": city, "city_name": city_name,
            "country": country, "location_precision": precision, "address": address,
            "short_description": short_description, "description": description,
            "website": website, "social_links": loads(social_links),
            "contact_name": contact_name if contact_public else "",
            "email": email if email_public else "", "phone": phone if phone_public else "",
            "founded_year": founded_year, "languages": loads(languages),
            "is_women_led": None if women_led is None else bool(women_led),
            "accessibility": accessibility, "verified": verified_at is not None,
            "verified_at": verified_at, "status": lifecycle,
            "last_confirmed_at": last_confirmed_at,
            "not_confirmed_since": last_confirmed_at if stale else None, "source": source,
            "created_at": created_at, "updated_at": updated_at,
        }


def rows_from_values(rows, themes_of=None) -> "list[dict]":
    """Dicts equal to ActorSerializer's from `row_values` tuples."""
    return [
        {**properties, "latitude": latitude, "longitude": longitude}
        for longitude, latitude, properties in actor_records(rows, themes_of)
    ]


def features_from_values(rows, themes_of=None) -> "list[dict]":
    """GeoJSON Features built in one go (no intermediate row to reshape)."""
    return [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
         "properties": properties}
        for longitude, latitude, properties in actor_records(rows, themes_of)
    ]


@contextmanager
def paused_gc():
    """Exports build tens of thousands of small dicts and lists, none of them cyclic: the
    cyclic garbage collector, triggered again and again by the allocations, took a third
    of the time (make bench). It runs again as usual right after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def model_errors_as_400():
    """The model's own checks (full_clean in the services) answer 400, field by field."""
    try:
        yield
    except SubmissionLimitReached as error:
        # Counted per user across the site and all their keys: 429, like the key quota.
        raise exceptions.Throttled(detail=" ".join(error.messages)) from error
    except DjangoValidationError as error:
        raise serializers.ValidationError(serializers.as_serializer_error(error)) from error


# Answers are cached under their ETag, which changes with the public data version
# (cities.versions) and with the request (path, filters, language, format, user): a stale
# body can never be served, so entries may live long.
BODY_CACHE_PREFIX = "api-actors-body:"
BODY_CACHE_SECONDS = 24 * 3600


def remember_body(etag: str, response: Response) -> None:
    """Keep a rendered answer for the next identical request: pages and small answers
    (API_RESPONSE_CACHE_MAX_BYTES), and the GeoJSON and CSV exports up to
    EXPORT_CACHE_MAX_BYTES, so that a full export is built once per data version."""
    renderer = getattr(response, "accepted_renderer", None)
    is_export = renderer is not None and renderer.format in ("geojson", "csv")
    limit = settings.EXPORT_CACHE_MAX_BYTES if is_export else settings.API_RESPONSE_CACHE_MAX_BYTES
    if not limit:
        return
    response.render()
    if len(response.content) <= limit:
        cache.set(BODY_CACHE_PREFIX + etag, (response.content, response["Content-Type"]),
                  BODY_CACHE_SECONDS)


class CachedBody(Exception):
    def __init__(self, body: bytes, content_type: str):
        super().__init__(content_type)
        self.body, self.content_type = body, content_type


class NotModified(Exception):
    def __init__(self, etag: str):
        super().__init__(etag)
        self.etag = etag
