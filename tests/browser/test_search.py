"""Search parity across pages (issue 17): the same words find the same things on the map,
in the directory, in the API, the catalogue, the action plan and the people's directory,
whatever the accents, the case, a kind's name or one typo."""

import re

import pytest

from actors.models import Actor
from innovations.models import Innovation
from workshops.models import Commitment, Person

pytestmark = pytest.mark.django_db(transaction=True)


def result_count(page) -> int:
    return int(re.search(r"\d+", page.locator("main .result-count").inner_text()).group())


def search_from_the_page(page, url, words):
    """Type the words in the page's search box and send the form, as a visitor would."""
    page.goto(url)
    box = page.locator("main #id_q")
    box.fill(words)
    box.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q="))


@pytest.mark.parametrize("words", ["fablab", "INCUBATEUR", "Yaoudne", "numerique"])
def test_search_parity_across_pages(page, demo_data, words):
    # Expectations are read before the browser runs: the live server shares the database.
    expected = Actor.objects.published().search(words).count()
    assert expected > 0

    page.goto("/")
    page.wait_for_selector("#actor-map[data-state=ready]")
    page.get_by_label("Rechercher").fill(words)
    page.wait_for_selector(f"#actor-map[data-total='{expected}'][data-state=ready]")

    search_from_the_page(page, "/actors/", words)
    assert result_count(page) == expected

    answer = page.request.get("/api/v1/actors/", params={"q": words})
    assert answer.ok and answer.json()["count"] == expected


@pytest.mark.parametrize(("url", "plain", "accented", "queryset"), [
    ("/innovations/", "sechoir", "Séchoir", Innovation.objects.published),
    ("/action-plan/", "donnees", "DONNÉES", Commitment.objects.all),
])
def test_accents_and_case_never_matter_in_the_catalogue_and_action_plan(
        page, demo_data, url, plain, accented, queryset):
    expected = queryset().search(accented).count()
    assert expected > 0
    for words in (plain, accented):
        search_from_the_page(page, url, words)
        assert result_count(page) == expected, words


def test_the_people_directory_ignores_accents(page, demo_data):
    person = next(p for p in Person.objects.order_by("pk") if not p.name.isascii())
    folded = person.sort_name.split()[0]
    expected = Person.objects.search(folded).count()
    search_from_the_page(page, "/people/", folded)
    assert result_count(page) == expected
    assert page.get_by_text(person.name).first.is_visible()
