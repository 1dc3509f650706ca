"""The collections the OGC API serves: published data only, read through the API's
filters (FilterSets) and fast paths (actors' `row_values`), never a query layer of its own."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, Min, Prefetch
from django.utils.datastructures import MultiValueDict
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from actors.api.views import features_from_values, row_values
from actors.filters import ActorAPIFilter
from actors.models import Actor
from actors.selectors import BBox
from cities.api.base import as_feature
from cities.api.serializers import CitySerializer
from cities.api.views import CityFilter
from cities.models import City
from innovations.api.serializers import InnovationSerializer
from innovations.filters import InnovationAPIFilter
from innovations.models import Innovation


class InvalidParameter(ValueError):
    """A query parameter the server cannot honour (an OGC 400 InvalidParameterValue)."""

    def __init__(self, name: str, message):
        super().__init__(f"{name}: {message}")
        self.name, self.message = name, str(message)


def actor_features(queryset, request) -> list[dict]:
    return features_from_values(row_values(queryset))


def city_features(queryset, request) -> list[dict]:
    rows = CitySerializer(queryset, many=True, context={"request": request}).data
    return [as_feature(dict(row)) for row in rows]


def innovation_features(queryset, request) -> list[dict]:
    features = []
    for row in InnovationSerializer(queryset, many=True, context={"request": request}).data:
        row = dict(row)
        city = row.pop("city")  # the place of origin, flattened for GIS tables
        row.update(city=city["slug"], city_name=city["name"], country=city["country"],
                   latitude=city["latitude"], longitude=city["longitude"])
        features.append(as_feature(row))
    return features


@dataclass(frozen=True)
class Collection:
    id: str
    title: object
    description: object
    queryset: object  # () -> the published rows, in a stable order
    filterset_class: type
    features: object  # (sliced queryset, request) -> GeoJSON Features
    # Property filters offered (names of the FilterSet's filters).
    properties: tuple = ()
    # Where the coordinates are, relative to the model ("" or "city__").
    place: str = ""

    def rows(self):
        return self.queryset()

    def filtered(self, params) -> "object":
        """The rows the item query selects: property filters through the API's FilterSet,
        bbox with the API's BBox, datetime on the update time."""
        queryset = self.rows()
        data = MultiValueDict({name: params.getlist(name) for name in self.properties
                               if name in params})
        if data:
            filterset = self.filterset_class(data, queryset=queryset)
            if not filterset.is_valid():
                name, errors = next(iter(filterset.errors.items()))
                raise InvalidParameter(name, " ".join(errors))
            queryset = filterset.qs
        if params.get("bbox"):
            queryset = in_bbox(queryset, params["bbox"], self.place)
        if params.get("datetime"):
            queryset = queryset.filter(**datetime_lookup(params["datetime"]))
        return queryset

    def extent(self) -> dict:
        place = self.place
        bounds = self.rows().order_by().aggregate(
            west=Min(f"{place}longitude"), east=Max(f"{place}longitude"),
            south=Min(f"{place}latitude"), north=Max(f"{place}latitude"),
            first=Min("updated_at"), last=Max("updated_at"))
        box = ([[bounds["west"], bounds["south"], bounds["east"], bounds["north"]]]
               if bounds["west"] is not None else [[-180, -90, 180, 90]])
        return {
            "spatial": {"bbox": box, "crs": CRS84},
            "temporal": {"interval": [[iso(bounds["first"]), iso(bounds["last"])]],
                         "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"},
        }


CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


def iso(moment) -> str | None:
    if moment is None:
        return None
    return moment.isoformat().replace("+00:00", "Z")


def in_bbox(queryset, value: str, place: str):
    try:
        box = BBox.parse(value)
    except ValueError as error:
        raise InvalidParameter("bbox", error) from error
    if not place:
        return box.filter(queryset)
    return queryset.filter(**{f"{place.rstrip('_')}__in": box.filter(City.objects.all())})


def parse_moment(text: str, *, end: bool) -> datetime.datetime:
    """An RFC 3339 date-time, or a date (its first or last instant)."""
    moment = parse_datetime(text) if "T" in text.upper() else None
    if moment is None:
        day = parse_date(text) if len(text) == 10 else None
        if day is None:
            raise ValueError(text)
        moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def datetime_lookup(value: str) -> dict:
    """OGC `datetime` on the update time: an instant, or an interval `start/end` where
    either side may be `..` (or empty: open)."""
    message = _("datetime must be an RFC 3339 instant or an interval start/end "
                "(either may be ..).")
    try:
        if "/" not in value:
            if "T" in value.upper():
                return {"updated_at": parse_moment(value, end=False)}
            return {"updated_at__gte": parse_moment(value, end=False),
                    "updated_at__lte": parse_moment(value, end=True)}
        start, end = value.split("/")
        lookup = {}
        if start not in ("", ".."):
            lookup["updated_at__gte"] = parse_moment(start, end=False)
        if end not in ("", ".."):
            lookup["updated_at__lte"] = parse_moment(end, end=True)
        if not lookup or (len(lookup) == 2
                          and lookup["updated_at__gte"] > lookup["updated_at__lte"]):
            raise ValueError(value)
        return lookup
    except (ValueError, OverflowError) as error:
        raise InvalidParameter("datetime", message) from error


COLLECTIONS = {
    collection.id: collection for collection in [
        Collection(
            id="actors", title=_("Actors of local innovation"),
            description=_("Published organisations (fablabs, incubators, cooperatives...) "
                          "with their kind, themes and public contacts."),
            queryset=lambda: Actor.objects.published().order_by("name", "pk"),
            filterset_class=ActorAPIFilter, features=actor_features,
            properties=("kind", "theme", "country", "city"),
        ),
        Collection(
            id="cities", title=_("Cities"),
            description=_("AIMF member cities and the places where actors work."),
            queryset=lambda: City.objects.select_related("country").order_by("name", "pk"),
            filterset_class=CityFilter, features=city_features,
            properties=("country",),
        ),
        Collection(
            id="innovations", title=_("Innovations"),
            description=_("Published innovations documented as commons, placed at their "
                          "city of origin, with their licence."),
            queryset=lambda: (
                Innovation.objects.published().with_adaptation_count()
                .select_related("city__country")
                .prefetch_related("themes", Prefetch(
                    "actors", queryset=Actor.objects.published().only("pk", "slug")))
                .order_by("title", "pk")),
            filterset_class=InnovationAPIFilter, features=innovation_features,
            properties=("theme", "country", "city"), place="city__",
        ),
    ]
}
