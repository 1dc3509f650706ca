"""Who may propose, see before publication, approve and archive innovations and
adaptations: anonymous, owner, other user, official of the right city, official of another
city, staff."""

import pytest
from allauth.account.models import EmailAddress

from innovations.models import Adaptation, Decision, ForgeStatus, Innovation
from tests.factories import ActorFactory, UserFactory
from tests.innovations.factories import AdaptationFactory, InnovationFactory, north_south_world

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "owner", "other_user", "official_origin", "official_adapting",
         "official_elsewhere", "staff"]


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def world():
    cities = north_south_world()
    users = {name: verified(UserFactory(username=name)) for name in ROLES[1:]}
    users["staff"].is_staff = users["staff"].is_superuser = True
    users["staff"].save()
    cities["rennes"].officials.add(users["official_origin"])
    cities["yaounde"].officials.add(users["official_adapting"])
    cities["liege"].officials.add(users["official_elsewhere"])
    origin_actor = ActorFactory(city=cities["rennes"], name="My Human Kit")
    origin_actor.owners.add(users["owner"])
    adapting_actor = ActorFactory(city=cities["yaounde"], name="ANIAC")
    adapting_actor.owners.add(users["owner"])
    ActorFactory(city=cities["dakar"]).owners.add(users["other_user"])
    innovation = InnovationFactory(city=cities["rennes"], actors=[origin_actor],
                                   status=ForgeStatus.PENDING, slug="main")
    published = InnovationFactory(city=cities["rennes"], actors=[origin_actor], slug="sechoir")
    adaptation = AdaptationFactory(innovation=published, actor=adapting_actor,
                                   status=ForgeStatus.PENDING,
                                   description="Notice traduite en ewondo")
    return {**cities, "users": users, "innovation": innovation, "published": published,
            "adaptation": adaptation, "origin_actor": origin_actor,
            "adapting_actor": adapting_actor}


def as_role(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


#                       anon   owner  other  origin adapt. elsewh. staff
MATRIX = {
    "view_pending":    (False, True,  False, True,  False, False, True),
    "see_pending_adaptation": (False, True, False, False, True, False, True),
    "approve_innovation": (False, False, False, True, False, False, True),
    "approve_adaptation": (False, False, False, False, True, False, True),
    "edit_innovation": (False, True,  False, False, False, False, True),
}


def cells(action):
    return list(zip(ROLES, MATRIX[action], strict=True))


@pytest.mark.parametrize(("role", "allowed"), cells("view_pending"))
def test_view_pending_innovation(client, world, role, allowed):
    response = as_role(client, world, role).get("/innovations/main/")
    assert response.status_code == (200 if allowed else 404)
    assert client.get("/innovations/sechoir/").status_code == 200


@pytest.mark.parametrize(("role", "allowed"), cells("see_pending_adaptation"))
def test_see_pending_adaptation_on_the_innovation_page(client, world, role, allowed):
    page = as_role(client, world, role).get("/innovations/sechoir/").content.decode()
    assert ("Notice traduite en ewondo" in page) == allowed
    # The public map data never shows it.
    assert client.get("/innovations/sechoir/map.json").json()["adaptations"] == []


@pytest.mark.parametrize(("role", "allowed"), cells("approve_innovation"))
def test_approve_innovation(client, world, role, allowed):
    url = f"/moderation/forge/innovations/{world['innovation'].pk}/"
    response = as_role(client, world, role).post(url, {"action": "approved"})
    world["innovation"].refresh_from_db()
    assert (world["innovation"].status == ForgeStatus.PUBLISHED) == allowed
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif not allowed:
        assert response.status_code == 404
    else:
        decision = Decision.objects.get(innovation=world["innovation"], action="approved")
        assert decision.decided_by == world["users"][role]
        assert world["innovation"].history.first().history_user == world["users"][role]


@pytest.mark.parametrize(("role", "allowed"), cells("approve_adaptation"))
def test_approve_adaptation(client, world, role, allowed):
    url = f"/moderation/forge/adaptations/{world['adaptation'].pk}/"
    response = as_role(client, world, role).post(url, {"action": "approved"})
    world["adaptation"].refresh_from_db()
    assert (world["adaptation"].status == ForgeStatus.PUBLISHED) == allowed
    if allowed:
        assert response.status_code == 302
        assert client.get("/innovations/sechoir/map.json").json()["adaptations"][0][
            "city"] == "Yaoundé"


@pytest.mark.parametrize(("role", "allowed"), cells("edit_innovation"))
def test_edit_innovation(client, world, role, allowed):
    response = as_role(client, world, role).get(
        f"/my/innovations/{world['innovation'].pk}/edit/")
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if allowed else 404)


