"""What an official sees to decide on an organisation: its logo and point, the preview
link, the owners' other entries and forge items, possible duplicates
(`actors.selectors.possible_duplicates`), and a readable history."""

import re

import pytest

from actors.models import Actor
from actors.moderation import decide
from actors.selectors import possible_duplicates, website_domain
from revisions.services import propose
from tests.factories import ActorFactory, CityFactory, UserFactory
from tests.innovations.factories import InnovationFactory

pytestmark = pytest.mark.django_db
FRENCH_DATETIME = re.compile(
    r"\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre"
    r"|novembre|décembre) \d{4} \d{2}:\d{2}")


@pytest.fixture
def douala():
    return CityFactory(name="Douala", slug="douala", latitude=4.05, longitude=9.7)


def test_similar_names_in_the_same_city_or_within_a_kilometre(douala):
    actor = ActorFactory(city=douala, name="Fablab de Bonabéri", status=Actor.Status.PENDING)
    same_city = ActorFactory(city=douala, name="FABLAB BONABERI", latitude=4.2)
    # Another city's entry 500 m away (a suburb) with the same name.
    suburb = CityFactory(name="Bonabéri", slug="bonaberi", latitude=4.07, longitude=9.68)
    nearby = ActorFactory(city=suburb, name="Fablab Bonaberi ", latitude=4.0545,
                          longitude=9.7)
    beyond = ActorFactory(city=suburb, name="Fablab Bonaberi", latitude=4.07, longitude=9.68)
    far = ActorFactory(city=CityFactory(name="Yaoundé", latitude=3.87, longitude=11.52),
                       name="Fablab de Bonabéri")
    unrelated = ActorFactory(city=douala, name="Boulangerie du port")
    found = possible_duplicates(actor)
    assert same_city in found and far not in found and unrelated not in found
    assert actor not in found
    assert nearby in found and beyond not in found  # 0.5 km and 2.8 km away
    assert possible_duplicates(actor, limit=1) == found[:1]


def test_same_website_domain_anywhere(douala):
    actor = ActorFactory(city=douala, name="Atelier A", website="https://www.fablab.cm/about")
    same = ActorFactory(name="Tout autre nom", website="http://fablab.cm")
    other = ActorFactory(name="Encore un", website="https://fablab.cm.example.org/")
    shared_a = ActorFactory(city=douala, name="Page A", website="https://facebook.com/a")
    shared_b = ActorFactory(name="Page B", website="https://www.facebook.com/b")
    found = possible_duplicates(actor)
    assert same in found and other not in found
    assert shared_b not in possible_duplicates(shared_a)
    assert website_domain("https://www.facebook.com/b/") == "facebook.com/b"
    assert possible_duplicates(ActorFactory(name="Sans site", website="")) == []


def test_duplicates_cost_two_queries(douala, django_assert_max_num_queries):
    actor = ActorFactory(city=douala, name="Fablab", website="https://fablab.cm")
    for n in range(8):
        ActorFactory(city=douala, name=f"Fablab {n}", website=f"https://fablab.cm/{n}")
    with django_assert_max_num_queries(2):
        assert len(possible_duplicates(actor)) == 5


@pytest.fixture
def deciding(douala):
    official = UserFactory(username="official", email="official@example.org")
    douala.officials.add(official)
    owner = UserFactory(username="owner", email="owner@example.org")
    actor = ActorFactory(city=douala, name="Fablab de Bonabéri", status=Actor.Status.PENDING)
    actor.owners.add(owner)
    sister = ActorFactory(city=CityFactory(name="Kribi"), name="Atelier de Kribi")
    sister.owners.add(owner)
    twin = ActorFactory(city=douala, name="Fablab Bonaberi")
    innovation = InnovationFactory(city=douala, title="Séchoir solaire", actors=[actor])
    return {"official": official, "owner": owner, "actor": actor, "sister": sister,
            "twin": twin, "innovation": innovation, "city": douala}


def test_the_decision_page_of_a_new_organisation(client, deciding):
    client.force_login(deciding["official"])
    page = client.get(f"/moderation/{deciding['actor'].pk}/").content.decode()
    assert f'href="/actors/{deciding["actor"].slug}/"' in page  # the preview
    assert 'id="revision-map"' in page and '"before": [4.05, 9.7]' in page
    assert "Atelier de Kribi" in page  # the owner's other entry
    assert "Séchoir solaire" in page  # its forge item
    assert "Fablab Bonaberi" in page  # a possible duplicate


def test_the_history_is_readable(client, deciding):
    actor, official = deciding["actor"], deciding["official"]
    colleague = UserFactory(username="colleague")
    deciding["city"].officials.add(colleague)
    decide(actor_id=actor.pk, user=official, action="changes",
           message="Précisez l’adresse.")
    client.force_login(colleague)
    page = client.get(f"/moderation/{actor.pk}/").content.decode()
    history = re.sub(r"<[^>]+>", "", page[page.index('class="history"'):])
    assert "Modifications demandées (par official@example.org)" in " ".join(history.split())
    assert "Motif : Précisez l’adresse." in history
    assert "official@example.org" in history
    assert FRENCH_DATETIME.search(history)
    assert "+00:00" not in history and "changes:" not in history and "pending" not in history
    assert "En attente de modération → " in history  # the status, as words


def test_history_of_a_published_change_names_fields_and_cities(client, deciding):
    actor, official = deciding["actor"], deciding["official"]
    decide(actor_id=actor.pk, user=official, action="approved")
    actor.refresh_from_db()
    dakar = CityFactory(name="Dakar", slug="dakar")
    dakar.officials.add(official)
    revision = propose(item=actor, user=deciding["owner"], data={"city": dakar,
                                                                 "name": "Fablab Dakar"})
    client.force_login(official)
    client.post(f"/moderation/changes/{revision.pk}/", {"operation": "approve"})
    page = client.get(f"/moderation/changes/{revision.pk}/").content.decode()
    history = page[page.index('class="history"'):]
    assert "Douala → Dakar" in history
    assert "Fablab de Bonabéri → Fablab Dakar" in history
    assert f"city: {deciding['city'].pk}" not in history
    # The page shows both points and the panel around the organisation.
    assert '"before": [4.05, 9.7]' in page and "Atelier de Kribi" in page


def test_the_history_in_english(client, deciding):
    decide(actor_id=deciding["actor"].pk, user=deciding["official"], action="rejected",
           message="Not an organisation.")
    staff = UserFactory(username="staff", is_staff=True, is_superuser=True)
    client.force_login(staff)
    page = client.get(f"/en/moderation/{deciding['actor'].pk}/").content.decode()
    history = page[page.index('class="history"'):]
    assert "Why: Not an organisation." in history
    assert re.search(r"(Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec)\.? \d{1,2}, "
                     r"\d{4}, \d{1,2}(:\d\d)? [ap]\.m\.", history)


def test_the_forge_decision_page_uses_the_same_history(client, deciding):
    innovation = deciding["innovation"]
    innovation.status = "pending"
    innovation.save()
    client.force_login(deciding["official"])
    page = client.get(f"/moderation/forge/innovations/{innovation.pk}/").content.decode()
    history = page[page.index('class="history"'):]
    assert FRENCH_DATETIME.search(history)
    assert "Publié → En attente de modération" in history
