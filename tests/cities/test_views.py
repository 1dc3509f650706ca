"""City and country pages."""

import pytest

from actors.models import Actor
from tests.factories import ActorFactory, CityFactory, CountryFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("actor_count", [5, 40])
def test_city_page_lists_its_published_actors(client, django_assert_num_queries, actor_count):
    city = CityFactory(name="Yaoundé", slug="yaounde", population=1299369)
    ActorFactory.create_batch(actor_count, city=city, themes=[ThemeFactory()])
    ActorFactory(name="Pending one", city=city, status=Actor.Status.PENDING)
    # city, actors, counts by kind and by theme, kinds for the map, the forge's innovations
    # and adaptations: whatever the number
    # 9 whatever the number of actors: the map legend reads the kinds once more, and the
    # filter form the cities of each country (for narrowing the city list). The map's
    # first feed inside the page adds 4 on a cold cache (the city filter's validation, the
    # data version, the feed's count and its points), 2 once cached.
    with django_assert_num_queries(13):
        response = client.get("/cities/yaounde/")
    with django_assert_num_queries(11):
        client.get("/cities/yaounde/")
    html = response.content.decode()
    assert len(response.context["actors"]) == actor_count
    assert list(response.context["by_kind"]) == [
        {"kind__name_fr": "Fablab", "kind__name_en": "Fablab", "count": actor_count}
    ]
    assert "?city=yaounde" in html  # the embed snippet
    assert "Pending one" not in html
    assert "Cameroun" in html


def test_country_page_lists_member_cities_and_cities_with_actors(client):
    cameroon = CountryFactory(code="CM")
    CityFactory(name="Douala", country=cameroon, is_aimf_member=True)
    buea = CityFactory(name="Buéa", country=cameroon, is_aimf_member=False)
    CityFactory(name="Kribi", country=cameroon, is_aimf_member=False)  # no actor: not listed
    ActorFactory(city=buea)
    response = client.get("/countries/cm/")
    assert [c.name for c in response.context["cities"]] == ["Douala", "Buéa"]


def test_unknown_country_is_not_found(client):
    assert client.get("/countries/zz/").status_code == 404


def test_country_list_names_countries_in_english_under_en(client):
    CityFactory(country=CountryFactory(code="CM"))
    assert "Cameroon" in client.get("/en/countries/").content.decode()
