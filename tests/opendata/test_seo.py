"""What search engines and link previews read: robots.txt, sitemap.xml, canonical and
hreflang links, OpenGraph/Twitter tags, schema.org JSON-LD, favicon and manifest."""

import json
import re
from html import unescape
from pathlib import Path

import pytest
from lxml import etree
from pyld import jsonld

from tests.opendata.conftest import PUBLIC_PATHS

SITEMAP_XSD = Path(__file__).parent.parent / "fixtures" / "sitemap" / "sitemap.xsd"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def meta_tags(html: str) -> dict:
    tags = {}
    for _attribute, name, content in re.findall(
            r'<meta (property|name)="([^"]+)" content="([^"]*)"', html):
        tags[name] = unescape(content)
    return tags


def head_links(html: str, rel: str) -> list[tuple[str, str]]:
    return [(unescape(hreflang), unescape(href)) for hreflang, href in re.findall(
        rf'<link rel="{rel}"(?: hreflang="([^"]+)")? href="([^"]+)"', html)]


def json_ld(html: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)]


# --- robots.txt ----------------------------------------------------------------------


def test_robots_txt_points_to_the_sitemap_and_keeps_private_areas_out(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for path in ("/admin/", "/accounts/", "/moderation/", "/en/admin/", "/en/moderation/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines


# --- sitemap.xml ---------------------------------------------------------------------


@pytest.fixture
def sitemap(client, world):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return etree.fromstring(response.content)


def test_sitemap_validates_against_the_sitemap_schema(sitemap):
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    assert schema.validate(sitemap), schema.error_log


def test_sitemap_lists_every_public_object_in_both_languages(sitemap, world):
    locations = set(sitemap.xpath("//s:url/s:loc/text()", namespaces=NS))
    for name in ("actor", "city", "country", "summit", "workshop", "person", "innovation"):
        path = world[name].get_absolute_url()
        assert f"http://testserver{path}" in locations, name
        assert f"http://testserver/en{path}" in locations, name
    assert "http://testserver/open-data/" in locations
    for name in ("hidden", "archived", "pending_innovation"):
        assert not any(world[name].slug in location for location in locations), name


def test_sitemap_entries_name_their_language_versions(sitemap, world):
    path = world["actor"].get_absolute_url()
    [url] = sitemap.xpath(f"//s:url[s:loc='http://testserver{path}']", namespaces=NS)
    alternates = {link.get("hreflang"): link.get("href")
                  for link in url.xpath("x:link", namespaces=NS)}
    assert alternates == {"fr": f"http://testserver{path}", "en": f"http://testserver/en{path}",
                          "x-default": f"http://testserver{path}"}


# --- every public page ---------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_every_public_page_has_canonical_hreflang_and_preview_tags(client, world, path,
                                                                   prefix):
    url = prefix + path
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert head_links(html, "canonical") == [("", f"http://testserver{url}")]
    assert dict(head_links(html, "alternate")) == {
        "fr": f"http://testserver{path}", "en": f"http://testserver/en{path}",
        "x-default": f"http://testserver{path}"}
    tags = meta_tags(html)
    for name in ("og:title", "og:description", "og:image", "og:url", "og:type",
                 "twitter:card", "twitter:title", "twitter:image", "description"):
        assert tags.get(name), (url, name)
    assert tags["og:image"].startswith("http://testserver/")
    assert 'rel="icon"' in html and 'rel="manifest"' in html


def test_canonical_drops_the_query_string(client, world):
    html = client.get("/actors/", {"kind": "fablab"}).content.decode()
    assert head_links(html, "canonical") == [("", "http://testserver/actors/")]


def test_preview_tags_name_the_object(client, world):
    tags = meta_tags(client.get("/actors/ker-thiossane/").content.decode())
    assert tags["og:title"] == world["actor"].name
    assert tags["og:description"] == "Un fablab à Dakar."
    assert tags["og:image"] == "http://testserver/static/img/og-card.png"
    tags = meta_tags(client.get("/innovations/imprimante-solaire/").content.decode())
    assert tags["og:title"] == "Imprimante solaire" and tags["og:type"] == "article"


@pytest.mark.parametrize(("path", "title"), [
    ("/actors/", "Annuaire des acteurs"), ("/en/actors/", "Directory of actors"),
    ("/open-data/", "Données ouvertes"), ("/en/people/", "Speakers of the AIMF summits")])
def test_preview_titles_of_pages_without_an_object(client, world, path, title):
    assert meta_tags(client.get(path).content.decode())["og:title"] == title


def test_an_unpublished_page_seen_by_its_owner_is_not_indexed(client, world):
    owner = world["hidden"].owners.create(username="owner", email="owner@example.org")
    client.force_login(owner)
    html = client.get("/actors/pending-lab/").content.decode()
    assert '<meta name="robots" content="noindex">' in html


# --- JSON-LD -------------------------------------------------------------------------

SCHEMA_CONTEXT = {"@vocab": "http://schema.org/"}


def expand(data: dict) -> list:
    """The document expanded as JSON-LD (schema.org's context inlined: no network)."""
    document = {**data, "@context": SCHEMA_CONTEXT}
    return jsonld.expand(document)


@pytest.mark.parametrize(("path", "expected_type"), [
    ("/actors/ker-thiossane/", "Organization"),
    ("/en/actors/ker-thiossane/", "Organization"),
    ("/workshops/atelier-donnees/", "Event"),
    ("/summits/dakar-2021/", "Event"),
    ("/cities/dakar/", "Place"),
    ("/innovations/imprimante-solaire/", "CreativeWork"),
    ("/countries/sn/", "Country"),
    ("/people/awa-diop/", "Person"),
])
def test_json_ld_of_each_page_type(client, world, path, expected_type):
    [data] = json_ld(client.get(path).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == expected_type
    [node] = expand(data)
    assert node["@type"] == [f"http://schema.org/{expected_type}"]


def test_organization_has_address_geo_and_only_consented_contacts(client, world):
    html = client.get("/actors/ker-thiossane/").content.decode()
    [data] = json_ld(html)
    assert data["name"] == "Ker Thiossane </script><b>"  # escaped, parsed back intact
    assert "Ker Thiossane \\u003C/script\\u003E\\u003Cb\\u003E" in html
    assert data["address"]["addressLocality"] == "Dakar"
    assert data["address"]["addressCountry"] == "SN"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 14.69, "longitude": -17.44}
    assert data["email"] == "public@example.org"
    assert "telephone" not in data and "Awa Ndiaye" not in json.dumps(data)


def test_event_and_creative_work_details(client, world):
    [event] = json_ld(client.get("/workshops/atelier-donnees/").content.decode())
    assert event["location"]["name"] == "Maison de la culture"
    assert event["startDate"].startswith("2021-11-03")
    [work] = json_ld(client.get("/innovations/imprimante-solaire/").content.decode())
    assert work["license"].startswith("https://spdx.org/licenses/")
    assert [creator["name"] for creator in work["creator"]] == [world["actor"].name]
    [place] = json_ld(client.get("/cities/dakar/").content.decode())
    assert place["geo"]["latitude"] == 14.69


def test_pages_without_an_object_have_no_json_ld(client, world):
    assert json_ld(client.get("/actors/").content.decode()) == []


# --- favicon and manifest ------------------------------------------------------------


def test_favicon_and_manifest(client, db):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] == "image/x-icon"
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    body = manifest.json()
    assert body["name"] and body["start_url"] == "/"
    assert {icon["sizes"] for icon in body["icons"]} >= {"192x192", "512x512"}


