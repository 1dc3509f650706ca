"""Partners' API keys (hashed by djangorestframework-api-key) and their daily usage."""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Max, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey, BaseAPIKeyManager


class APIKeyScope(models.TextChoices):
    """What a key may do; writing implies reading."""

    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


def default_daily_quota() -> int:
    return settings.API_KEY_DAILY_QUOTA


def utc_today() -> datetime.date:
    return timezone.now().astimezone(datetime.UTC).date()


class PartnerAPIKeyQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked=False).filter(
            Q(expiry_date__isnull=True) | Q(expiry_date__gt=timezone.now())
        )

    def owned_by(self, user):
        return self.filter(owner=user)

    def with_requests_today(self):
        """Each key's count of today (UTC) as `requests_today_count`, in the same query."""
        return self.annotate(requests_today_count=Coalesce(
            Sum("usage__requests", filter=Q(usage__day=utc_today())), 0))


PartnerAPIKeyManager = BaseAPIKeyManager.from_queryset(PartnerAPIKeyQuerySet)


class PartnerAPIKey(AbstractAPIKey):
    """A partner's key to the API: only its hash is stored; the key is shown once."""

    Scope = APIKeyScope

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_keys",
        verbose_name=_("owner"),
    )
    scope = models.CharField(
        _("scope"), max_length=8, choices=APIKeyScope.choices, default=APIKeyScope.READ
    )
    daily_quota = models.PositiveIntegerField(
        _("daily quota"), default=default_daily_quota, validators=[MinValueValidator(1)],
        help_text=_("Requests allowed per day (UTC); the count restarts at midnight UTC."),
    )

    objects = PartnerAPIKeyManager()

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=APIKeyScope.values), name="apikey_scope_valid"
            ),
            models.CheckConstraint(condition=Q(daily_quota__gte=1), name="apikey_quota_positive"),
        ]

    @property
    def can_write(self) -> bool:
        return self.scope == APIKeyScope.WRITE

    def requests_today(self) -> int:
        return self.usage.filter(day=utc_today()).aggregate(n=Sum("requests"))["n"] or 0

    @property
    def last_used_at(self):
        return self.usage.aggregate(last=Max("last_request_at"))["last"]


class APIKeyUsage(models.Model):
    """How many requests a key made on one day (UTC), and how many were refused."""

    key = models.ForeignKey(
        PartnerAPIKey, models.CASCADE, related_name="usage", verbose_name=_("API key")
    )
    day = models.DateField(_("day (UTC)"))
    requests = models.PositiveIntegerField(_("requests served"), default=0)
    refused = models.PositiveIntegerField(_("requests refused (quota)"), default=0)
    last_request_at = models.DateTimeField(_("last request"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key usage")
        verbose_name_plural = _("API key usage")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["key", "day"], name="apikey_usage_one_row_a_day"),
        ]

    def __str__(self):
        return f"{self.key} {self.day}: {self.requests}"
