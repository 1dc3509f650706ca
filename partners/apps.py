from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partners"
    verbose_name = _("Partners and API keys")

    def ready(self):
        from partners import schema  # noqa: F401 - registers the OpenAPI extension