def test_sitemap_queries_do_not_grow_with_the_objects(client, world,
                                                      django_assert_max_num_queries):
    from tests.factories import ActorFactory, PersonFactory

    for _ in range(10):
        ActorFactory(city=world["city"], kind=world["actor"].kind)
        PersonFactory()
    with django_assert_max_num_queries(20):
        assert client.get("/sitemap.xml").status_code == 200


def test_preview_image_is_the_logo_or_the_innovation_image(client, world):
    import base64

    from django.core.files.uploadedfile import SimpleUploadedFile

    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAA"
                           "AAYAAjCB0C8AAAAASUVORK5CYII=")
    actor, innovation = world["actor"], world["innovation"]
    actor.logo = SimpleUploadedFile("logo.png", png, content_type="image/png")
    actor.save()
    innovation.image = SimpleUploadedFile("plan.png", png, content_type="image/png")
    innovation.save()
    tags = meta_tags(client.get(actor.get_absolute_url()).content.decode())
    assert tags["og:image"] == f"http://testserver{actor.logo.url}"
    [data] = json_ld(client.get(actor.get_absolute_url()).content.decode())
    assert data["logo"] == tags["og:image"]
    tags = meta_tags(client.get(innovation.get_absolute_url()).content.decode())
    assert tags["og:image"] == f"http://testserver{innovation.image.url}"
