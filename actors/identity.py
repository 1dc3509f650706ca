"""Who an actor is across sources: extra source identifiers, old slugs, possible duplicates.

Models only (imported by actors.models); the finder is actors.duplicates, the merge
actors.merging.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Why two actors may be one (DuplicatePair.reason holds the codes, comma-separated).
REASONS = {
    "name+near": _("similar name within 1 km"),
    "name+city": _("similar name in the same city"),
    "website": _("same website"),
    "email": _("same e-mail domain"),
}


def reasons_text(codes: str) -> str:
    return ", ".join(gettext(str(REASONS[code])) if code in REASONS else code
                     for code in codes.split(",") if code)


class ActorSourceId(models.Model):
    """A source's identifier of an actor besides its own `source`/`external_id`: kept when
    two actors are merged, so that a re-import from either source finds the kept one."""

    actor = models.ForeignKey("actors.Actor", models.CASCADE, related_name="source_ids",
                              verbose_name=_("actor"))
    source = models.CharField(_("source"), max_length=100)
    external_id = models.CharField(_("identifier in the source"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("other source identifier")
        verbose_name_plural = _("other source identifiers")
        ordering = ["source", "external_id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"],
                                    name="actor_source_id_unique"),
        ]

    def __str__(self):
        return f"{self.source}: {self.external_id}"


class ActorSlugRedirect(models.Model):
    """An old address of an actor page (a merged actor's slug): answered with a 301."""

    slug = models.SlugField(_("old slug"), max_length=220, unique=True)
    actor = models.ForeignKey("actors.Actor", models.CASCADE, related_name="slug_redirects",
                              verbose_name=_("actor"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("actor slug redirect")
        verbose_name_plural = _("actor slug redirects")
        ordering = ["slug"]

    def __str__(self):
        return f"{self.slug} → {self.actor_id}"


class DuplicateQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=DuplicatePair.Status.OPEN)

    def involving(self, actor):
        return self.filter(Q(first=actor) | Q(second=actor))


class DuplicatePair(models.Model):
    """Two actors that may be one organisation (found by an import or a scan), and what
    staff decided: merged, or not a duplicate (kept, so it is never raised again)."""

    class Status(models.TextChoices):
        OPEN = "open", _("To review")
        MERGED = "merged", _("Merged")
        DISMISSED = "dismissed", _("Not a duplicate")

    # first.pk < second.pk: one row per pair, whichever way it was found.
    first = models.ForeignKey("actors.Actor", models.CASCADE, related_name="+",
                              verbose_name=_("first actor"))
    second = models.ForeignKey("actors.Actor", models.CASCADE, related_name="+",
                               verbose_name=_("second actor"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    distance_km = models.FloatField(_("distance (km)"), null=True, blank=True)
    found_by = models.CharField(_("found by"), max_length=200, blank=True,
                                help_text=_("The import (source and line) or the scan."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN, db_index=True)
    kept = models.ForeignKey("actors.Actor", models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("kept actor"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    created_at = models.DateTimeField(_("found on"), auto_now_add=True)

    objects = DuplicateQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical possible duplicate"))

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["status", "-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_unique"),
            models.CheckConstraint(condition=Q(first__lt=F("second")),
                                   name="duplicate_pair_ordered"),
            models.CheckConstraint(condition=Q(status__in=["open", "merged", "dismissed"]),
                                   name="duplicate_pair_status_valid"),
        ]

    def __str__(self):
        return f"{self.first} / {self.second}"

    def reasons(self) -> str:
        return reasons_text(self.reason)

    def other(self, actor):
        return self.second if actor.pk == self.first_id else self.first
