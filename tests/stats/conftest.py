"""A small network with hand-computed figures: 7 published actors in 3 cities of 2
countries (and a pending and an archived one, never counted)."""

import datetime

import pytest

from actors.models import Actor
from cities.models import Country
from tests.factories import (
    ActorFactory,
    ActorKindFactory,
    CityFactory,
    CountryFactory,
    ThemeFactory,
)


def at(year, month, day):
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


@pytest.fixture
def network(db):
    cameroon = CountryFactory(code="CM")
    france = CountryFactory(code="FR", region=Country.Region.WESTERN_EUROPE,
                            is_global_south=False)
    douala = CityFactory(name="Douala", slug="douala", country=cameroon, population=3_000_000)
    yaounde = CityFactory(name="Yaoundé", slug="yaounde", country=cameroon, population=None)
    paris = CityFactory(name="Paris", slug="paris", country=france, population=2_000_000)
    fablab = ActorKindFactory(slug="fablab", name_fr="Fablab", name_en="Fablab", position=1)
    incubator = ActorKindFactory(slug="incubator", name_fr="Incubateur", name_en="Incubator",
                                 position=2)
    social = ThemeFactory(slug="social", name_fr="Innovation sociale",
                          name_en="Social innovation", position=1)
    digital = ThemeFactory(slug="digital", name_fr="Numérique", name_en="Digital", position=2)
    rows = [
        # city, kind, themes, women-led, verified, registered
        (douala, fablab, [social], True, True, at(2026, 1, 15)),
        (douala, fablab, [social, digital], False, False, at(2026, 1, 20)),
        (douala, incubator, [], None, True, at(2026, 3, 5)),
        (yaounde, incubator, [digital], True, False, at(2026, 3, 10)),
        (paris, fablab, [social], True, True, at(2026, 4, 1)),
        (paris, incubator, [], False, False, at(2026, 4, 2)),
        (paris, fablab, [digital], None, False, at(2026, 4, 30)),
    ]
    actors = []
    for city, kind, themes, women_led, verified, created in rows:
        actor = ActorFactory(city=city, kind=kind, themes=themes, is_women_led=women_led,
                             verified_at=created if verified else None)
        Actor.objects.filter(pk=actor.pk).update(created_at=created)
        actors.append(actor)
    for status in (Actor.Status.PENDING, Actor.Status.ARCHIVED):
        hidden = ActorFactory(city=douala, kind=fablab, themes=[social], is_women_led=True,
                              verified_at=at(2026, 2, 1), status=status)
        Actor.objects.filter(pk=hidden.pk).update(created_at=at(2026, 2, 1))
    return {"cameroon": cameroon, "france": france, "douala": douala, "yaounde": yaounde,
            "paris": paris, "actors": actors}
