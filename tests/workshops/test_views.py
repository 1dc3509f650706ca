"""Summit, workshop and speaker pages."""

import pytest

from tests.factories import ActorFactory, ParticipationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_workshop_page_links_speakers_to_published_organisations(
    client, django_assert_max_num_queries
):
    actor = ActorFactory(name="Simplon.co")
    hidden = ActorFactory(name="Pending org", status="pending")
    visible = ParticipationFactory(person=PersonFactory(name="Cecilia Lo Iacono", actor=actor))
    ParticipationFactory(
        workshop=visible.workshop, person=PersonFactory(name="Someone", actor=hidden,
                                                        organisation="Pending org")
    )
    with django_assert_max_num_queries(4):
        html = client.get(visible.workshop.get_absolute_url()).content.decode()
    assert f'href="{actor.get_absolute_url()}"' in html
    assert hidden.get_absolute_url() not in html


def test_summit_pages_and_person_page(client, demo_data):
    assert "Namur" in client.get("/workshops/").content.decode()
    summit = client.get("/summits/namur-2021/").content.decode()
    assert "Numérique et désinformation" in summit
    person = client.get("/people/charlie-dreano/").content.decode()
    assert "My Human Kit" in person and "Villes et acteurs de l" in person


def test_summit_page_lists_every_venue_and_maps_those_with_coordinates(client):
    import json

    from tests.factories import SummitFactory, WorkshopFactory

    summit = SummitFactory()
    WorkshopFactory(summit=summit, venue="Palais des congrès", venue_address="Place d'Armes 1",
                    venue_latitude=50.46, venue_longitude=4.86)
    WorkshopFactory(summit=summit, venue="Palais des congrès", venue_address="Place d'Armes 1")
    WorkshopFactory(summit=summit, venue="Hôtel de ville", venue_address="Rue de Fer 1")
    WorkshopFactory(summit=summit, venue="", venue_address="")
    response = client.get(summit.get_absolute_url())
    page = response.content.decode()
    venues = page.split('id="venues"')[1].split("</ul>")[0]
    assert venues.count("<li>") == 2
    assert "Palais des congrès" in venues and "Hôtel de ville" in venues
    places = json.loads(page.split('id="summit-map-places" type="application/json">')[1]
                        .split("</script>")[0])["places"]
    assert [place["name"] for place in places] == ["Palais des congrès"]
    # Without any coordinates: the list, and no empty map.
    other = SummitFactory()
    WorkshopFactory(summit=other, venue="Hôtel de ville")
    page = client.get(other.get_absolute_url()).content.decode()
    assert "Hôtel de ville" in page.split('id="venues"')[1]
    assert 'data-settings="summit-map-places"' not in page
