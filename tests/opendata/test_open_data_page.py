"""The open data page: linked from every page, it explains the data, its licence, the
downloads, the API and keys, QGIS, and generates the embed code without JavaScript."""

import re
from html import unescape

import pytest

from tests.factories import UserFactory
from tests.opendata.conftest import PUBLIC_PATHS


@pytest.mark.parametrize(("prefix", "label"), [("", "Données ouvertes"), ("/en", "Open data")])
@pytest.mark.parametrize("path", PUBLIC_PATHS[:6])
def test_every_page_links_to_the_open_data_page_in_its_footer(client, world, path, prefix,
                                                              label):
    html = client.get(prefix + path).content.decode()
    footer = html.split('<footer class="site-footer">')[1]
    assert f'<a href="{prefix}/open-data/" class="open-data-link">{label}</a>' in footer


def test_the_page_names_licence_downloads_api_keys_and_ogc(client, world):
    html = client.get("/open-data/").content.decode()
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html
    assert "GeoNames" in html and "African Tech Hubs" in html
    assert 'href="/api/v1/actors/?format=geojson"' in html
    assert 'href="/api/v1/actors/?format=csv"' in html
    assert 'href="/api/v1/docs/"' in html
    assert "Authorization: Bearer &lt;key&gt;" in html
    assert "http://testserver/ogc/" in html
    assert "/accounts/profile/#api-keys" not in html  # signed out: sign in first


def test_signed_in_users_get_a_button_to_their_keys(client, world):
    client.force_login(UserFactory())
    html = client.get("/en/open-data/").content.decode()
    assert 'href="/en/accounts/profile/#api-keys"' in html


def embed_code(html: str) -> str:
    return unescape(re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', html,
                              re.DOTALL).group(1))


def test_the_embed_generator_works_as_a_plain_get_form(client, world):
    default = embed_code(client.get("/open-data/").content.decode())
    assert default == ('<iframe src="http://testserver/embed/" title="Carte des acteurs de '
                       'l\'innovation locale" width="100%" height="450" style="border:0" '
                       'loading="lazy"></iframe>')
    html = client.get("/open-data/", {"country": "sn", "city": "dakar", "kind": "fablab",
                                      "height": "600", "language": "en"}).content.decode()
    code = embed_code(html)
    assert 'src="http://testserver/en/embed/?country=SN&amp;city=dakar&amp;kind=fablab"' in code
    assert 'height="600"' in code and 'title="Map of local innovation actors"' in code
    assert 'id="embed-preview" src="http://testserver/en/embed/?country=SN&amp;city=dakar' in html


def test_a_city_page_link_preselects_the_city(client, world):
    city_page = client.get("/cities/dakar/").content.decode()
    assert 'href="/open-data/?city=dakar#embed"' in city_page
    code = embed_code(client.get("/open-data/", {"city": "dakar"}).content.decode())
    assert 'src="http://testserver/embed/?city=dakar"' in code and 'height="450"' in code


@pytest.mark.parametrize("params", [{"height": "50"}, {"city": "nowhere"},
                                    {"kind": "no-kind"}, {"language": "xx"}])
def test_bad_choices_are_shown_as_form_errors(client, world, params):
    response = client.get("/open-data/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errorlist' in html and 'id="embed-code"' not in html


def test_the_generated_embed_answers(client, world):
    response = client.get("/en/embed/", {"country": "SN", "city": "dakar", "kind": "fablab"})
    assert response.status_code == 200
    assert "1 actor" in response.content.decode()


def test_api_docs_explain_keys_and_link_back(client, db):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    description = schema["info"]["description"]
    assert "Authorization: Bearer <key>" in description
    assert "/open-data/" in description
    # The docs page itself (a page of the site) says it too, in the page's language.
    html = client.get("/api/v1/docs/").content.decode()
    assert "Authorization: Bearer &lt;key&gt;" in html and 'href="/open-data/"' in html
    assert "créez une clé sur votre profil" in html


def test_new_key_page_shows_the_header_with_its_placeholder(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/accounts/api-keys/new/", {"name": "Portail", "scope": "read"})
    html = response.content.decode()
    assert "Authorization: Bearer &lt;key&gt;" in html or "Bearer &lt;clé&gt;" in html
