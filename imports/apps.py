from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Importing actors from other directories (CSV, GeoJSON, fablabs.io, GoGoCarto):
    readers, mapping, places, writer, report, the command and the admin's import page.
    Depends on cities and actors, never the other way round."""

    name = "imports"
    verbose_name = _("Imports")
