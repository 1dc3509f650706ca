from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    """Innovation actors, their kinds and themes."""

    name = "actors"
    verbose_name = _("Innovation actors")
