"""The gazetteer's in-memory index: compact arrays loaded once, names indexed per country."""

import gzip
import math
import threading
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cities.gazetteer.names import has_wildcards, place_key, wildcard_pattern

DATA = Path(__file__).resolve().parent / "data" / "places.tsv.gz"
CELL = 4  # grid cells of 1/4 degree (about 28 km north-south)
EARTH_KM = 6371.0


@dataclass(frozen=True, slots=True)
class Place:
    """A populated place of GeoNames."""

    geonames_id: int
    country: str
    latitude: float
    longitude: float
    population: int
    admin1: str
    name: str
    alternate_names: tuple[str, ...]

    def __str__(self):
        return f"{self.name} ({self.country}, GeoNames {self.geonames_id})"


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) between two points, in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def cell_of(latitude: float, longitude: float) -> int:
    return (math.floor(latitude * CELL) + 90 * CELL) * 10_000 + math.floor(longitude * CELL) \
        + 180 * CELL


class Gazetteer:
    """Every place of the extract in parallel arrays (a few MB), with a grid for points
    and, per country, a name index built the first time that country is asked for."""

    def __init__(self, path: Path = DATA):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            columns = {}
            for line in lines:
                if not line.startswith("#"):
                    name, *values = line.rstrip("\n").split("\t")
                    columns[name] = values
        interned: dict[str, str] = {}
        # Places are sorted by GeoNames id: get() bisects the ids.
        self.ids = array("l", map(int, columns.pop("geonameid")))
        self.latitudes = array("d", map(float, columns.pop("latitude")))
        self.longitudes = array("d", map(float, columns.pop("longitude")))
        self.populations = array("l", map(int, columns.pop("population")))
        self.countries: list[str] = [interned.setdefault(code, code)
                                     for code in columns.pop("country")]
        self.admin1: list[str] = [interned.setdefault(code, code)
                                  for code in columns.pop("admin1")]
        self.names: list[str] = columns.pop("name")
        self.alternates: list[str] = columns.pop("alternates")  # "|"-joined, split on use
        codes = array("l", map(cell_of, self.latitudes, self.longitudes))
        self.cell_positions = array("l", sorted(range(len(codes)), key=codes.__getitem__))
        self.cell_codes = array("l", (codes[position] for position in self.cell_positions))
        self.by_name: dict[str, dict[str, tuple[int, ...]]] = {}
        self.by_id: dict[int, Place] = {}  # the places asked for by id (our cities')
        self.lock = threading.Lock()

    def __len__(self):
        return len(self.ids)

    def place(self, position: int) -> Place:
        alternates = self.alternates[position]
        return Place(self.ids[position], self.countries[position], self.latitudes[position],
                     self.longitudes[position], self.populations[position],
                     self.admin1[position], self.names[position],
                     tuple(alternates.split("|")) if alternates else ())

    def get(self, geonames_id: int | None) -> Place | None:
        if geonames_id is None:
            return None
        place = self.by_id.get(geonames_id)
        if place is None:
            index = bisect_left(self.ids, geonames_id)
            if index < len(self.ids) and self.ids[index] == geonames_id:
                place = self.by_id[geonames_id] = self.place(index)
        return place

    # --- names --------------------------------------------------------------------

    def _names_of(self, country: str) -> dict[str, tuple[int, ...]]:
        index = self.by_name.get(country)
        if index is not None:
            return index
        with self.lock:
            if country in self.by_name:
                return self.by_name[country]
            index: dict[str, tuple[int, ...]] = {}
            positions = array("l", (position for position, code in enumerate(self.countries)
                                    if code == country))
            for position in positions:
                keys = {place_key(self.names[position])}
                if self.alternates[position]:
                    keys.update(place_key(name) for name in self.alternates[position].split("|"))
                for key in keys:
                    if key:
                        index[key] = (*index.get(key, ()), position)
            self.by_name[country] = index
            return index

    def named(self, name: str, country: str) -> list[Place]:
        """The places of the country called so (any spelling), most populous first; a
        damaged spelling ("S?o Paulo") is tried as a pattern."""
        index = self._names_of(country.upper())
        if has_wildcards(name):
            pattern = wildcard_pattern(name)
            positions = {position for key, found in index.items() if pattern.fullmatch(key)
                         for position in found}
        else:
            positions = set(index.get(place_key(name), ()))
        return sorted((self.place(position) for position in positions),
                      key=lambda place: (-place.population, place.geonames_id))

    # --- points -------------------------------------------------------------------

    def near(self, latitude: float, longitude: float, *, within_km: float,
             country: str | None = None) -> list[tuple[float, Place]]:
        """The places within `within_km` of the point, nearest first."""
        return [(distance, self.place(position)) for distance, position
                in self.near_positions(latitude, longitude, within_km=within_km,
                                       country=country)]

    def near_positions(self, latitude: float, longitude: float, *, within_km: float,
                       country: str | None = None) -> list[tuple[float, int]]:
        """(distance in km, position) of the places within `within_km`, nearest first.

        Distances are equirectangular: within a few tens of km they differ from the
        great-circle distance by far less than a place's extent, at a fraction of the cost.
        """
        rows = math.ceil(within_km / (111.0 / CELL))
        shrink = max(math.cos(math.radians(min(abs(latitude) + within_km / 111.0, 89.9))),
                     0.01)
        columns = math.ceil(within_km / (111.0 * shrink / CELL))
        centre = cell_of(latitude, longitude)
        km_per_degree = math.pi * EARTH_KM / 180
        x_scale = km_per_degree * math.cos(math.radians(latitude))
        latitudes, longitudes, countries = self.latitudes, self.longitudes, self.countries
        positions, hypot = self.cell_positions, math.hypot
        found = []
        for row in range(-rows, rows + 1):
            low = centre + row * 10_000 - columns
            start = bisect_left(self.cell_codes, low)
            end = bisect_right(self.cell_codes, low + 2 * columns)
            for index in range(start, end):
                position = positions[index]
                if country and countries[position] != country:
                    continue
                distance = hypot((latitudes[position] - latitude) * km_per_degree,
                                 (longitudes[position] - longitude) * x_scale)
                if distance <= within_km:
                    found.append((distance, position))
        found.sort()
        return found


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The one gazetteer of the process, loaded on first use."""
    return Gazetteer()
