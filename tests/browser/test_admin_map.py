"""The admin's map widget places a city or an actor by clicking, and follows typed values."""

import pytest

from cities.models import City
from tests.browser.conftest import sign_in
from tests.factories import CityFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin_page(page, live_server):
    staff = UserFactory(username="staff", is_staff=True, is_superuser=True)
    return sign_in(page, staff, next_url="/admin/")


def test_clicking_the_map_sets_the_coordinates_and_saves(admin_page):
    city = CityFactory(name="Namur", slug="namur", latitude=50.4669, longitude=4.86746)
    page = admin_page
    page.goto(f"/admin/cities/city/{city.pk}/change/")
    map_element = page.locator(".location-map")
    map_element.wait_for()
    assert page.locator(".location-map .leaflet-marker-icon").count() == 1
    box = map_element.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.2)
    latitude = float(page.input_value("#id_latitude"))
    longitude = float(page.input_value("#id_longitude"))
    assert latitude > 50.4669 and longitude > 4.86746  # up and to the right of the marker
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/cities/city/")
    city.refresh_from_db()
    assert (round(city.latitude, 6), round(city.longitude, 6)) == (latitude, longitude)
    assert City.history.filter(id=city.pk).count() == 2
    assert page.console_errors == []


def test_typed_coordinates_move_the_marker(admin_page):
    city = CityFactory(name="Dakar", slug="dakar", latitude=14.6937, longitude=-17.44406)
    page = admin_page
    page.goto(f"/admin/cities/city/{city.pk}/change/")
    marker = page.locator(".location-map .leaflet-marker-icon")
    before = marker.bounding_box()
    page.fill("#id_longitude", "-17.40")
    page.dispatch_event("#id_longitude", "change")
    page.wait_for_timeout(300)
    after = marker.bounding_box()
    assert after["x"] != before["x"]
