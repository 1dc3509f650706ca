"""The moderation delays shown on the statistics pages to AIMF staff (every city) and to
city officials (their own cities): never cached with the public figures."""

from dataclasses import dataclass

from cities.models import City
from revisions.delays import (
    FORGE,
    ORGANISATIONS,
    REVISIONS,
    CityDelays,
    cities_of,
    delays_by_city,
    describe,
)
from stats.selectors import Scope


@dataclass
class DelayRow:
    city: City
    delays: CityDelays

    @property
    def median(self) -> str:
        return describe(self.delays.median)

    @property
    def p90(self) -> str:
        return describe(self.delays.p90)

    @property
    def organisations(self) -> int:
        return self.delays.count_of(ORGANISATIONS)

    @property
    def revisions(self) -> int:
        return self.delays.count_of(REVISIONS)

    @property
    def forge(self) -> int:
        return self.delays.count_of(FORGE)


def delay_rows(scope: Scope, user) -> list[DelayRow] | None:
    """One row per city of the scope the user may see that had decisions in the window,
    slowest median first; None when the user may see no city's delays."""
    allowed = cities_of(user)
    if allowed == []:
        return None
    cities = City.objects.select_related("country")
    if allowed is not None:
        cities = cities.filter(pk__in=allowed)
    if scope.city is not None:
        cities = cities.filter(pk=scope.city.pk)
    elif scope.country is not None:
        cities = cities.filter(country=scope.country)
    if allowed is not None or scope.city is not None or scope.country is not None:
        by_city = {city.pk: city for city in cities}
        if not by_city:
            return None
        delays = delays_by_city(city_ids=list(by_city))
    else:
        delays = delays_by_city()
        by_city = cities.in_bulk(list(delays))
    rows = [DelayRow(by_city[pk], found) for pk, found in delays.items() if pk in by_city]
    rows.sort(key=lambda row: (-row.delays.median.total_seconds(), row.city.name))
    return rows
