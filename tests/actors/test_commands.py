"""generate_actors: synthetic actors for load tests, never mixed into the demo."""

import io

import pytest
from django.core.management import CommandError, call_command

from actors.models import Actor
from tests.factories import ActorFactory, CityFactory

pytestmark = pytest.mark.django_db


def test_generate_actors_creates_marked_published_actors_and_clears_them():
    CityFactory.create_batch(3)
    real = ActorFactory(name="Real fablab")
    call_command("generate_actors", "--count", "25", stdout=io.StringIO())
    synthetic = Actor.objects.filter(source="synthetic")
    assert synthetic.count() == 25 and synthetic.published().count() == 25
    assert not synthetic.filter(pk=real.pk).exists()
    call_command("generate_actors", "--count", "5", stdout=io.StringIO())  # adds, no clash
    assert synthetic.count() == 30
    call_command("generate_actors", "--count", "0", "--clear", stdout=io.StringIO())
    assert list(Actor.objects.all()) == [real]


def test_generate_actors_explains_what_is_missing():
    with pytest.raises(CommandError, match="load_demo"):
        call_command("generate_actors", "--count", "3")
    with pytest.raises(CommandError, match="zero or more"):
        call_command("generate_actors", "--count", "-1")
