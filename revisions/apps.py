from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevisionsConfig(AppConfig):
    """Reviewed edits: an owner's change to a published item waits for a moderator."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "revisions"
    verbose_name = _("Reviewed edits")
