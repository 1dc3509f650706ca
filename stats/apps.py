from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """Statistics of the network (pages and per-chart CSV) and the full data export."""

    name = "stats"
    verbose_name = _("Statistics")