def test_moderation_queues_show_each_official_their_own(client, world):
    as_role(client, world, "official_origin")
    page = client.get("/moderation/forge/?status=pending").content.decode()
    assert world["innovation"].title in page and "ANIAC" not in page
    client.force_login(world["users"]["official_adapting"])
    page = client.get("/moderation/forge/?status=pending").content.decode()
    assert world["innovation"].title not in page and "ANIAC" in page
    client.force_login(world["users"]["other_user"])
    assert client.get("/moderation/forge/?status=pending").status_code == 403
    # NUL in a query string is refused before any view (400), for everyone.
    assert client.get("/moderation/forge/?status=%00zzz").status_code == 400


def test_rejecting_needs_a_reason(client, world):
    as_role(client, world, "official_origin")
    url = f"/moderation/forge/innovations/{world['innovation'].pk}/"
    response = client.post(url, {"action": "rejected", "message": "  "})
    assert response.status_code == 400
    assert "Dites pourquoi" in response.content.decode() or "Say why" in \
        response.content.decode()
    client.post(url, {"action": "rejected", "message": "Plans introuvables"})
    world["innovation"].refresh_from_db()
    assert world["innovation"].status == ForgeStatus.REJECTED
    # A second decision on a closed item is refused with a message, nothing changes.
    response = client.post(url, {"action": "approved"}, follow=True)
    world["innovation"].refresh_from_db()
    assert world["innovation"].status == ForgeStatus.REJECTED


def propose_data(world, **extra):
    return {"title": "Séchoir", "summary": "Un séchoir.", "description": "Plans.",
            "actors": [world["origin_actor"].pk], "city": world["rennes"].pk,
            "stage": "prototype", "licence": "CERN-OHL-W-2.0",
            "documentation_url": "https://example.org/plans", **extra}


@pytest.mark.parametrize("role", ROLES)
def test_propose_innovation(client, world, role):
    as_role(client, world, role)
    response = client.post("/my/innovations/new/", propose_data(world))
    created = Innovation.objects.filter(title="Séchoir").first()
    if role == "anonymous":
        assert response.status_code == 302 and created is None
    elif role == "owner":
        assert response.status_code == 302
        assert created.status == ForgeStatus.PENDING
        assert created.submitted_by == world["users"]["owner"]
        assert list(created.actors.all()) == [world["origin_actor"]]
        assert created.decisions.get().action == "submitted"
    elif role == "other_user":
        # Their own organisation is elsewhere: the owner's is not theirs to choose.
        assert response.status_code == 400 and created is None
        assert "actors" in response.context["form"].errors
    else:
        # Without a published organisation of their own (staff use the admin): told to
        # register one first.
        assert created is None
        assert response.status_code == 403
        assert "/organisations/new/" in response.content.decode()


def test_propose_for_someone_elses_actor_is_refused(client, world):
    as_role(client, world, "other_user")
    mine = ActorFactory(city=world["dakar"])
    mine.owners.add(world["users"]["other_user"])
    response = client.post("/my/innovations/new/", propose_data(world))
    assert response.status_code == 400
    assert "actors" in response.context["form"].errors
    assert not Innovation.objects.filter(title="Séchoir").exists()


def test_propose_form_errors_are_clear(client, world):
    as_role(client, world, "owner")
    response = client.post("/my/innovations/new/", propose_data(
        world, licence="WTFPL", documentation_url="javascript:alert(1)", title=""))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"licence", "documentation_url", "title"} <= set(errors)
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_propose_adaptation(client, world, role):
    as_role(client, world, role)
    actor = world["adapting_actor"]
    response = client.post("/innovations/sechoir/adapt/", {
        "actor": actor.pk, "city": world["dakar"].pk, "changes": ["climate", "cost"],
        "description": "Toit en tôle ondulée", "progress": "in_progress"})
    created = Adaptation.objects.filter(description="Toit en tôle ondulée").first()
    if role == "owner":
        assert response.status_code == 302
        assert created.status == ForgeStatus.PENDING and created.city == world["dakar"]
        assert created.changes == ["climate", "cost"]
        return
    assert created is None
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role == "other_user":
        # Their own organisation is in Dakar: the owner's is not theirs to choose.
        assert response.status_code == 400 and "actor" in response.context["form"].errors
    else:
        # No published organisation of their own: told to register one first.
        assert response.status_code == 403
        assert "/organisations/new/" in response.content.decode()


