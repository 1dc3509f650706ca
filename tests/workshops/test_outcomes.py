"""Recommendations and commitments: rules, querysets, history, admin editing."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import (
    CityFactory,
    CommitmentFactory,
    RecommendationFactory,
    SummitFactory,
    ThemeFactory,
    WorkshopFactory,
)
from workshops.models import Commitment, Recommendation

pytestmark = pytest.mark.django_db


def test_commitment_status_is_checked_by_the_database():
    commitment = CommitmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=commitment.pk).update(status="abandoned")
    commitment.status = "abandoned"
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "status" in error.value.message_dict


def test_commitment_slug_and_recommendation_text_cannot_be_empty():
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentFactory(slug="")
    with pytest.raises(IntegrityError), transaction.atomic():
        RecommendationFactory(text="")


def test_recommendation_must_belong_to_the_commitments_workshop():
    recommendation = RecommendationFactory()
    commitment = CommitmentFactory.build(workshop=WorkshopFactory(),
                                         recommendation=recommendation, slug="x")
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "recommendation" in error.value.message_dict
    commitment.workshop = recommendation.workshop
    commitment.full_clean()


def test_a_workshop_with_commitments_cannot_be_deleted_silently():
    commitment = CommitmentFactory()
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        commitment.workshop.delete()


def test_deleting_a_recommendation_keeps_the_commitment():
    recommendation = RecommendationFactory()
    commitment = CommitmentFactory(workshop=recommendation.workshop,
                                   recommendation=recommendation)
    recommendation.delete()
    commitment.refresh_from_db()
    assert commitment.recommendation is None


def test_querysets_name_the_action_plan_filters():
    summit = SummitFactory()
    theme, city = ThemeFactory(), CityFactory()
    mine = CommitmentFactory(workshop=WorkshopFactory(summit=summit), themes=[theme],
                             cities=[city], status="done")
    CommitmentFactory(status="done")
    CommitmentFactory(status="proposed")
    assert list(Commitment.objects.of_summit(summit)) == [mine]
    assert list(Commitment.objects.about_theme(theme)) == [mine]
    assert list(Commitment.objects.committed_by(city)) == [mine]
    assert Commitment.objects.with_status("done").count() == 2
    assert Commitment.objects.count_by_status() == {
        "proposed": 1, "adopted": 0, "in_progress": 0, "done": 2}


def test_history_keeps_every_status_change_and_the_cities():
    commitment = CommitmentFactory(status="proposed")
    city = CityFactory()
    commitment.cities.add(city)
    for status in ("adopted", "in_progress", "done"):
        commitment.status = status
        commitment.save()
    statuses = list(commitment.history.order_by("history_date", "history_id")
                    .values_list("status", flat=True))
    # Adding a city is a change of its own (recorded with the same status).
    assert statuses == ["proposed", "proposed", "adopted", "in_progress", "done"]
    assert [c.city_id for c in commitment.history.first().cities.all()] == [city.pk]


def test_recommendations_have_history_too():
    recommendation = RecommendationFactory(text="Avant")
    recommendation.text = "Après"
    recommendation.save()
    assert Recommendation.history.filter(id=recommendation.pk).count() == 2


def test_staff_change_the_status_from_the_commitment_list(staff_client):
    first, second = CommitmentFactory(status="proposed"), CommitmentFactory(status="proposed")
    url = reverse("admin:workshops_commitment_changelist")
    page = staff_client.get(url)
    assert page.status_code == 200 and 'name="form-0-status"' in page.content.decode()
    rows = {first.pk: "adopted", second.pk: "done"}
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2", "_save": "Save"}
    for index, commitment in enumerate(Commitment.objects.order_by("position", "pk")):
        data[f"form-{index}-id"] = str(commitment.pk)
        data[f"form-{index}-status"] = rows[commitment.pk]
    response = staff_client.post(url, data)
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("adopted", "done")
    record = first.history.first()
    assert record.status == "adopted" and record.history_user.is_staff
    history = staff_client.get(reverse("admin:workshops_commitment_history", args=[first.pk]))
    assert history.status_code == 200


def test_workshop_form_offers_recommendation_and_commitment_inlines(staff_client):
    recommendation = RecommendationFactory()
    other = RecommendationFactory(text="Autre atelier")
    CommitmentFactory(workshop=recommendation.workshop, recommendation=recommendation)
    url = reverse("admin:workshops_workshop_change", args=[recommendation.workshop.pk])
    html = staff_client.get(url).content.decode()
    assert 'name="recommendations-0-text"' in html
    assert 'name="commitments-0-status"' in html
    # The commitment's recommendation is chosen among this workshop's only.
    start = html.index('name="commitments-0-recommendation"')
    select = html[start:html.index("</select>", start)]
    assert f'value="{recommendation.pk}"' in select and f'value="{other.pk}"' not in select
