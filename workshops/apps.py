from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    """AIMF summits, their workshops and participants."""

    name = "workshops"
    verbose_name = _("Summits and workshops")
