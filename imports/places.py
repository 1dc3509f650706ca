"""Countries and cities of imported records: every place found in the gazetteer.

`PlaceResolver.resolve()` finds a record's place without writing anything (the run's
first pass); `cities_for()` gets or creates the cities of accepted records (the second
pass, batch by batch). A city is created only from a gazetteer place, with its canonical name.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from cities.countries import COUNTRY_ALIASES
from cities.gazetteer import Place, gazetteer
from cities.gazetteer.index import distance_km
from cities.gazetteer.matching import match_place, usable_point
from cities.gazetteer.names import place_key
from cities.models import City, Country
from cities.services import create_cities_from_places
from cities.text import fold

# An existing city without a GeoNames id this close to a place, and spelled like it, is
# that place (a city created before the gazetteer).
SAME_PLACE_KM = 10.0

__all__ = ["PlaceResolver", "Resolution", "place_key"]


@dataclass
class Resolution:
    """Where a record is: its gazetteer place, our city if it exists, its country; or
    why it cannot be placed (`reason`, translated)."""

    place: Place | None = None
    city: City | None = None
    country: Country | None = None
    reason: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return not self.reason and (self.city is not None or self.place is not None)


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
        self.by_place: dict[int, City] = {}
        self.legacy: dict[int, list[City]] = {}  # per country, cities without a place
        self.by_name_cache: dict[tuple[str, str], Resolution] = {}
        for city in City.objects.only("id", "name", "slug", "country_id", "latitude",
                                      "longitude", "alternate_names", "geonames_id",
                                      "is_aimf_member").order_by("pk"):
            self._index(city)

    def _index(self, city: City) -> None:
        # The city's own name wins over another city's alternate spelling.
        for position, name in enumerate([city.name, *(city.alternate_names or [])]):
            key = (city.country_id, place_key(str(name)))
            if position == 0 or key not in self.cities:
                self.cities[key] = city
        if city.geonames_id:
            self.by_place[city.geonames_id] = city
        else:
            self.legacy.setdefault(city.country_id, []).append(city)

    # --- countries ------------------------------------------------------------------

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

    @staticmethod
    def unknown_country(value: str) -> str:
        return _("unknown country %(value)r (use an ISO code or add it to the mapping's "
                 "\"countries\").") % {"value": value}

    # --- cities ---------------------------------------------------------------------

    def find_city(self, name: str, country: Country) -> City | None:
        """Our city of that country spelled so (its name or an alternate spelling)."""
        return self.cities.get((country.pk, place_key(name)))

    def resolve(self, *, city: str, country: str, latitude: float | None,
                longitude: float | None, postcode: str = "") -> Resolution:
        """The place of a record, from its city name, country (any spelling) and point;
        writes nothing. `postcode` is accepted for later use: the gazetteer has no
        postal codes offline."""
        city = " ".join((city or "").split())
        country_value = (country or "").strip()
        found_country = None
        if country_value:
            found_country = self.country(country_value)
            if found_country is None:
                return Resolution(reason=self.unknown_country(country_value))
        if not usable_point(latitude, longitude):
            latitude = longitude = None
        if found_country is not None and city:
            existing = self.find_city(city, found_country)
            if existing is not None:  # member cities keep their names and are never doubled
                return Resolution(place=gazetteer().get(existing.geonames_id), city=existing,
                                  country=found_country)
        if latitude is None:  # a name alone always gives the same answer
            cache_key = (place_key(city), found_country.code.code if found_country else "")
            if cache_key not in self.by_name_cache:
                self.by_name_cache[cache_key] = self._resolve(city, found_country, None, None)
            cached = self.by_name_cache[cache_key]
            return Resolution(cached.place, cached.city, cached.country, cached.reason,
                              list(cached.notes))
        return self._resolve(city, found_country, latitude, longitude)

    def _resolve(self, city: str, country: Country | None, latitude, longitude) -> Resolution:
        if not city and latitude is None:
            return Resolution(country=country, reason=_("no city.") if country
                              else _("no country."))
        match = match_place(name=city, country=country.code.code if country else None,
                            latitude=latitude, longitude=longitude)
        if match.place is None:
            return Resolution(country=country, reason=match.reason)
        place = match.place
        if country is None:
            country = self.countries.get(place.country)
            if country is None:
                return Resolution(place=place, reason=_(
                    "the coordinates lie in %(country)s, which is not on the platform.")
                    % {"country": place.country})
        return Resolution(place=place, city=self.city_of_place(place, country),
                          country=country, notes=match.notes)

    def city_of_place(self, place: Place, country: Country) -> City | None:
        """Our city for a gazetteer place: the one attached to it, else a city created
        before the gazetteer that is spelled like it and near it."""
        city = self.by_place.get(place.geonames_id)
        if city is not None:
            return city
        keys = {place_key(name) for name in (place.name, *place.alternate_names)}
        for legacy in self.legacy.get(country.pk, ()):
            if {place_key(name) for name in (legacy.name, *legacy.alternate_names)} & keys \
                    and distance_km(legacy.latitude, legacy.longitude, place.latitude,
                                    place.longitude) <= SAME_PLACE_KM:
                return legacy
        return None

    def cities_for(self, resolutions: list[Resolution]) -> None:
        """The city of each accepted record: existing, or created from its gazetteer place
        (canonical name, GeoNames id, population, centre), those missing created together
        in file order."""
        missing: dict[int, tuple] = {}
        for resolution in resolutions:
            if resolution.city is None:
                place = resolution.place
                resolution.city = self.by_place.get(place.geonames_id)
                if resolution.city is None:
                    missing.setdefault(place.geonames_id, (place, resolution.country))
        if not missing:
            return
        created = create_cities_from_places(list(missing.values()),
                                            reason="created by an import")
        for city, (place, _country) in zip(created, missing.values(), strict=True):
            self._index(city)
            self.report.cities_created.append(f"{city.name} ({place.country})")
        for resolution in resolutions:
            if resolution.city is None:
                resolution.city = self.by_place[resolution.place.geonames_id]
