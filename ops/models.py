"""What the worker keeps in the database: its heartbeat and jobs' last runs, and when a
deferred e-mail may be tried again."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.Model):
    """The last run of a periodic job (or the worker's heartbeat, name "worker")."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("job state")
        verbose_name_plural = _("job states")

    def __str__(self):
        return self.name


class MailRetry(models.Model):
    """When a queued message that failed to send may be tried again (exponential backoff)."""

    message = models.OneToOneField(
        "mailer.Message", on_delete=models.CASCADE, related_name="retry",
        verbose_name=_("message"))
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), db_index=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["next_attempt_at"]
        verbose_name = _("e-mail retry")
        verbose_name_plural = _("e-mail retries")

    def __str__(self):
        return f"{self.message_id}: {self.attempts} @ {self.next_attempt_at:%Y-%m-%d %H:%M}"
