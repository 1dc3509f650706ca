"""Summits and workshops: date and time rules, venue coordinates, time zones."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from tests.factories import ParticipationFactory, SummitFactory, WorkshopFactory
from workshops.models import Participation, Summit, Workshop

pytestmark = pytest.mark.django_db


def test_summit_cannot_end_before_it_starts():
    summit = SummitFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Summit.objects.filter(pk=summit.pk).update(end_date=datetime.date(2021, 11, 1))
    summit.end_date = datetime.date(2021, 11, 1)
    with pytest.raises(ValidationError) as error:
        summit.full_clean()
    assert "Un sommet ne peut pas se terminer avant d'avoir commencé." in str(error.value)


def test_workshop_must_end_after_it_starts():
    workshop = WorkshopFactory(start_time=datetime.time(14, 0), end_time=datetime.time(16, 0))
    with pytest.raises(IntegrityError), transaction.atomic():
        Workshop.objects.filter(pk=workshop.pk).update(end_time=datetime.time(13, 0))


def test_venue_needs_both_coordinates():
    workshop = WorkshopFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Workshop.objects.filter(pk=workshop.pk).update(venue_latitude=50.85)


def test_workshop_date_must_fall_within_its_summit():
    workshop = WorkshopFactory.build(summit=SummitFactory(), date=datetime.date(2021, 12, 1))
    with pytest.raises(ValidationError) as error:
        workshop.full_clean()
    with translation.override("en"):
        assert error.value.message_dict["date"] == [
            "The date must fall within the summit's dates."
        ]


def test_workshop_times_are_in_the_summit_time_zone():
    workshop = WorkshopFactory(start_time=datetime.time(9, 30), end_time=datetime.time(12, 0))
    assert workshop.starts_at.isoformat() == "2021-11-03T09:30:00+01:00"
    assert workshop.ends_at.utcoffset() == datetime.timedelta(hours=1)
    undated = WorkshopFactory(date=None, start_time=datetime.time(9, 30))
    assert undated.starts_at is None


def test_a_person_holds_a_role_once_per_workshop():
    participation = ParticipationFactory(role=Participation.Role.SPEAKER)
    ParticipationFactory(
        workshop=participation.workshop, person=participation.person,
        role=Participation.Role.MODERATOR,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipationFactory(
            workshop=participation.workshop, person=participation.person,
            role=Participation.Role.SPEAKER,
        )


def test_summits_workshops_people_and_participations_keep_their_history(staff_client):
    from django.urls import reverse

    participation = ParticipationFactory()
    workshop, person = participation.workshop, participation.person
    summit = workshop.summit
    for item in (summit, workshop, person, participation):
        assert item.history.count() == 1
    person.title = "Maire"
    person.save()
    assert list(person.history.values_list("title", flat=True))[0] == "Maire"
    for name, item in [("summit", summit), ("workshop", workshop), ("person", person),
                       ("participation", participation)]:
        url = reverse(f"admin:workshops_{name}_history", args=[item.pk])
        assert staff_client.get(url).status_code == 200


def test_a_workshop_with_recommendations_cannot_be_deleted():
    from django.db.models import ProtectedError

    from tests.factories import RecommendationFactory
    recommendation = RecommendationFactory()
    with pytest.raises(ProtectedError):
        recommendation.workshop.delete()
    assert Workshop.objects.filter(pk=recommendation.workshop_id).exists()
