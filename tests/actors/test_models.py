"""Actors: constraints, consent to publish contacts, querysets and history."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from actors import moderation
from actors.models import Actor
from tests.factories import (
    ActorFactory,
    ActorKindFactory,
    CityFactory,
    CountryFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_status_outside_the_lifecycle_is_refused_by_the_database():
    actor = ActorFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Actor.objects.filter(pk=actor.pk).update(status="deleted")


def test_status_values_are_the_documented_ones():
    assert Actor.Status.values == [
        "draft", "pending", "changes", "published", "rejected", "archived"]


@pytest.mark.parametrize(("field", "value"), [("latitude", 90.0001), ("longitude", -180.5)])
def test_coordinates_off_the_globe_are_refused(field, value):
    actor = ActorFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Actor.objects.filter(pk=actor.pk).update(**{field: value})
    actor.refresh_from_db()
    setattr(actor, field, value)
    with pytest.raises(ValidationError) as error:
        actor.full_clean()
    assert "doit être comprise entre" in str(error.value)  # French is the default language


def test_duplicate_slug_gives_a_field_error():
    ActorFactory(slug="my-human-kit")
    twin = ActorFactory.build(slug="my-human-kit", kind=ActorKindFactory(), city=CityFactory())
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert list(error.value.message_dict) == ["slug"]


def test_one_source_record_maps_to_one_actor():
    ActorFactory(source="fablabs.io", external_id="42")
    ActorFactory(source="fablabs.io", external_id="")  # no identifier: no constraint
    ActorFactory(source="fablabs.io", external_id="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActorFactory(source="fablabs.io", external_id="42")


def test_social_links_and_languages_are_validated():
    actor = ActorFactory()
    actor.social_links = ["javascript:alert(1)"]
    actor.languages = ["fr", "Wolof"]
    with pytest.raises(ValidationError) as error:
        actor.full_clean()
    assert set(error.value.message_dict) == {"social_links", "languages"}
    actor.social_links = ["https://www.linkedin.com/company/example"]
    actor.languages = ["fr", "wo"]
    actor.full_clean()


def test_contacts_are_public_only_with_consent():
    actor = ActorFactory(email="contact@example.org", phone="+237 600 000 000")
    assert actor.public_email == "" and actor.public_phone == ""
    actor.email_is_public = True
    actor.phone_is_public = True
    assert actor.public_email == "contact@example.org"
    assert actor.public_phone == "+237 600 000 000"


def test_querysets_chain_domain_concepts():
    cameroon = CountryFactory(code="CM")
    douala = CityFactory(name="Douala", country=cameroon)
    yaounde = CityFactory(name="Yaoundé", country=cameroon)
    fablab = ActorKindFactory(slug="fablab")
    incubator = ActorKindFactory(slug="incubator", name_fr="Incubateur", name_en="Incubator")
    social = ThemeFactory(slug="social")
    match = ActorFactory(city=douala, kind=fablab, themes=[social])
    ActorFactory(city=douala, kind=fablab)  # no theme
    ActorFactory(city=douala, kind=incubator, themes=[social])
    ActorFactory(city=yaounde, kind=fablab, themes=[social])
    ActorFactory(city=douala, kind=fablab, themes=[social], status=Actor.Status.PENDING)

    found = Actor.objects.published().in_city(douala).of_kind("fablab").with_theme(social)
    assert list(found) == [match]
    assert Actor.objects.published().in_country("cm").count() == 4
    assert Actor.objects.pending().count() == 1
    assert Actor.objects.count() == 5  # the default manager stays unfiltered


def test_verified_mark_and_its_queryset():
    actor = ActorFactory()
    assert not Actor.objects.verified().exists()
    moderation.mark_verified(actor=actor)
    assert actor.is_verified
    assert list(Actor.objects.verified()) == [actor]


def test_kind_name_follows_the_active_language():
    kind = ActorKindFactory(slug="incubator", name_fr="Incubateur", name_en="Incubator")
    with translation.override("fr"):
        assert str(kind) == "Incubateur"
    with translation.override("en"):
        assert str(kind) == "Incubator"


def test_status_changes_are_kept_in_history():
    actor = ActorFactory(status=Actor.Status.PENDING)
    moderation.change_status(actor=actor, status=Actor.Status.PUBLISHED, reason="approved")
    moderation.change_status(actor=actor, status=Actor.Status.ARCHIVED, reason="closed")
    statuses = list(actor.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["pending", "published", "archived"]
    assert actor.history.first().history_change_reason == "closed"
