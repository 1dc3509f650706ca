from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "innovations"
    verbose_name = _("Forge of North–South adaptations")

    def ready(self):
        from cities import versions
        from innovations.models import Adaptation, Innovation

        versions.register("innovations", lambda user: Innovation.objects.published())
        versions.register("adaptations", lambda user: Adaptation.objects.published())
        from innovations.moderation import reviewed_edits
        from revisions.registry import register

        for spec in reviewed_edits():
            register(spec)
