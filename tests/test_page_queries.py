"""Every public page runs the same number of SQL queries whatever the number of actors."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ActorFactory,
    CityFactory,
    CountryFactory,
    ParticipationFactory,
    PersonFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "/", "/en/", "/embed/?city=douala", "/actors/", "/actors/?q=lab&kind=fablab",
    "/actors/anchor/", "/cities/douala/", "/countries/cm/", "/countries/", "/workshops/",
    "/map/feed/", "/map/kinds.css",
]


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def test_query_counts_do_not_grow_with_the_data(client):
    douala = CityFactory(name="Douala", slug="douala", country=CountryFactory(code="CM"))
    theme = ThemeFactory()
    anchor = ActorFactory(name="Anchor Lab", slug="anchor", city=douala, themes=[theme])
    ParticipationFactory(person=PersonFactory(actor=anchor))
    small = {url: queries(client, url) for url in PAGES}
    for i in range(30):
        city = CityFactory(name=f"Town {i}", country=douala.country)
        ActorFactory.create_batch(2, city=city, themes=[theme])
        ActorFactory(city=douala, themes=[theme])
    ParticipationFactory(person=PersonFactory(actor=anchor))
    large = {url: queries(client, url) for url in PAGES}
    # A ranked search page reads the name matches, then the other matches off the sort
    # index (cities/search.py): one query more once both kinds exist, never more.
    ranked = {url for url in PAGES if "q=" in url}
    assert {url: count for url, count in large.items() if url not in ranked} == {
        url: count for url, count in small.items() if url not in ranked}
    assert all(small[url] <= large[url] <= small[url] + 1 for url in ranked), (small, large)
