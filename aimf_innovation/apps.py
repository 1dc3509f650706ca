"""The admin site configuration."""

from importlib import import_module

from django.apps import apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.module_loading import module_has_submodule

# django-leaflet's own admin module imports GeoDjango, which needs the GDAL system
# library; the project keeps plain latitude/longitude fields and does not use it.
SKIPPED_ADMIN_MODULES = {"leaflet"}


class AdminConfig(SimpleAdminConfig):
    """Django's admin, discovering every app's admin module except django-leaflet's."""

    def ready(self):
        super().ready()
        for app_config in apps.get_app_configs():
            if app_config.name in SKIPPED_ADMIN_MODULES:
                continue
            if module_has_submodule(app_config.module, "admin"):
                import_module(f"{app_config.name}.admin")
