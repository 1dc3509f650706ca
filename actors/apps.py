from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    """Innovation actors, their kinds and themes."""

    name = "actors"
    verbose_name = _("Innovation actors")

    def ready(self):
        from actors.models import ActorKind, Theme
        from actors.moderation import reviewed_edits
        from cities import versions
        from revisions.registry import register

        versions.register("actors", public_or_all_actors)
        versions.register("actor kinds", lambda user: ActorKind.objects.all())
        versions.register("themes", lambda user: Theme.objects.all())
        register(reviewed_edits())


def public_or_all_actors(user):
    """The public sees published actors; a signed-in user (a partner's key) may also see
    some others: any change to any actor counts for them."""
    from actors.models import Actor

    if user is not None and user.is_authenticated:
        return Actor.objects.all()
    return Actor.objects.published()
