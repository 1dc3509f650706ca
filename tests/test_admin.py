"""The admin: every changelist, add and change form loads for staff; bulk moderation."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from actors.models import Actor, DuplicatePair
from cities.models import CitySlugRedirect
from tests.factories import (
    ActorFactory,
    CommitmentFactory,
    ParticipationFactory,
    RecommendationFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"cities", "actors", "workshops"}
PROJECT_MODELS = [
    model for model in admin.site._registry if model._meta.app_label in PROJECT_APPS
]

# Found by imports and scans, never added by hand.
NO_ADD = {"DuplicatePair"}


@pytest.fixture
def one_of_each(db):
    """A row of every project model, so each change form has something to show."""
    participation = ParticipationFactory()
    theme = ThemeFactory()
    ndoto = ActorFactory(name="Ndoto Lab", themes=[theme],
                         city=participation.workshop.summit.city)
    twin = ActorFactory(name="Ndoto-Lab", city=ndoto.city, source="osm")
    DuplicatePair.objects.create(first=ndoto, second=twin, reason="name+city")
    recommendation = RecommendationFactory(workshop=participation.workshop)
    CommitmentFactory(workshop=participation.workshop, recommendation=recommendation,
                      themes=[theme], cities=[participation.workshop.summit.city])
    CitySlugRedirect.objects.create(old_slug="ancienne-ville",
                                    city=participation.workshop.summit.city)
    return participation


def test_every_project_model_is_registered():
    names = {model.__name__ for model in PROJECT_MODELS}
    assert names == {
        "Country", "City", "CitySlugRedirect", "ActorKind", "Theme", "Actor",
        "Summit", "Workshop", "Person", "Participation", "Recommendation", "Commitment",
        "DuplicatePair",
    }


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_changelist_add_and_change_pages_load(staff_client, one_of_each, model, language):
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    with translation.override(language):
        changelist = reverse(f"{name}_changelist")
        add = reverse(f"{name}_add")
        change = reverse(f"{name}_change", args=[model.objects.first().pk])
    response = staff_client.get(changelist + "?q=a")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == language
    assert staff_client.get(add).status_code == (403 if model.__name__ in NO_ADD else 200)
    assert staff_client.get(change).status_code == 200


def test_changelist_filters_load(staff_client, demo_data):
    url = reverse("admin:actors_actor_changelist")
    response = staff_client.get(url, {"status__exact": "published", "verified": "no",
                                      "city__country__region": "central_africa"})
    assert response.status_code == 200
    assert "Yaoundé" in response.content.decode()


def test_actor_and_city_forms_carry_the_location_map(staff_client, demo_data):
    actor = Actor.objects.first()
    page = staff_client.get(reverse("admin:actors_actor_change", args=[actor.pk]))
    html = page.content.decode()
    assert 'class="location-map"' in html and 'id="map-config"' in html
    assert "js/location-map.js" in html


@pytest.mark.parametrize(("language", "term"), [("fr", "Cameroun"), ("en", "Cameroon")])
def test_country_search_matches_translated_names(staff_client, demo_data, language, term):
    with translation.override(language):
        url = reverse("admin:cities_country_changelist")
    response = staff_client.get(url, {"q": term})
    assert list(response.context["cl"].queryset.values_list("code", flat=True)) == ["CM"]


def test_workshop_form_edits_participations_inline(staff_client):
    participation = ParticipationFactory()
    page = staff_client.get(
        reverse("admin:workshops_workshop_change", args=[participation.workshop.pk])
    )
    assert "participations-TOTAL_FORMS" in page.content.decode()


def test_bulk_publish_and_archive_actions_keep_history(staff_client):
    pending = [ActorFactory(status=Actor.Status.PENDING) for _ in range(3)]
    url = reverse("admin:actors_actor_changelist")
    response = staff_client.post(
        url, {"action": "publish", "_selected_action": [a.pk for a in pending]}, follow=True
    )
    assert response.status_code == 200
    assert Actor.objects.published().count() == 3
    staff_client.post(url, {"action": "archive", "_selected_action": [pending[0].pk]})
    archived = Actor.objects.get(pk=pending[0].pk)
    assert archived.status == "archived"
    assert list(archived.history.values_list("status", flat=True)) == [
        "archived", "published", "pending",
    ]
    assert archived.history.first().history_user.username == "aimf-staff"


def test_admin_is_closed_to_non_staff(client):
    client.force_login(UserFactory(username="actor-rep"))
    response = client.get(reverse("admin:actors_actor_changelist"))
    assert response.status_code == 302
