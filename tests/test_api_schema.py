"""The API as a whole: every resource answers, the OpenAPI schema is valid, docs need no CDN."""

import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

RESOURCES = ["countries", "cities", "kinds", "themes", "actors", "summits", "workshops",
             "people", "recommendations", "commitments", "innovations"]
# Looked up by id only (no slug): tested in tests/innovations/test_api.py.
ID_ONLY_RESOURCES = ["adaptations"]


def test_root_lists_every_resource(client):
    root = client.get("/api/v1/").json()
    assert sorted(root) == sorted(RESOURCES + ID_ONLY_RESOURCES)


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_resource_lists_and_details_by_slug_or_id(client, demo_data, resource):
    listing = client.get(f"/api/v1/{resource}/")
    assert listing.status_code == 200
    first = listing.json()["results"][0]
    key = first.get("slug") or first.get("code") or str(first["id"])
    assert client.get(f"/api/v1/{resource}/{first['id']}/").json() == first
    assert client.get(f"/api/v1/{resource}/{key}/").json() == first
    assert client.get(f"/api/v1/{resource}/no-such-thing/").status_code == 404


def test_openapi_schema_is_valid_and_documents_filters_and_errors(client):
    response = client.get("/api/v1/schema/")
    schema = yaml.safe_load(response.content)
    validate(schema)
    actors = schema["paths"]["/api/v1/actors/"]["get"]
    names = {parameter["name"] for parameter in actors["parameters"]}
    assert {"q", "kind", "theme", "country", "city", "verified", "bbox", "near", "radius_km",
            "updated_since", "ordering", "page", "page_size"} <= names
    assert "400" in actors["responses"]


def test_docs_are_a_page_of_the_site_in_its_language(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert '<html lang="fr">' in html and "<script>" not in html
    assert "GET <span class=\"api-path\">/api/v1/actors/</span>" in html
    assert "Paramètres de GET /api/v1/actors/" in html


def test_swagger_console_is_served_without_a_cdn(client):
    html = client.get("/api/v1/docs/swagger/").content.decode()
    assert "swagger-ui-bundle.js" in html and "/static/drf_spectacular_sidecar/" in html
    assert "cdn" not in html.lower() and "<script>" not in html
