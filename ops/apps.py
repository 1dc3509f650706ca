from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: health endpoints, the worker and its jobs, request ids, the 503 page."""

    name = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from django.core.signals import request_finished

        from ops.logging import request_id

        request_finished.connect(
            lambda **kwargs: request_id.set("-"), dispatch_uid="ops.request_id", weak=False)
