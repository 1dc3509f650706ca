from django.apps import AppConfig
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
        from cities.models import City, Country

        # Names and alternate names, populations, North/South classes: all public.
        versions.register("cities", lambda user: City.objects.all())
        versions.register("countries", lambda user: Country.objects.all())