def test_adapting_a_pending_innovation_is_404(client, world):
    as_role(client, world, "owner")
    assert client.get("/innovations/main/adapt/").status_code == 404


def test_owner_archives_rather_than_deletes(client, world):
    as_role(client, world, "owner")
    url = f"/my/adaptations/{world['adaptation'].pk}/archive/"
    assert client.get(url).status_code == 200
    client.post(url, {"message": "Projet arrêté"})
    world["adaptation"].refresh_from_db()
    assert world["adaptation"].status == ForgeStatus.ARCHIVED
    assert Decision.objects.filter(adaptation=world["adaptation"], action="archived").exists()
    assert client.get(f"/my/adaptations/{world['adaptation'].pk}/edit/").status_code == 404
    client.force_login(world["users"]["other_user"])
    url = f"/my/innovations/{world['innovation'].pk}/archive/"
    assert client.post(url, {}).status_code == 404
    world["innovation"].refresh_from_db()
    assert world["innovation"].status == ForgeStatus.PENDING


def test_owner_sees_pending_items_and_their_steps(client, world):
    as_role(client, world, "owner")
    page = client.get("/my/innovations/").content.decode()
    assert world["innovation"].title in page and "ANIAC" in page
    assert "En attente de modération" in page or "Pending moderation" in page


def test_changes_requested_then_edit_resubmits(client, world):
    as_role(client, world, "official_adapting")
    url = f"/moderation/forge/adaptations/{world['adaptation'].pk}/"
    client.post(url, {"action": "changes", "message": "Ajoutez des photos"})
    world["adaptation"].refresh_from_db()
    assert world["adaptation"].status == ForgeStatus.CHANGES_REQUESTED
    client.force_login(world["users"]["owner"])
    response = client.post(f"/my/adaptations/{world['adaptation'].pk}/edit/", {
        "actor": world["adapting_actor"].pk, "description": "Avec photos",
        "progress": "working", "links": "https://example.org/photos"})
    assert response.status_code == 302
    world["adaptation"].refresh_from_db()
    assert world["adaptation"].status == ForgeStatus.PENDING
    assert world["adaptation"].links == ["https://example.org/photos"]
    assert list(world["adaptation"].decisions.values_list("action", flat=True))[:2] == [
        "resubmitted", "changes"]


def test_owner_edit_keeps_a_co_author_added_by_staff(client, world):
    partner = ActorFactory(city=world["rennes"], name="Partenaire")
    world["innovation"].actors.add(partner)
    as_role(client, world, "owner")
    url = f"/my/innovations/{world['innovation'].pk}/edit/"
    data = propose_data(world, title="Main v2",
                        actors=[world["origin_actor"].pk, partner.pk])
    assert client.post(url, data).status_code == 302
    world["innovation"].refresh_from_db()
    assert world["innovation"].title == "Main v2"
    assert set(world["innovation"].actors.all()) == {world["origin_actor"], partner}
    # Keeping only someone else's organisation is refused.
    response = client.post(url, propose_data(world, actors=[partner.pk]))
    assert response.status_code == 400 and "actors" in response.context["form"].errors


def test_moving_a_published_innovation_is_reviewed_then_adaptations_follow(client, world):
    from revisions.models import Revision

    liege_actor = ActorFactory(city=world["liege"])
    liege_actor.owners.add(world["users"]["owner"])
    as_role(client, world, "owner")
    published = world["published"]
    data = propose_data(world, title=published.title, city=world["liege"].pk,
                        actors=[world["origin_actor"].pk, liege_actor.pk])
    assert client.post(f"/my/innovations/{published.pk}/edit/", data).status_code == 302
    published.refresh_from_db()
    assert published.status == ForgeStatus.PUBLISHED and published.city == world["rennes"]
    assert published.decisions.first().action == "revised"
    revision = Revision.objects.get()
    client.force_login(world["users"]["official_origin"])
    client.post(f"/moderation/changes/{revision.pk}/", {"operation": "approve"})
    published.refresh_from_db()
    assert published.city == world["liege"]
    world["adaptation"].refresh_from_db()
    assert world["adaptation"].origin_city == world["liege"]


