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
