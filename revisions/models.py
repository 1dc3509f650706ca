"""A proposed change to a published item (an organisation, an innovation, an
adaptation), kept until a moderator approves or rejects it, then kept forever."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RevisionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=RevisionStatus.PENDING)

    def of_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def for_item(self, item):
        return self.of_model(type(item)).filter(object_id=item.pk)

    def for_items(self, model, ids):
        return self.of_model(model).filter(object_id__in=ids)


class Revision(models.Model):
    """The values an owner proposes for some fields of a published item."""

    Status = RevisionStatus

    content_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+",
                                     verbose_name=_("kind of item"))
    object_id = models.PositiveBigIntegerField(_("item"))
    item = GenericForeignKey("content_type", "object_id")
    changes = models.JSONField(
        _("proposed values"), default=dict,
        help_text=_("Only the fields that differ from the published version."))
    previous = models.JSONField(
        _("values replaced"), default=dict, blank=True,
        help_text=_("The published values the approval replaced, for the record."))
    status = models.CharField(_("status"), max_length=10, choices=RevisionStatus.choices,
                              default=RevisionStatus.PENDING, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                               blank=True, related_name="revisions",
                               verbose_name=_("proposed by"))
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("decided by"))
    created_at = models.DateTimeField(_("proposed on"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("last changed on"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"],
                                name="revision_item_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], condition=Q(status="pending"),
                name="revision_one_pending_per_item",
                violation_error_message=_("This item already has changes awaiting review.")),
            models.CheckConstraint(condition=Q(status__in=RevisionStatus.values),
                                   name="revision_status_valid"),
        ]

    def __str__(self):
        return f"{self.content_type.name} #{self.object_id}: {self.get_status_display()}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("revisions:review", kwargs={"pk": self.pk})


class Submission(models.Model):
    """One write that an official will have to read (a new item, a resubmission, a
    revision), counted per user whatever the door (web form, any API key)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE,
                             related_name="+", verbose_name=_("user"))
    kind = models.CharField(_("kind"), max_length=40)
    created_at = models.DateTimeField(_("on"), default=timezone.now)

    class Meta:
        verbose_name = _("counted submission")
        verbose_name_plural = _("counted submissions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "created_at"],
                                name="submission_user_time_idx")]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class NoticeFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately, one e-mail per item")
    HOURLY = "hourly", _("An hourly digest")
    DAILY = "daily", _("A daily digest")


class ModerationNotice(models.Model):
    """How a moderator hears of items waiting in their cities, and when their last
    digest went out (so that a digest is sent once)."""

    Frequency = NoticeFrequency

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE,
                                related_name="moderation_notice", verbose_name=_("user"))
    frequency = models.CharField(_("how to hear of items waiting for moderation"),
                                 max_length=12, choices=NoticeFrequency.choices,
                                 default=NoticeFrequency.HOURLY)
    last_digest_at = models.DateTimeField(_("last digest sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("moderation notice preference")
        verbose_name_plural = _("moderation notice preferences")

    def __str__(self):
        return f"{self.user_id}: {self.frequency}"


class ReminderLevel(models.TextChoices):
    REMINDER = "reminder", _("Reminder to the city's officials")
    ESCALATION = "escalation", _("Escalation to AIMF staff")


class ModerationReminder(models.Model):
    """One reminder sent about one waiting item at one level (each is sent once)."""

    Level = ReminderLevel

    content_type = models.ForeignKey(ContentType, models.CASCADE, related_name="+",
                                     verbose_name=_("kind of item"))
    object_id = models.PositiveBigIntegerField(_("item"))
    level = models.CharField(_("level"), max_length=10, choices=ReminderLevel.choices)
    sent_at = models.DateTimeField(_("sent on"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation reminder")
        verbose_name_plural = _("moderation reminders")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id", "level"],
                                               name="moderation_reminder_once")]

    def __str__(self):
        return f"{self.content_type_id} #{self.object_id}: {self.level}"
