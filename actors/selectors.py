"""Reads for the map: the compact feed of points, server-side clusters."""

import math
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, F, Q
from django.db.models.functions import Floor
from django.utils.translation import gettext as _

from actors.models import Actor
from cities.input_rules import ascii_float
from cities.text import fold

COORDINATE_SCALE = 100_000  # five decimals, about one metre


@dataclass(frozen=True)
class BBox:
    """A viewport: west, south, east, north in degrees (east < west crosses 180°)."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str) -> "BBox":
        """Parse `minlon,minlat,maxlon,maxlat`; raises ValueError with a readable reason."""
        shape = _("bbox must be four numbers: minlon,minlat,maxlon,maxlat.")
        parts = text.split(",")
        if len(parts) != 4:
            raise ValueError(shape)
        try:
            west, south, east, north = (ascii_float(part) for part in parts)
        except ValueError as error:
            raise ValueError(shape) from error
        if not all(math.isfinite(v) for v in (west, south, east, north)):
            raise ValueError(_("bbox must be four finite numbers."))
        if not (-90 <= south <= 90 and -90 <= north <= 90):
            raise ValueError(_("bbox latitudes must be between -90 and 90."))
        if south > north:
            raise ValueError(_("bbox minlat must not exceed maxlat."))
        if not (-180 <= west <= 180 and -180 <= east <= 180):
            # Leaflet reports longitudes beyond ±180 after panning around the world.
            if east - west >= 360:
                west, east = -180.0, 180.0
            else:
                west = (west + 180) % 360 - 180
                east = (east + 180) % 360 - 180
        return cls(west, south, east, north)

    def filter(self, queryset):
        queryset = queryset.filter(latitude__gte=self.south, latitude__lte=self.north)
        if self.west <= self.east:
            return queryset.filter(longitude__gte=self.west, longitude__lte=self.east)
        return queryset.filter(Q(longitude__gte=self.west) | Q(longitude__lte=self.east))


def _deltas(values: list[int]) -> list[int]:
    previous = 0
    out = []
    for value in values:
        out.append(value - previous)
        previous = value
    return out


def map_points(queryset) -> dict:
    """Every matching actor as columns of deltas: id, latitude and longitude x 1e5, kind,
    and its name (markers are named by it for screen readers).

    Columns of small integers compress far better than rows of objects. Rows are sorted
    by one-degree cell, then id, so that neighbours follow each other: the coordinate
    deltas stay small (actors gather in cities) and so do the id deltas within a cell.
    """
    rows = sorted(
        (
            (pk, round(lat * COORDINATE_SCALE), round(lon * COORDINATE_SCALE), kind, name)
            for pk, lat, lon, kind, name in queryset.order_by().values_list(
                "id", "latitude", "longitude", "kind_id", "name"
            )
        ),
        key=lambda row: (row[1] // COORDINATE_SCALE, row[2] // COORDINATE_SCALE, row[0]),
    )
    return {
        "mode": "points",
        "count": len(rows),
        "id": _deltas([row[0] for row in rows]),
        "lat": _deltas([row[1] for row in rows]),
        "lon": _deltas([row[2] for row in rows]),
        "kind": [row[3] for row in rows],
        "name": [row[4] for row in rows],
    }


def cluster_cell_degrees(zoom: int) -> float:
    """A grid cell of about 64 screen pixels at that zoom (a tile is 256 px)."""
    return 360 / (2**zoom) / 4


def map_clusters(queryset, zoom: int) -> dict:
    """Counts per grid cell, placed at the mean position of the actors in the cell."""
    cell = cluster_cell_degrees(zoom)
    cells = (
        queryset.order_by()
        .annotate(row=Floor(F("latitude") / cell), col=Floor(F("longitude") / cell))
        .values("row", "col")
        .annotate(n=Count("id"), lat=Avg("latitude"), lon=Avg("longitude"))
    )
    return {
        "mode": "clusters",
        "count": sum(c["n"] for c in cells),
        "cells": [
            [round(c["lat"] * COORDINATE_SCALE), round(c["lon"] * COORDINATE_SCALE), c["n"]]
            for c in cells
        ],
    }


def map_feed(queryset, *, zoom: int, bbox: BBox | None) -> dict:
    """Every point when few enough actors match (`complete`: the client never asks again).

    Beyond MAP_POINT_LIMIT, the points within the viewport if they are few enough, or else
    the server's clusters for the viewport (the whole world when no bbox is given).
    """
    total = queryset.count()
    if total <= settings.MAP_POINT_LIMIT:
        feed = {**map_points(queryset), "complete": True}
    else:
        if bbox is not None:
            queryset = bbox.filter(queryset)
        if bbox is not None and queryset.count() <= settings.MAP_POINT_LIMIT:
            feed = map_points(queryset)
        else:
            feed = map_clusters(queryset, zoom)
        feed["complete"] = False
    feed["total"] = total
    return feed


# Small words that do not tell two organisations apart ("Fablab de Bonabéri").
NAME_STOPWORDS = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "the", "of", "and"}


def _comparable_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(name)).strip()


def similar_names(first: str, second: str) -> bool:
    """Equal once folded, one inside the other, or the same significant words."""
    first, second = _comparable_name(first), _comparable_name(second)
    if not first or not second:
        return False
    if first == second or (min(len(first), len(second)) >= 5
                           and (first in second or second in first)):
        return True
    words = [set(name.split()) - NAME_STOPWORDS for name in (first, second)]
    smaller, larger = sorted(words, key=len)
    return len(smaller) >= 2 and smaller <= larger


def _comparable_website(url: str) -> str:
    url = re.sub(r"^https?://(www\.)?", "", url.strip().lower())
    return url.rstrip("/")


def registration_duplicates(*, name: str, city, website: str = "", user=None,
                            exclude_pk: int | None = None) -> list[Actor]:
    """Organisations that may be the one being registered: a similar name in the same
    city, or the same website anywhere. Only those the user may see are listed."""
    candidates = Actor.objects.visible_to(user).exclude(status=Actor.Status.ARCHIVED)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    found = {}
    if city is not None:
        for actor in candidates.filter(city=city).select_related("city"):
            if similar_names(name, actor.name):
                found[actor.pk] = actor
    site = _comparable_website(website or "")
    if site:
        host = site.split("/")[0]
        for actor in candidates.filter(website__icontains=host).select_related("city"):
            if _comparable_website(actor.website) == site:
                found[actor.pk] = actor
    return sorted(found.values(), key=lambda actor: actor.name)


# Hosts shared by many organisations: there a page, not the host, names one of them.
SHARED_HOSTS = {"facebook.com", "m.facebook.com", "instagram.com", "linkedin.com",
                "twitter.com", "x.com", "youtube.com", "linktr.ee", "sites.google.com",
                "wordpress.com", "wixsite.com", "github.com", "gitlab.com", "tiktok.com"}
NEARBY_KM = 1.0


def website_domain(url: str) -> str:
    """"https://www.fablab.cm/about" → "fablab.cm"; on a shared host, the page
    ("facebook.com/fablab.douala")."""
    site = _comparable_website(url or "")
    host, _slash, path = site.partition("/")
    host = host.split(":")[0]
    if host in SHARED_HOSTS or any(host.endswith("." + shared) for shared in SHARED_HOSTS):
        return f"{host}/{path.split('/')[0]}" if path else ""
    return host


def possible_duplicates(actor: Actor, *, limit: int = 5) -> list[Actor]:
    """Other entries that may be the same organisation, for the moderator deciding on
    `actor`: a similar name (folded) in the same city or within about 1 km, or the same
    website domain. Any status, itself excluded; at most `limit`, closest matches first
    (two queries)."""
    others = Actor.objects.exclude(pk=actor.pk).select_related("city__country", "kind")
    found: dict[int, Actor] = {}
    near = Q(city_id=actor.city_id)
    if actor.latitude is not None and actor.longitude is not None:
        near |= Q(pk__in=Actor.objects.within_km(actor.latitude, actor.longitude, NEARBY_KM)
                  .values("pk"))
    for other in others.filter(near).order_by("name", "pk"):
        if similar_names(actor.name, other.name):
            found[other.pk] = other
    domain = website_domain(actor.website)
    if domain and len(found) < limit:
        for other in others.filter(website__icontains=domain.split("/")[0]).order_by(
                "name", "pk"):
            if other.pk not in found and website_domain(other.website) == domain:
                found[other.pk] = other
    return list(found.values())[:limit]


def decision_panel(actor: Actor, user) -> dict:
    """What the decision page shows around an organisation: the owners' other entries,
    its forge items (any status) and possible duplicates."""
    owners = actor.owners.values("pk")
    return {
        "template": "actors/_decision_panel.html",
        "actor": actor,
        "other_entries": list(
            Actor.objects.filter(owners__in=owners).exclude(pk=actor.pk).distinct()
            .select_related("city__country").order_by("name", "pk")[:20]),
        # Reverse accessors of the forge (it builds on actors): no import upward.
        "innovations": list(actor.innovations.select_related("city").order_by("title")),
        "adaptations": list(actor.adaptations.select_related("innovation", "city")
                            .order_by("pk")),
        "duplicates": possible_duplicates(actor),
    }
