"""Public actor pages: only published actors, contacts only with consent, bounded queries."""

import pytest
from django.urls import reverse

from actors.models import Actor
from tests.factories import (
    ActorFactory,
    ActorKindFactory,
    CityFactory,
    ParticipationFactory,
    PersonFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_home_counts_published_actors_in_french_by_default(client):
    ActorFactory.create_batch(3)
    ActorFactory(status=Actor.Status.PENDING)
    response = client.get("/")
    html = response.content.decode()
    assert response.headers["Content-Language"] == "fr"
    assert '<html lang="fr">' in html
    assert response.context["count"] == 3
    assert "3 acteurs" in html and "Annuaire" in html


def test_english_lives_under_en(client):
    response = client.get("/en/")
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
    assert "Directory" in response.content.decode()


def test_language_switcher_keeps_the_page(client):
    # A link to the same page in the other language (no form, so no CSRF token)...
    assert 'href="/en/actors/"' in client.get("/actors/").content.decode()
    # ...and Django's set_language still answers the old form's POST.
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/actors/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/actors/"


def test_directory_lists_only_published_actors_with_kind_city_and_country(client):
    city = CityFactory(name="Douala")
    ActorFactory(name="Visible Lab", city=city)
    for status in ["draft", "pending", "rejected", "archived"]:
        ActorFactory(name=f"Hidden {status}", status=status, city=city)
    html = client.get(reverse("actors:actor_list")).content.decode()
    assert "Visible Lab" in html and "Douala" in html and "Cameroun" in html
    assert "Hidden" not in html


def test_directory_filters_by_kind_theme_and_country(client):
    incubator = ActorKindFactory(slug="incubator", name_fr="Incubateur", name_en="Incubator")
    social = ThemeFactory(slug="social")
    ActorFactory(name="Incubator with theme", kind=incubator, themes=[social])
    ActorFactory(name="Fablab without theme")
    response = client.get(reverse("actors:actor_list"), {"kind": "incubator", "theme": "social",
                                                         "country": "cm"})
    assert [a.name for a in response.context["object_list"]] == ["Incubator with theme"]


def test_directory_reports_an_unknown_filter_value(client):
    ActorFactory()
    response = client.get(reverse("actors:actor_list"), {"kind": "no-such-kind"})
    assert response.status_code == 200
    assert response.context["filter"].errors["kind"]
    assert list(response.context["object_list"]) == []


def test_directory_query_count_does_not_grow_with_results(client, django_assert_max_num_queries):
    ActorFactory.create_batch(40)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("actors:actor_list"))
    assert len(response.context["object_list"]) == 40


def test_actor_page_hides_contacts_without_consent(client):
    actor = ActorFactory(email="private@example.org", phone="+221 77 000 00 00")
    html = client.get(actor.get_absolute_url()).content.decode()
    assert "private@example.org" not in html and "+221" not in html
    Actor.objects.filter(pk=actor.pk).update(email_is_public=True, phone_is_public=True)
    html = client.get(actor.get_absolute_url()).content.decode()
    assert "private@example.org" in html and "+221 77 000 00 00" in html


def test_unpublished_actor_page_is_not_found(client):
    actor = ActorFactory(status=Actor.Status.PENDING)
    assert client.get(actor.get_absolute_url()).status_code == 404


def test_actor_page_lists_its_people_at_the_summits(client, django_assert_max_num_queries):
    actor = ActorFactory(name="My Human Kit")
    person = PersonFactory(name="Charlie Dréano", actor=actor)
    participation = ParticipationFactory(person=person)
    # +2: the forge's innovations and adaptations of the actor (innovations.selectors).
    with django_assert_max_num_queries(8):
        html = client.get(actor.get_absolute_url()).content.decode()
    assert "Charlie Dréano" in html and participation.workshop.title in html


def test_not_found_page_speaks_the_visitors_language(client):
    french = client.get("/actors/no-such-actor/")
    assert french.status_code == 404
    assert "Page introuvable" in french.content.decode()
    english = client.get("/en/actors/no-such-actor/")
    assert "Page not found" in english.content.decode()


def test_embed_can_be_framed_by_any_site_and_keeps_its_filters(client):
    ActorFactory(city=CityFactory(name="Douala", slug="douala"))
    response = client.get("/embed/?city=douala")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    html = response.content.decode()
    assert '"fixedParams": {}' in html  # the embed reads its filters from its own URL
    assert response.context["count"] == 1
    # Every other page refuses to be framed.
    other = client.get("/")
    assert other.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in other.headers["Content-Security-Policy"]


def test_map_page_loads_map_assets_only_where_a_map_is(client):
    ActorFactory()
    home = client.get("/").content.decode()
    assert "leaflet/leaflet.js" in home and "markercluster/leaflet.markercluster.js" in home
    assert 'id="map-settings"' in home
    # Their styles are loaded with them, after the first markers (first-view.js).
    head = home.split("</head>")[0]
    assert "leaflet.css" not in head and "MarkerCluster.css" not in head
    assert "leaflet/leaflet.css" in home and "markercluster/MarkerCluster.css" in home
    summits = client.get("/workshops/").content.decode()
    assert "leaflet" not in summits


def test_map_page_without_javascript_points_to_the_directory(client):
    ActorFactory()
    html = client.get("/?kind=fablab").content.decode()
    assert "<noscript>" in html and "/actors/?kind=fablab" in html
