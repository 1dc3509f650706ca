"""A small published world with one of each public page, and what must stay hidden."""

import pytest

from actors.models import Actor
from tests.factories import (
    ActorFactory,
    ActorKindFactory,
    CityFactory,
    CountryFactory,
    PersonFactory,
    SummitFactory,
    WorkshopFactory,
)
from tests.innovations.factories import InnovationFactory


@pytest.fixture
def world(db):
    senegal = CountryFactory(code="SN")
    dakar = CityFactory(name="Dakar", slug="dakar", country=senegal, latitude=14.69,
                        longitude=-17.44, is_aimf_member=True,
                        description="Capitale du Sénégal.")
    fablab = ActorKindFactory(slug="fablab", name_fr="Fablab", name_en="Fablab")
    actor = ActorFactory(
        name="Ker Thiossane </script><b>", slug="ker-thiossane", city=dakar, kind=fablab,
        address="Sicap Liberté", short_description="Un fablab à Dakar.",
        website="https://kerthiossane.org", email="public@example.org", email_is_public=True,
        phone="+221 33 000 00 00", phone_is_public=False, contact_name="Awa Ndiaye",
        contact_name_is_public=False)
    hidden = ActorFactory(name="Pas encore publié", slug="pending-lab", city=dakar,
                          kind=fablab, status=Actor.Status.PENDING)
    archived = ActorFactory(slug="archived-lab", city=dakar, kind=fablab,
                            status=Actor.Status.ARCHIVED)
    summit = SummitFactory(name="Sommet de Dakar", slug="dakar-2021", city=dakar)
    workshop = WorkshopFactory(summit=summit, title="Atelier données", slug="atelier-donnees",
                               venue="Maison de la culture")
    person = PersonFactory(name="Awa Diop", slug="awa-diop", title="Maire adjointe")
    innovation = InnovationFactory(title="Imprimante solaire", slug="imprimante-solaire",
                                   city=dakar, actors=[actor, hidden])
    pending_innovation = InnovationFactory(slug="secret-innovation", city=dakar,
                                           actors=[actor], status="pending")
    return {"actor": actor, "hidden": hidden, "archived": archived, "city": dakar,
            "country": senegal, "summit": summit, "workshop": workshop, "person": person,
            "innovation": innovation, "pending_innovation": pending_innovation}


# Every public page: lists, details of each type, the open data page, in both languages.
PUBLIC_PATHS = [
    "/", "/actors/", "/actors/ker-thiossane/", "/cities/dakar/", "/countries/",
    "/countries/sn/", "/innovations/", "/innovations/imprimante-solaire/", "/workshops/",
    "/summits/dakar-2021/", "/workshops/atelier-donnees/", "/people/", "/people/awa-diop/",
    "/action-plan/", "/statistics/", "/open-data/", "/privacy/",
]
