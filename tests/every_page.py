"""Every page of the site, for the checks that run over all of them (Nu HTML Checker,
axe-core, reflow at 320 px): public pages, and the pages of a signed-in official."""

PUBLIC = [
    "/", "/actors/", "/actors/my-human-kit/", "/embed/?city=yaounde",
    "/countries/", "/countries/cm/", "/cities/yaounde/",
    "/workshops/", "/summits/namur-2021/",
    "/workshops/namur-2021-villes-et-acteurs-de-linnovation/",
    "/people/", "/people/charlie-dreano/",
    "/action-plan/", "/action-plan/cadre-plateformes-mobilite-hebergement/",
    "/innovations/", "/innovations/sechoir-solaire-low-tech/",
    "/statistics/", "/statistics/countries/cm/", "/statistics/cities/yaounde/",
    "/privacy/", "/api/v1/docs/",
    "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
]
# Filled in by `official_pages` (ids of objects made for the test).
SIGNED_IN = [
    "/accounts/profile/", "/accounts/api-keys/new/", "/accounts/delete/",
    "/organisations/new/", "/my/organisations/", "/my/innovations/", "/my/innovations/new/",
    "/moderation/queue/", "/moderation/?status=pending", "/moderation/{pending}/",
    "/moderation/forge/?status=pending",
    "/innovations/sechoir-solaire-low-tech/adapt/",
    "/statistics/",  # with the moderation delays of the official's city
]


def official_pages():
    """An official of Yaoundé and their pages. They own a published organisation (proposing
    an innovation or an adaptation needs one, else 403); the pending organisation they
    moderate is someone else's (nobody moderates their own: 404); they have an API key and
    a verified e-mail (else pages under `verified_email_required` show allauth's "verify
    your e-mail" page, with 200, to a client that only force_logins)."""
    from allauth.account.models import EmailAddress

    from actors.models import Actor
    from cities.models import City
    from partners.services import issue_key
    from tests.factories import ActorFactory, UserFactory

    official = UserFactory(username="every-page-official")
    EmailAddress.objects.create(user=official, email=official.email, verified=True, primary=True)
    yaounde = City.objects.get(slug="yaounde")
    yaounde.officials.add(official)
    pending = ActorFactory(city=yaounde, status=Actor.Status.PENDING,
                           name="Organisation en attente de modération")
    pending.owners.add(UserFactory())
    ActorFactory(city=yaounde, name="Organisation de l’élue").owners.add(official)
    issue_key(owner=official, name="Tableau de bord de la ville")
    return official, [path.format(pending=pending.pk) for path in SIGNED_IN]


def both_languages(paths):
    return [*paths, *(f"/en{path}" for path in paths if not path.startswith("/accounts/"))]