@pytest.mark.parametrize("value", ["\x00", "99999999999999999999999", "-1", "abc", "1.5", ""])
def test_forms_never_fail_on_garbage(client, world, value):
    as_role(client, world, "owner")
    for url in ["/my/innovations/new/", f"/my/innovations/{world['innovation'].pk}/edit/"]:
        response = client.post(url, {name: value for name in [
            "title", "summary", "description", "actors", "city", "themes", "stage", "licence",
            "documentation_url", "image_alt"]})
        assert response.status_code == 400, url
    response = client.post("/innovations/sechoir/adapt/", {name: value for name in [
        "actor", "city", "changes", "description", "progress", "started_on", "ended_on",
        "links"]})
    assert response.status_code == 400
    client.force_login(world["users"]["official_origin"])
    response = client.post(f"/moderation/forge/innovations/{world['innovation'].pk}/",
                           {"action": value, "message": value})
    assert response.status_code == 400
    assert client.get(f"/moderation/forge/?status={value}").status_code in (
        (400,) if value == "\x00" else (200,))
    assert client.get("/moderation/forge/innovations/99999999999999999999999/").status_code \
        == 404


def test_officials_and_submitter_are_emailed(client, world, django_capture_on_commit_callbacks,
                                             mailoutbox):
    world["users"]["official_adapting"].email = "official@yaounde.example"
    world["users"]["official_adapting"].save()
    Adaptation.objects.filter(pk=world["adaptation"].pk).update(status=ForgeStatus.REJECTED)
    as_role(client, world, "owner")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/innovations/sechoir/adapt/", {
            "actor": world["adapting_actor"].pk, "city": world["yaounde"].pk,
            "description": "Deuxième version", "progress": "idea"})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["official@yaounde.example"]]
    assert "/moderation/forge/adaptations/" in mailoutbox[0].body
    created = Adaptation.objects.get(description="Deuxième version")
    client.force_login(world["users"]["official_adapting"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/moderation/forge/adaptations/{created.pk}/",
                    {"action": "changes", "message": "Ajoutez le coût"})
    assert mailoutbox[-1].to == [world["users"]["owner"].email]
    assert "Ajoutez le coût" in mailoutbox[-1].body


def test_the_same_adaptation_twice_is_refused_clearly(client, world):
    as_role(client, world, "owner")
    response = client.post("/innovations/sechoir/adapt/", {
        "actor": world["adapting_actor"].pk, "description": "Encore", "progress": "idea"})
    assert response.status_code == 400
    assert "already has this adaptation" in str(response.context["form"].errors) or \
        "déjà cette adaptation" in str(response.context["form"].errors)


@pytest.mark.parametrize("kind", ["innovation", "adaptation"])
def test_approving_a_version_the_official_never_saw_is_refused(client, world, kind):
    item = world[kind]
    official = "official_origin" if kind == "innovation" else "official_adapting"
    as_role(client, world, official)
    url = f"/moderation/forge/{kind}s/{item.pk}/"
    page = client.get(url)
    seen = page.context["form"]["seen_version"].value()
    assert f'name="seen_version" value="{seen}"' in page.content.decode()
    # The owner edits while the official reads.
    item.description = "Tout autre chose"
    item._change_reason = "edited"
    item.save()
    response = client.post(url, {"action": "approved", "seen_version": seen}, follow=True)
    item.refresh_from_db()
    assert item.status == ForgeStatus.PENDING
    assert not Decision.objects.filter(**{kind: item}, action="approved").exists()
    assert "changed while you were reading" in response.content.decode() or \
        "modifié pendant que vous le lisiez" in response.content.decode()
    # With the latest version shown, the decision goes through.
    seen = client.get(url).context["form"]["seen_version"].value()
    client.post(url, {"action": "approved", "seen_version": seen})
    item.refresh_from_db()
    assert item.status == ForgeStatus.PUBLISHED


def test_nobody_approves_their_own_work(client, world):
    owner = world["users"]["owner"]
    world["rennes"].officials.add(owner)
    world["yaounde"].officials.add(owner)
    world["innovation"].submitted_by = world["users"]["official_origin"]
    world["innovation"].save()
    as_role(client, world, "owner")
    # Owner of the actors: not in the queue, no moderation page, no decision.
    page = client.get("/moderation/forge/?status=pending").content.decode()
    assert world["innovation"].title not in page and "ANIAC" not in page
    for kind in ["innovation", "adaptation"]:
        url = f"/moderation/forge/{kind}s/{world[kind].pk}/"
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "approved"}).status_code == 404
        world[kind].refresh_from_db()
        assert world[kind].status == ForgeStatus.PENDING
    # The submitter, even without owning the actors.
    client.force_login(world["users"]["official_origin"])
    url = f"/moderation/forge/innovations/{world['innovation'].pk}/"
    assert client.post(url, {"action": "approved"}).status_code == 404
    world["innovation"].refresh_from_db()
    assert world["innovation"].status == ForgeStatus.PENDING
    # Staff may.
    client.force_login(world["users"]["staff"])
    assert client.post(url, {"action": "approved"}).status_code == 302


