"""factory_boy factories for every model of the platform."""

import datetime

import factory
from django.contrib.auth import get_user_model

from actors.models import Actor, ActorKind, Theme
from cities.models import City, Country
from workshops.models import (
    Commitment,
    Participation,
    Person,
    Recommendation,
    Summit,
    Workshop,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-long-test-password-2021")


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["code"]

    code = "CM"
    region = Country.Region.CENTRAL_AFRICA
    is_global_south = True


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: f"Ville {n}")
    slug = factory.Sequence(lambda n: f"ville-{n}")
    country = factory.SubFactory(CountryFactory)
    latitude = 3.86667
    longitude = 11.51667
    population = 100000
    is_aimf_member = True


class ActorKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActorKind
        django_get_or_create = ["slug"]

    slug = "fablab"
    name_fr = "Fablab"
    name_en = "Fablab"
    colour = "#d9480f"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    slug = "social"
    name_fr = "Innovation sociale"
    name_en = "Social innovation"


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Acteur {n}")
    slug = factory.Sequence(lambda n: f"acteur-{n}")
    kind = factory.SubFactory(ActorKindFactory)
    city = factory.SubFactory(CityFactory)
    latitude = factory.LazyAttribute(lambda a: a.city.latitude)
    longitude = factory.LazyAttribute(lambda a: a.city.longitude)
    status = Actor.Status.PUBLISHED

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class SummitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Summit

    name = factory.Sequence(lambda n: f"Sommet {n}")
    slug = factory.Sequence(lambda n: f"sommet-{n}")
    city = factory.SubFactory(CityFactory)
    place = "Namur"
    start_date = datetime.date(2021, 11, 2)
    end_date = datetime.date(2021, 11, 4)


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    summit = factory.SubFactory(SummitFactory)
    title = factory.Sequence(lambda n: f"Atelier {n}")
    slug = factory.Sequence(lambda n: f"atelier-{n}")
    date = datetime.date(2021, 11, 3)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Personne {n}")
    slug = factory.Sequence(lambda n: f"personne-{n}")


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    workshop = factory.SubFactory(WorkshopFactory)
    person = factory.SubFactory(PersonFactory)
    role = Participation.Role.SPEAKER


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    workshop = factory.SubFactory(WorkshopFactory)
    text = factory.Sequence(lambda n: f"Recommandation {n}")


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Engagement {n}")
    slug = factory.Sequence(lambda n: f"engagement-{n}")
    workshop = factory.SubFactory(WorkshopFactory)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def cities(self, create, extracted, **kwargs):
        if create and extracted:
            self.cities.set(extracted)
