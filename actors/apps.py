from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    """Innovation actors, their kinds and themes."""

    name = "actors"
    verbose_name = _("Innovation actors")

    def ready(self):
        from actors.moderation import reviewed_edits
        from revisions.registry import register

        register(reviewed_edits())
