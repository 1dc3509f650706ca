# ruff: noqa: F811 - the fixtures imported from import_helpers are test arguments
"""Merging possible duplicates: sources kept, slug redirected, history, hidden from the
public; the admin's list of possible duplicates; ?source= in the API."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actors.merging import dismiss_pair, merge_actors
from actors.models import Actor, ActorSourceId, DuplicatePair, ModerationDecision
from tests.actors.test_duplicates import FABLABS_IO, OSM, write
from tests.factories import ActorFactory, ThemeFactory
from tests.imports.import_helpers import english, places, run  # noqa: F401

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/actors/duplicatepair/"


@pytest.fixture
def imported(tmp_path, places, english):
    """Both directories imported and published: three pairs flagged."""
    fablabs, osm = write(tmp_path / "fablabs.csv", FABLABS_IO), write(tmp_path / "osm.csv", OSM)
    run(fablabs, "--source", "fablabs.io", "--publish")
    run(osm, "--source", "osm", "--publish", "--on-duplicate", "create")
    Actor.objects.update(status=Actor.Status.PUBLISHED)
    kernel = Actor.objects.get(source="fablabs.io", external_id="kernel")
    twin = Actor.objects.get(source="osm", external_id="node/1")
    return {"fablabs": fablabs, "osm": osm, "kernel": kernel, "twin": twin}


def test_merge_keeps_both_identifiers_and_re_imports_update_the_kept_actor(
        imported, staff_user):
    kernel, twin = imported["kernel"], imported["twin"]
    Actor.objects.filter(pk=twin.pk).update(phone="+221 33 800 00 00", description="Atelier")
    twin.refresh_from_db()
    filled = merge_actors(kept=kernel, merged=twin, user=staff_user)
    kernel.refresh_from_db()
    twin.refresh_from_db()
    assert "phone" in filled and kernel.phone == "+221 33 800 00 00"
    assert kernel.description == "Atelier" and kernel.website  # its own website kept
    assert twin.status == Actor.Status.ARCHIVED and twin.external_id == ""
    assert twin.source == "osm"  # where it came from stays on record
    assert list(kernel.source_ids.values_list("source", "external_id")) == [("osm", "node/1")]
    assert ModerationDecision.objects.get(actor=twin).action == "archived"
    # History records the merge on both, with who did it.
    assert kernel.history.first().history_change_reason == f"merged with {twin.name} (#{twin.pk})"
    assert twin.history.first().history_change_reason == f"merged into {kernel.name} " \
                                                         f"(#{kernel.pk})"
    assert twin.history.first().history_user == staff_user
    pair = DuplicatePair.objects.get(first=kernel, second=twin)
    assert (pair.status, pair.kept, pair.decided_by) == ("merged", kernel, staff_user)

    # Either source's re-import recognises the kept actor: nothing created, nothing undone.
    osm = run(imported["osm"], "--source", "osm", "--publish")
    assert "0 created" in osm and "possible duplicate" not in osm
    kernel.refresh_from_db()  # the kept actor's own source decides its name and place
    assert (kernel.name, kernel.latitude, kernel.longitude) == (
        "FabLab Lannion KerNEL", 14.694, -17.444)
    assert kernel.phone == "+221 33 800 00 00"
    fablabs = run(imported["fablabs"], "--source", "fablabs.io", "--publish")
    assert "0 created" in fablabs and "possible duplicate" not in fablabs
    kernel.refresh_from_db()
    assert kernel.name == "FabLab Lannion KerNEL" and kernel.phone == "+221 33 800 00 00"
    assert Actor.objects.filter(source="osm", external_id="node/1").count() == 0


def test_merged_actor_redirects_and_is_hidden_from_the_public(imported, staff_user, client):
    kernel, twin = imported["kernel"], imported["twin"]
    merge_actors(kept=kernel, merged=twin, user=staff_user)
    page = client.get(f"/actors/{twin.slug}/")
    assert page.status_code == 301 and page["Location"] == kernel.get_absolute_url()
    assert client.get(f"/actors/{kernel.slug}/").status_code == 200
    names = [row["name"] for row in client.get("/api/v1/actors/").json()["results"]]
    assert twin.name not in names and kernel.name in names
    assert twin.name not in client.get("/actors/").content.decode()
    assert twin.pk not in Actor.objects.published().values_list("pk", flat=True)
    assert client.get(f"/map/actors/{twin.pk}/").status_code == 404
    # Staff who may see archived actors are redirected too.
    client.force_login(staff_user)
    assert client.get(f"/actors/{twin.slug}/").status_code == 301
    assert client.get("/actors/no-such-actor/").status_code == 404


def test_merge_fills_themes_and_contacts_with_their_consent(places, staff_user):
    theme = ThemeFactory()
    kept = ActorFactory(city=places["dakar"], email="")
    merged = ActorFactory(city=places["dakar"], email="lab@example.net",
                          email_is_public=True, themes=[theme], source="osm",
                          external_id="n1")
    assert sorted(merge_actors(kept=kept, merged=merged, user=staff_user)) == [
        "email", "themes"]
    kept.refresh_from_db()
    assert (kept.email, kept.email_is_public) == ("lab@example.net", True)
    assert list(kept.themes.all()) == [theme]


def test_merge_refuses_itself_and_an_actor_already_merged(places, staff_user):
    one, two, three = (ActorFactory(city=places["dakar"]) for _ in range(3))
    with pytest.raises(ValidationError):
        merge_actors(kept=one, merged=one, user=staff_user)
    merge_actors(kept=one, merged=two, user=staff_user)
    with pytest.raises(ValidationError):
        merge_actors(kept=three, merged=two, user=staff_user)
    with pytest.raises(ValidationError):
        merge_actors(kept=two, merged=three, user=staff_user)


def test_a_chain_of_merges_redirects_every_old_slug_to_the_last_kept_actor(
        places, staff_user, client):
    one, two, three = (ActorFactory(city=places["dakar"]) for _ in range(3))
    merge_actors(kept=two, merged=one, user=staff_user)
    merge_actors(kept=three, merged=two, user=staff_user)
    for old in (one, two):
        assert client.get(f"/actors/{old.slug}/")["Location"] == three.get_absolute_url()


def test_dismissal_is_kept_and_a_decided_pair_is_not_dismissed_again(imported, staff_user):
    pair = DuplicatePair.objects.first() or DuplicatePair.objects.create(
        first=imported["kernel"], second=imported["twin"])
    dismiss_pair(pair=pair, user=staff_user)
    pair.refresh_from_db()
    assert (pair.status, pair.decided_by) == ("dismissed", staff_user)
    assert pair.history.first().history_change_reason == "not a duplicate"
    with pytest.raises(ValidationError):
        dismiss_pair(pair=pair, user=staff_user)


# --- the admin ------------------------------------------------------------------------

@pytest.fixture
def pairs(places):
    dakar = places["dakar"]
    found = []
    for number in range(6):
        first = ActorFactory(name=f"Lab {number}", city=dakar, source="fablabs.io")
        second = ActorFactory(name=f"Lab {number}", city=dakar, source="osm")
        found.append(DuplicatePair.objects.create(
            first=first, second=second, reason="name+city,website", distance_km=0.2,
            found_by="import osm, line 2"))
    return found


def test_admin_lists_pairs_with_names_cities_sources_and_distance(
        staff_client, pairs, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        page = staff_client.get(CHANGELIST)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Lab 5" in html and "Dakar" in html and "fablabs.io" in html and "osm" in html
    assert "nom semblable dans la même ville, même site web" in html and "0.2" in html
    assert reverse("admin:actors_duplicatepair_scan") in html


def test_admin_merge_and_dismiss_actions(staff_client, pairs):
    first, second = pairs[0], pairs[1]
    staff_client.post(CHANGELIST, {"action": "merge_into_second",
                                   "_selected_action": [first.pk]})
    first.refresh_from_db()
    assert (first.status, first.kept_id) == ("merged", first.second_id)
    assert Actor.objects.get(pk=first.first_id).status == Actor.Status.ARCHIVED
    staff_client.post(CHANGELIST, {"action": "dismiss", "_selected_action": [second.pk]})
    second.refresh_from_db()
    assert second.status == "dismissed"
    # Merging a decided pair again does nothing.
    staff_client.post(CHANGELIST, {"action": "merge_into_first",
                                   "_selected_action": [first.pk, second.pk]})
    assert Actor.objects.filter(status=Actor.Status.ARCHIVED).count() == 1


def test_admin_scan_finds_pairs_and_needs_post(staff_client, places):
    ActorFactory(name="Ker Thiossane", city=places["dakar"], source="fablabs.io")
    ActorFactory(name="Kër Thiossane", city=places["dakar"], source="osm")
    assert staff_client.get(reverse("admin:actors_duplicatepair_scan")).status_code == 403
    response = staff_client.post(reverse("admin:actors_duplicatepair_scan"), follow=True)
    assert "1 doublon possible trouvé." in response.content.decode()
    assert DuplicatePair.objects.count() == 1


def test_admin_shows_an_actors_other_source_identifiers(staff_client, places):
    actor = ActorFactory(city=places["dakar"])
    ActorSourceId.objects.create(actor=actor, source="osm", external_id="node/77")
    html = staff_client.get(reverse("admin:actors_actor_change", args=[actor.pk])).content
    assert b"node/77" in html


# --- ?source= in the API ----------------------------------------------------------------

def names(client, query):
    response = client.get(f"/api/v1/actors/?{query}")
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


def test_api_filters_by_source_one_or_several(imported, client):
    assert names(client, "source=fablabs.io") == [
        "FabLab Lannion KerNEL", "Ker Thiossane", "Mboa Lab"]
    both = names(client, "source=fablabs.io&source=osm")
    assert len(both) == 7 and both == names(client, "source=osm,fablabs.io")
    assert names(client, "source=") == both  # an empty field is no filter


def test_api_source_includes_actors_merged_with_one_of_its_records(imported, client,
                                                                   staff_user):
    merge_actors(kept=imported["kernel"], merged=imported["twin"], user=staff_user)
    assert "FabLab Lannion KerNEL" in names(client, "source=osm")


def test_api_unknown_source_is_a_400_naming_the_parameter(imported, client):
    response = client.get("/api/v1/actors/?source=nowhere")
    assert response.status_code == 400
    assert "source" in response.json()["errors"]
    many = "&".join(f"source=s{n}" for n in range(25))
    assert client.get(f"/api/v1/actors/?{many}").status_code == 400


def test_api_schema_documents_source(client):
    import yaml

    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    parameters = schema["paths"]["/api/v1/actors/"]["get"]["parameters"]
    assert any(parameter["name"] == "source" for parameter in parameters)


def test_the_merged_actors_other_pairs_move_to_the_kept_one(places, staff_user):
    one, two, three, four = (ActorFactory(city=places["dakar"]) for _ in range(4))
    DuplicatePair.objects.create(first=one, second=two)
    moved = DuplicatePair.objects.create(first=two, second=three)
    twice = DuplicatePair.objects.create(first=two, second=four)
    DuplicatePair.objects.create(first=one, second=four)
    merge_actors(kept=one, merged=two, user=staff_user)
    moved.refresh_from_db()
    twice.refresh_from_db()
    assert (moved.first, moved.second, moved.status) == (one, three, "open")
    assert (twice.status, twice.kept) == ("merged", one)  # one/four is already listed
    # Only the merged actor counts as merged: three and four can still be merged.
    merge_actors(kept=three, merged=four, user=staff_user)
    assert Actor.objects.get(pk=four.pk).status == Actor.Status.ARCHIVED
