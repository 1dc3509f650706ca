"""Innovations and adaptations: the city rule (form, model, service, database), the four
directions (Python and SQL), counting by direction, moving an innovation."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from innovations.forms import AdaptationForm
from innovations.models import Adaptation, Direction, ForgeStatus, direction_between
from innovations.selectors import adaptations_by_direction
from innovations.services import submit_adaptation, update_innovation
from tests.factories import ActorFactory, UserFactory
from tests.innovations.factories import AdaptationFactory, InnovationFactory, north_south_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return north_south_world()


@pytest.mark.parametrize(("origin", "adapting", "direction"), [
    ("rennes", "yaounde", Direction.NORTH_SOUTH),
    ("yaounde", "liege", Direction.SOUTH_NORTH),
    ("dakar", "yaounde", Direction.SOUTH_SOUTH),
    ("rennes", "liege", Direction.NORTH_NORTH),
])
def test_direction_in_python_and_in_sql(world, origin, adapting, direction):
    innovation = InnovationFactory(city=world[origin])
    adaptation = AdaptationFactory(innovation=innovation,
                                   actor=ActorFactory(city=world[adapting]))
    assert adaptation.direction == direction
    assert direction_between(world[origin].country, world[adapting].country) == direction
    annotated = Adaptation.objects.with_direction().get(pk=adaptation.pk)
    assert annotated.direction == direction
    assert list(Adaptation.objects.in_direction(direction)) == [adaptation]
    others = [d for d in Direction.values if d != direction]
    assert not any(Adaptation.objects.in_direction(d).exists() for d in others)


def test_direction_follows_a_country_reclassified(world):
    adaptation = AdaptationFactory(innovation=InnovationFactory(city=world["rennes"]),
                                   actor=ActorFactory(city=world["yaounde"]))
    world["yaounde"].country.is_global_south = False
    world["yaounde"].country.save()
    assert Adaptation.objects.with_direction().get(pk=adaptation.pk).direction == "north_north"


def test_unknown_direction_matches_nothing(world):
    AdaptationFactory(innovation=InnovationFactory(city=world["rennes"]),
                      actor=ActorFactory(city=world["yaounde"]))
    assert not Adaptation.objects.in_direction("east_west").exists()


def test_count_by_direction_in_one_query(world, django_assert_num_queries):
    north = InnovationFactory(city=world["rennes"])
    south = InnovationFactory(city=world["dakar"])
    for city in ("yaounde", "dakar"):
        AdaptationFactory(innovation=north, actor=ActorFactory(city=world[city]))
    AdaptationFactory(innovation=south, actor=ActorFactory(city=world["yaounde"]))
    AdaptationFactory(innovation=south, actor=ActorFactory(city=world["liege"]),
                      status=ForgeStatus.PENDING)
    AdaptationFactory(innovation=InnovationFactory(city=world["liege"],
                                                   status=ForgeStatus.PENDING),
                      actor=ActorFactory(city=world["rennes"]))
    with django_assert_num_queries(1):
        counts = adaptations_by_direction()
    assert counts == {"north_south": 2, "south_north": 0, "south_south": 1, "north_north": 0}
    everything = adaptations_by_direction(published_only=False)
    assert everything == {"north_south": 2, "south_north": 1, "south_south": 1,
                          "north_north": 1}


def test_database_refuses_an_adaptation_in_the_city_of_origin(world):
    innovation = InnovationFactory(city=world["rennes"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Adaptation.objects.create(innovation=innovation, actor=ActorFactory(),
                                  city=world["rennes"], origin_city=world["rennes"],
                                  description="x")


def test_model_clean_explains_the_city_rule(world):
    innovation = InnovationFactory(city=world["rennes"])
    adaptation = Adaptation(innovation=innovation, actor=ActorFactory(city=world["rennes"]),
                            city=world["rennes"], description="x")
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            adaptation.full_clean()
        assert "another city" in str(error.value.message_dict["city"])


def test_service_refuses_the_city_of_origin(world):
    owner = UserFactory()
    actor = ActorFactory(city=world["rennes"])
    actor.owners.add(owner)
    innovation = InnovationFactory(city=world["rennes"])
    with pytest.raises(ValidationError) as error:
        submit_adaptation(user=owner, innovation=innovation,
                          data={"actor": actor, "description": "x"})
    assert "city" in error.value.message_dict
    assert not Adaptation.objects.exists()


def test_form_shows_a_clear_error_for_the_city_of_origin(world):
    owner = UserFactory()
    actor = ActorFactory(city=world["yaounde"])
    actor.owners.add(owner)
    innovation = InnovationFactory(city=world["rennes"])
    form = AdaptationForm(data={"actor": actor.pk, "city": world["rennes"].pk,
                                "description": "x", "progress": "idea"},
                          user=owner, innovation=innovation)
    assert not form.is_valid()
    assert "Rennes" in form.errors["city"][0]
    # Without a city the actor's own is taken: fine from Yaoundé.
    form = AdaptationForm(data={"actor": actor.pk, "description": "x", "progress": "idea"},
                          user=owner, innovation=innovation)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["city"] == world["yaounde"]


def test_dates_must_be_in_order(world):
    adaptation = AdaptationFactory.build(
        innovation=InnovationFactory(city=world["rennes"]),
        actor=ActorFactory(city=world["dakar"]), started_on="2024-05-01",
        ended_on="2024-01-01")
    with pytest.raises(ValidationError) as error, translation.override("en"):
        adaptation.full_clean()
    assert "before the start" in str(error.value)


def test_moving_an_innovation_to_an_adapting_city_is_refused(world):
    staff = UserFactory(is_staff=True, is_superuser=True)
    # Co-authored in three cities, so that each could be its city of origin.
    innovation = InnovationFactory(city=world["rennes"], actors=[
        ActorFactory(city=world[name]) for name in ("rennes", "dakar", "liege")])
    adaptation = AdaptationFactory(innovation=innovation, actor=ActorFactory(city=world["dakar"]))
    with pytest.raises(ValidationError) as error:
        update_innovation(innovation=innovation, user=staff, data={"city": world["dakar"]})
    assert "adaptation de cette innovation" in str(error.value)
    update_innovation(innovation=innovation, user=staff, data={"city": world["liege"]})
    adaptation.refresh_from_db()
    assert adaptation.origin_city == world["liege"]
    assert Adaptation.objects.with_direction().get(pk=adaptation.pk).direction == "north_south"


def test_unknown_change_kinds_are_refused(world):
    adaptation = AdaptationFactory.build(
        innovation=InnovationFactory(city=world["rennes"]),
        actor=ActorFactory(city=world["dakar"]), changes=["materials", "teleportation"])
    with pytest.raises(ValidationError) as error:
        adaptation.full_clean()
    assert "teleportation" in str(error.value)


def test_edits_are_kept_in_history(world):
    staff = UserFactory(is_staff=True, is_superuser=True)
    innovation = InnovationFactory(city=world["rennes"])
    update_innovation(innovation=innovation, user=staff, data={"title": "Nouveau titre"})
    latest = innovation.history.first()
    assert latest.title == "Nouveau titre" and latest.history_user == staff
