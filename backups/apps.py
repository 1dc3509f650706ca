from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """Backups of the database and the media files, and their restore (management commands)."""

    name = "backups"
    verbose_name = _("Backups")
