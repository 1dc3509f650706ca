"""What the platform keeps about the directories it imports from."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ImportSource(models.Model):
    """A source named by imports (`--source`), with its licence and attribution when the
    data comes under one (OpenStreetMap's ODbL, set by the osm format or a mapping)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    licence = models.CharField(
        _("licence"), max_length=300, blank=True,
        help_text=_("The licence and attribution the source's data comes with."))
    last_imported_at = models.DateTimeField(_("last imported"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("import source")
        verbose_name_plural = _("import sources")

    def __str__(self):
        return self.name
