"""Countries and cities of imported records: matched in memory, created when missing."""

import re
from functools import lru_cache

from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from actors.services import COUNTRY_ALIASES
from cities.models import City, Country
from cities.services import create_non_member_city
from cities.text import fold

SEPARATORS = re.compile(r"[-‐‑–—'’_.,/()]+")


@lru_cache(maxsize=1 << 16)
def place_key(name: str) -> str:
    """A city name reduced for matching: "CLERMONT-FERRAND", "Clermont Ferrand" and
    "clermont-ferrand" are one key; so are "St-Louis" and "Saint-Louis"."""
    words = SEPARATORS.sub(" ", fold(name)).split()
    return " ".join("saint" if word == "st" else "sainte" if word == "ste" else word
                    for word in words)


class PlaceResolver:
    """Every country and city loaded once, so that matching costs no query per record."""

    def __init__(self, *, mapping_countries: dict, report):
        self.report = report
        self.mapping_countries = mapping_countries
        self.countries = {country.code.code: country for country in Country.objects.all()}
        self.names = {}
        for language in ("en", "fr"):  # "Belgium" and "Belgique" alike
            with translation.override(language):
                self.names.update({fold(str(name)): code for code, name in countries})
        self.names.update({fold(name): code for name, code in COUNTRY_ALIASES.items()})
        self.known: dict[str, Country | None] = {}
        self.cities: dict[tuple[int, str], City] = {}
        for city in City.objects.only("id", "name", "slug", "country_id", "latitude",
                                      "longitude", "alternate_names").order_by("pk"):
            self._index(city)

    def _index(self, city: City) -> None:
        # The city's own name wins over another city's alternate spelling.
        for position, name in enumerate([city.name, *(city.alternate_names or [])]):
            key = (city.country_id, place_key(str(name)))
            if position == 0 or key not in self.cities:
                self.cities[key] = city

    def country(self, value: str) -> Country | None:
        if value in self.known:
            return self.known[value]
        self.known[value] = country = self._country(value)
        return country

    def _country(self, value: str) -> Country | None:
        value = (value or "").strip()
        folded = fold(value)
        code = self.mapping_countries.get(folded)
        if code is None and len(value) == 2:
            code = value.upper()
        if code is None and len(value) == 3 and value.isalpha():
            code = countries.alpha2(value.upper()) or None
        if code is None:
            code = self.names.get(folded)
        return self.countries.get(str(code).upper()) if code else None

    def find_city(self, name: str, country: Country) -> City | None:
        return self.cities.get((country.pk, place_key(name)))

    def create_city(self, *, name: str, country: Country, latitude: float,
                    longitude: float) -> City:
        """A new non-member city at the record's coordinates (never another city's)."""
        city = create_non_member_city(name=name, country=country, latitude=latitude,
                                      longitude=longitude, reason="created by an import")
        self._index(city)
        self.report.cities_created.append(f"{city.name} ({country.code.code})")
        return city

    @staticmethod
    def unknown_country(value: str) -> str:
        return _("unknown country %(value)r (use an ISO code or add it to the mapping's "
                 "\"countries\").") % {"value": value}

    # ==== BEGIN temporary adapter (helper 7, importer) ====================================
    # The resolve()/city_for() contract of the gazetteer resolver (helper 6), implemented
    # with the find_city/create_city logic above until the gazetteer lands; at the merge,
    # the gazetteer's PlaceResolver replaces this block. resolve() never writes;
    # city_for() gets or creates the City, and is called only when a record is written.
    NEAR_KM = 10

    def resolve(self, *, city: str, country: str, latitude: float | None,
                longitude: float | None, postcode: str = "") -> "Resolution":
        from imports.records import CONTROL

        point = None if latitude is None or longitude is None else (latitude, longitude)
        found = self.country(country) if country else None
        if found is None and not country and point is None:
            return Resolution(reason=_("no country."))
        if found is None and not country:  # the country of the nearest known city
            nearest = self.nearest(point, None)
            found = self.country_of(nearest[2]) if nearest else None
        if found is None and country:
            return Resolution(reason=self.unknown_country(country))
        if not city:
            if point is None:
                return Resolution(country=found, reason=_("no city."))
            # No city named: the nearest known city within a few km of the point.
            nearest = self.nearest(point, found)
            if nearest is None:
                return Resolution(country=found, reason=_(
                    "no city, and no known city within %(km)d km of the point.")
                    % {"km": self.NEAR_KM})
            known = nearest[2]
            return Resolution(place=known, city=known, country=self.country_of(known))
        if found is None:
            return Resolution(reason=_("no country."))
        existing = self.find_city(city, found)
        if existing is not None:
            return Resolution(place=existing, city=existing, country=found)
        if point is None:
            return Resolution(country=found, reason=_(
                "city %(city)r not found in %(country)s, and no coordinates to create it.")
                % {"city": city, "country": found.code.code})
        if CONTROL.search(city) or len(city) > 120:
            return Resolution(country=found, reason=_("the city name %(city)r cannot be used.")
                              % {"city": city[:60]})
        if len(city) < 2 or not any(char.isalpha() for char in city):
            return Resolution(country=found, reason=_(
                "the city name %(city)r is not a place name (at least two characters, one "
                "of them a letter).") % {"city": city[:60]})
        return Resolution(place=NewPlace(city.strip(), latitude, longitude), country=found)

    def nearest(self, point: tuple, country: Country | None):
        """(km, pk, city) of the nearest known city within NEAR_KM of the point."""
        from imports.records import distance_km

        nearest = min(
            ((distance_km(*point, c.latitude, c.longitude), c.pk, c)
             for c in {id(c): c for c in self.cities.values()}.values()
             if country is None or c.country_id == country.pk),
            default=None)
        return nearest if nearest is not None and nearest[0] <= self.NEAR_KM else None

    def country_of(self, city: City) -> Country | None:
        return next((c for c in self.countries.values() if c.pk == city.country_id), None)

    def city_for(self, resolution: "Resolution") -> City:
        if resolution.city is not None:
            return resolution.city
        place = resolution.place
        return self.find_city(place.name, resolution.country) or self.create_city(
            name=place.name, country=resolution.country, latitude=place.latitude,
            longitude=place.longitude)


from dataclasses import dataclass, field  # noqa: E402 - inside the temporary block


@dataclass
class NewPlace:
    name: str
    latitude: float
    longitude: float


@dataclass
class Resolution:
    place: object = None
    city: City | None = None
    country: Country | None = None
    reason: str = ""
    notes: list = field(default_factory=list)
    # ==== END temporary adapter (helper 7, importer) ======================================
