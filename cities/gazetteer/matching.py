"""Finding the gazetteer place of a record: by name within a country, then by its point."""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cities.gazetteer.index import Gazetteer, Place, distance_km, gazetteer
from cities.gazetteer.names import has_wildcards, place_key, wildcard_pattern

# A point this close to a place belongs to it (the nearest place wins beyond the reach
# of a town, see reach_km).
NEAREST_KM = 10.0
# A place named like the record farther than this from the record's point is a homonym.
HOMONYM_KM = 50.0


def reach_km(population: int) -> float:
    """How far a place's built-up area roughly reaches: Paris about 9 km, a town of 10,000
    people 1.5 km. A point inside a city's reach belongs to the city, not to the district
    or hamlet whose centre happens to be nearer ("Paris 04 Hôtel-de-Ville")."""
    return min(20.0, max(1.5, 0.006 * math.sqrt(max(population, 0))))


@dataclass
class Match:
    """The place found, or why none was."""

    place: Place | None
    reason: str = ""
    notes: list[str] = field(default_factory=list)


def locate(latitude: float, longitude: float, *, country: str | None = None,
           within_km: float = NEAREST_KM, index: Gazetteer | None = None) -> Place | None:
    """The populated place of a point (offline reverse geocoding): the largest place whose
    reach covers it, else the nearest within `within_km`."""
    index = index or gazetteer()
    nearby = index.near_positions(latitude, longitude, within_km=max(within_km, 20.0),
                                  country=country)
    populations = index.populations
    covering = [position for distance, position in nearby
                if distance <= reach_km(populations[position])]
    if covering:
        return index.place(max(covering, key=lambda position: (
            populations[position], -index.ids[position])))
    nearest = [position for distance, position in nearby if distance <= within_km]
    return index.place(nearest[0]) if nearest else None


def usable_point(latitude, longitude) -> bool:
    return (latitude is not None and longitude is not None
            and math.isfinite(latitude) and math.isfinite(longitude)
            and -90 <= latitude <= 90 and -180 <= longitude <= 180
            and not (latitude == 0 and longitude == 0))


def match_place(*, name: str, country: str | None, latitude: float | None = None,
                longitude: float | None = None, index: Gazetteer | None = None) -> Match:
    """The gazetteer place of a (city name, ISO country, point) as a source gives them.

    By name within the country first (every spelling, see names.place_key); among
    homonyms the one nearest the point, else the most populous. Then by the point: a
    damaged name ("S?o Paulo") picks the matching place near it, any other unknown name
    (an address, a district) the place the point lies in. Without a country, the point
    gives it. Postcodes are not used: GeoNames' postal codes are not in the extract.
    """
    index = index or gazetteer()
    name = " ".join((name or "").split())
    country = (country or "").upper() or None
    has_point = usable_point(latitude, longitude)
    notes = []
    if name and country and place_key(name):
        named = index.named(name, country)
        if named and has_point:
            distance, nearest = min(
                ((distance_km(latitude, longitude, p.latitude, p.longitude), p) for p in named),
                key=lambda pair: pair[0])
            if distance <= HOMONYM_KM:
                return Match(nearest)
            located = locate(latitude, longitude, country=country, index=index)
            if located is not None:
                notes.append(_("%(name)r is %(km)d km from the coordinates: placed in "
                               "%(place)s, where the coordinates are.") % {
                    "name": name, "km": distance, "place": located.name})
                return Match(located, notes=notes)
            return Match(named[0])
        if named:
            if len(named) > 1 and named[0].population == named[1].population:
                notes.append(_("%(count)d places are called %(name)r in %(country)s: "
                               "%(place)s (GeoNames %(id)d) was taken.") % {
                    "count": len(named), "name": name, "country": country,
                    "place": named[0].name, "id": named[0].geonames_id})
            return Match(named[0], notes=notes)
    if not has_point:
        if not name:
            return Match(None, _("no city, and no coordinates to find it."))
        if not country:
            return Match(None, _("no country, and no coordinates to find it."))
        return Match(None, _("%(city)r is not a place of %(country)s known to the gazetteer "
                             "(GeoNames), and there are no coordinates to find it.")
                     % {"city": name[:80], "country": country})
    if name and has_wildcards(name):
        pattern = wildcard_pattern(name)
        for _distance, place in index.near(latitude, longitude, within_km=20.0,
                                           country=country):
            spellings = (place.name, *place.alternate_names)
            if any(pattern.fullmatch(place_key(spelling)) for spelling in spellings):
                notes.append(_("damaged city name %(name)r read as %(place)s.")
                             % {"name": name, "place": place.name})
                return Match(place, notes=notes)
    place = locate(latitude, longitude, country=country, index=index)
    if place is None:
        where = _(" in %(country)s") % {"country": country} if country else ""
        return Match(None, _("no populated place within %(km)d km of the coordinates "
                             "(%(lat)s, %(lon)s)%(where)s.") % {
            "km": NEAREST_KM, "lat": latitude, "lon": longitude, "where": where})
    if name:
        notes.append(_("city %(name)r not found in the gazetteer: placed in %(place)s by "
                       "its coordinates.") % {"name": name[:80], "place": place.name})
    return Match(place, notes=notes)