def test_the_city_of_origin_is_one_of_the_actors_cities(client, world):
    as_role(client, world, "owner")
    form = client.get("/my/innovations/new/").context["form"]
    assert set(form.fields["city"].queryset) == {world["rennes"], world["yaounde"]}
    # The owner's Yaoundé organisation is not among the originating ones: refused.
    response = client.post("/en/my/innovations/new/",
                           propose_data(world, city=world["yaounde"].pk))
    assert response.status_code == 400
    assert "city of one of the originating organisations" in str(
        response.context["form"].errors)
    # A city none of their organisations is in is not even a choice.
    response = client.post("/my/innovations/new/", propose_data(world, city=world["dakar"].pk))
    assert response.status_code == 400 and "city" in response.context["form"].errors
    assert not Innovation.objects.filter(title="Séchoir").exists()


def test_the_service_refuses_a_city_of_origin_without_actor_there(world):
    from django.core.exceptions import ValidationError

    from innovations.services import update_innovation
    with pytest.raises(ValidationError) as error:
        update_innovation(innovation=world["published"], user=world["users"]["staff"],
                          data={"city": world["liege"]})
    assert "city" in error.value.message_dict


def test_edits_of_published_items_wait_for_review_and_the_officials_are_told(
        client, world, django_capture_on_commit_callbacks, mailoutbox):
    from revisions.models import Revision

    for role, address in [("official_origin", "origin@rennes.example"),
                          ("official_adapting", "official@yaounde.example")]:
        world["users"][role].email = address
        world["users"][role].save()
    Adaptation.objects.filter(pk=world["adaptation"].pk).update(status=ForgeStatus.PUBLISHED)
    published = world["published"]
    as_role(client, world, "owner")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/my/innovations/{published.pk}/edit/", propose_data(
            world, title=published.title, summary="Un séchoir solaire amélioré."))
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == ForgeStatus.PUBLISHED
    assert published.summary != "Un séchoir solaire amélioré."
    revision = Revision.objects.get()
    assert revision.changes["summary"] == "Un séchoir solaire amélioré."
    assert [m.to for m in mailoutbox] == [["origin@rennes.example"]]
    assert f"/moderation/changes/{revision.pk}/" in mailoutbox[0].body
    assert published.title in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/my/adaptations/{world['adaptation'].pk}/edit/", {
            "actor": world["adapting_actor"].pk, "description": "Avec photos",
            "progress": "working"})
    assert response.status_code == 302
    world["adaptation"].refresh_from_db()
    assert world["adaptation"].status == ForgeStatus.PUBLISHED
    assert world["adaptation"].description != "Avec photos"
    assert mailoutbox[-1].to == ["official@yaounde.example"]


def test_adapting_for_any_organisation_needs_the_adaptation_permission(world):
    from django.contrib.auth.models import Permission
    from django.core.exceptions import ValidationError

    from innovations.services import submit_adaptation
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_innovation"))
    data = {"actor": world["adapting_actor"], "city": world["dakar"],
            "description": "Par l'équipe", "progress": "idea"}
    with pytest.raises(ValidationError) as error:
        submit_adaptation(user=editor, innovation=world["published"], data=dict(data))
    assert "actor" in error.value.message_dict
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_adaptation"))
    created = submit_adaptation(user=editor, innovation=world["published"], data=dict(data))
    assert created.status == ForgeStatus.PENDING and created.actor == world["adapting_actor"]
