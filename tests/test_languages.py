"""One language at a time: dates, sources and statuses in the page's language; content in
another language marked with `lang`."""

import pytest
from django.utils import translation

from actors.models import Actor
from tests.factories import ActorFactory
from workshops.models import CommitmentStatus

pytestmark = pytest.mark.django_db


def test_short_workshop_dates_follow_the_page_language(client, demo_data):
    assert '<span class="when">3 nov.' in client.get("/workshops/").content.decode()
    assert '<span class="when">Nov. 3' in client.get("/en/workshops/").content.decode()


def test_an_imported_source_is_named_in_the_page_language(client, demo_data):
    actor = Actor.objects.filter(source="AIMF summit programme", status="published").first()
    french = client.get(actor.get_absolute_url()).content.decode()
    assert "Source : programme du sommet de l’AIMF" in french
    assert "AIMF summit programme" not in french


def test_content_in_another_language_is_marked(client, demo_data):
    hub = ActorFactory(source="African Tech Hubs (CC BY 4.0)", short_description="A makerspace",
                       status=Actor.Status.PUBLISHED)
    assert '<p class="lead" lang="en">A makerspace' in client.get(
        hub.get_absolute_url()).content.decode()
    workshops = client.get("/en/summits/namur-2021/").content.decode()
    assert '<h1 lang="fr">' in workshops


def test_a_status_is_not_a_date_label():
    with translation.override("fr"):
        assert str(CommitmentStatus.PROPOSED.label) == "Proposé"
        assert translation.gettext("Proposed on") == "Proposée le"
