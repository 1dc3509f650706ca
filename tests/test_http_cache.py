"""Cache-Control and Vary for shared caches: anonymous pages and API answers are public with
a short s-maxage, anything personal (a signed-in user, an API key, a CSRF form) is private."""

import pytest

from partners.services import issue_key
from tests.factories import ActorFactory, CityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return ActorFactory(name="Open Lab", city=CityFactory(name="Douala", slug="douala"))


def public_urls(actor):
    return [
        "/", "/en/", "/actors/", "/en/actors/", actor.get_absolute_url(), "/cities/douala/",
        "/countries/", "/statistics/", "/map/feed/", f"/map/actors/{actor.pk}/",
        "/api/v1/actors/", f"/api/v1/actors/{actor.pk}/", "/api/v1/cities/",
        "/api/v1/actors/?format=geojson",
    ]


def directives(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.headers.get("Vary", "").split(",")}


def test_anonymous_pages_and_api_answers_are_public_with_a_short_s_maxage(client, actor):
    for url in public_urls(actor):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"public", "s-maxage=60"} <= directives(response), url
        assert "Set-Cookie" not in response.headers, url
        assert not response.cookies, url


def test_browsers_revalidate_pages_while_a_shared_cache_keeps_them(client, actor):
    response = client.get("/actors/")
    assert directives(response) == {"public", "max-age=0", "s-maxage=60"}
    # A view's own browser lifetime (a map popup) stays, the shared cache gets s-maxage.
    assert directives(client.get(f"/map/actors/{actor.pk}/")) == {
        "public", "max-age=300", "s-maxage=60"}


def test_vary_names_what_changes_the_answer(client, actor):
    api = client.get("/api/v1/actors/")
    assert {"accept", "accept-language", "authorization"} <= vary(api)
    page = client.get("/actors/")
    # The language of a page is in its URL, not in Accept-Language; the session cookie
    # keeps signed-in visitors away from the shared copy.
    assert "cookie" in vary(page) and "accept-language" not in vary(page)
    assert "accept-language" not in vary(client.get("/en/actors/"))
    # ...which is safe because neither the header nor the language cookie changes a page.
    client.cookies["django_language"] = "en"
    other = client.get("/actors/", headers={"Accept-Language": "en"})
    assert other.headers["Content-Language"] == "fr" and other.content == page.content


def test_the_shared_lifetime_is_a_setting(client, actor, settings):
    settings.HTTP_CACHE_S_MAXAGE = 15
    assert "s-maxage=15" in directives(client.get("/actors/"))
    settings.HTTP_CACHE_S_MAXAGE = 0
    assert directives(client.get("/actors/")) == {"no-cache"}


def test_pages_of_a_signed_in_user_are_private(client, actor):
    client.force_login(UserFactory())
    for url in ["/", "/actors/", actor.get_absolute_url(), "/statistics/", "/my/organisations/",
                "/accounts/profile/"]:
        response = client.get(url, follow=True)
        assert "private" in directives(response), url
        assert "public" not in directives(response) and "s-maxage=60" not in directives(response)


def test_keyed_api_answers_are_private(client, actor):
    _key, secret = issue_key(owner=UserFactory(), name="Partner map", daily_quota=100)
    for url in ["/api/v1/actors/", f"/api/v1/actors/{actor.pk}/", "/api/v1/key/"]:
        response = client.get(url, headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code == 200, url
        assert "private" in directives(response), url
        assert "public" not in directives(response), url


def test_forms_with_a_csrf_token_are_private(client):
    for url in ["/accounts/login/", "/accounts/signup/", "/en/accounts/login/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "csrfmiddlewaretoken" in response.content.decode(), url
        assert "private" in directives(response), url


def test_the_language_switcher_is_a_link_so_pages_carry_no_csrf_token(client, actor):
    html = client.get("/actors/?kind=lab").content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert 'href="/en/actors/?kind=lab"' in html
    assert 'href="/cities/douala/"' in client.get("/en/cities/douala/").content.decode()


def test_revalidation_answers_carry_the_same_policy(client, actor):
    first = client.get("/map/feed/")
    again = client.get("/map/feed/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert "s-maxage=60" in directives(again)


def test_writes_and_errors_are_not_made_public(client):
    assert "public" not in directives(client.get("/api/v1/actors/?kind=nope&bbox=x"))
    response = client.post("/api/v1/actors/", {})
    assert "public" not in directives(response)
