from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    """AIMF summits, their workshops and participants."""

    name = "workshops"
    verbose_name = _("Summits and workshops")

    def ready(self):
        from cities import versions
        from workshops.models import Summit

        versions.register("summits", lambda user: Summit.objects.all())
