"""Factories of the forge, and a small world: cities North and South with their actors."""

import factory

from innovations.models import Adaptation, ForgeStatus, Innovation
from tests.factories import ActorFactory, CityFactory, CountryFactory


class InnovationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Innovation
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Innovation {n}")
    slug = factory.Sequence(lambda n: f"innovation-{n}")
    summary = "Une aide technique documentée."
    description = "Plans et notice."
    city = factory.SubFactory(CityFactory)
    licence = Innovation.Licence.CERN_OHL_S
    documentation_url = "https://example.org/docs"
    status = ForgeStatus.PUBLISHED

    @factory.post_generation
    def actors(self, create, extracted, **kwargs):
        if create:
            self.actors.set(extracted or [ActorFactory(city=self.city)])

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class AdaptationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adaptation

    innovation = factory.SubFactory(InnovationFactory)
    actor = factory.SubFactory(ActorFactory)
    city = factory.LazyAttribute(lambda a: a.actor.city)
    origin_city = factory.LazyAttribute(lambda a: a.innovation.city)
    changes = ["materials"]
    description = "Matériaux locaux."
    status = ForgeStatus.PUBLISHED


def north_south_world():
    """Rennes and Liège in the North, Yaoundé and Dakar in the South."""
    france = CountryFactory(code="FR", region="western_europe", is_global_south=False)
    belgium = CountryFactory(code="BE", region="western_europe", is_global_south=False)
    cameroon = CountryFactory(code="CM", region="central_africa", is_global_south=True)
    senegal = CountryFactory(code="SN", region="western_africa", is_global_south=True)
    return {
        "rennes": CityFactory(name="Rennes", slug="rennes", country=france,
                              latitude=48.11, longitude=-1.68),
        "liege": CityFactory(name="Liège", slug="liege", country=belgium,
                             latitude=50.63, longitude=5.57),
        "yaounde": CityFactory(name="Yaoundé", slug="yaounde", country=cameroon,
                               latitude=3.87, longitude=11.52),
        "dakar": CityFactory(name="Dakar", slug="dakar", country=senegal,
                             latitude=14.69, longitude=-17.44),
    }
