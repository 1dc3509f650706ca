from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    """Countries and cities of the AIMF network."""

    name = "cities"
    verbose_name = _("Cities and countries")

    def ready(self):
        from cities import (
            text,  # noqa: F401 - registers FOLD() on SQLite connections
            versions,
        )
        from cities.input_rules import attach_text_validators
        from cities.models import City, Country

        # Names and alternate names, populations, North/South classes: all public.
        versions.register("cities", lambda user: City.objects.all())
        versions.register("countries", lambda user: Country.objects.all())

        # Every text field of every model, those added later included, refuses text that
        # cannot be stored (cities.input_rules): one rule for forms, API, admin, imports.
        attach_text_validators(apps.get_models(include_auto_created=True))
