"""Writes on API keys: issuing, revoking, and counting each request against the quota."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from partners.models import APIKeyScope, APIKeyUsage, PartnerAPIKey


@dataclass(frozen=True)
class QuotaState:
    """Where a key stands after a request: for the X-RateLimit-* headers."""

    allowed: bool
    limit: int
    remaining: int
    resets_at: datetime.datetime

    @property
    def seconds_to_reset(self) -> int:
        return max(1, int((self.resets_at - timezone.now()).total_seconds()) + 1)

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(int(self.resets_at.timestamp())),
        }


def issue_key(
    *, owner, name: str, scope: str = APIKeyScope.READ, daily_quota: int | None = None,
    expiry_date: datetime.datetime | None = None,
) -> tuple[PartnerAPIKey, str]:
    """A new key for `owner`; returns the key object and the secret, which is shown once."""
    fields = {"owner": owner, "name": name, "scope": scope, "expiry_date": expiry_date}
    if daily_quota is not None:
        fields["daily_quota"] = daily_quota
    key = PartnerAPIKey(**fields)
    secret = PartnerAPIKey.objects.assign_key(key)
    key.full_clean()
    key.save()
    return key, secret


def revoke_key(*, key: PartnerAPIKey) -> PartnerAPIKey:
    """Revoking cannot be undone (djangorestframework-api-key refuses it)."""
    if not key.revoked:
        key.revoked = True
        key.save(update_fields=["revoked"])
    return key


@transaction.atomic
def record_request(*, key: PartnerAPIKey, now: datetime.datetime | None = None) -> QuotaState:
    """Count one request on the key's daily counter, unless the quota is used up.

    The increment is conditional in SQL (`requests < quota`), so concurrent requests never
    serve more than the quota, whatever the number of server processes.
    """
    now = now or timezone.now()
    utc_now = now.astimezone(datetime.UTC)
    day = utc_now.date()
    resets_at = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(),
                                          tzinfo=datetime.UTC)
    usage, _created = APIKeyUsage.objects.get_or_create(key=key, day=day)
    # Counted per owner as well as per key: the owner's row is locked, and the day's
    # requests of all their keys (revoked ones included) count against this key's quota,
    # so that revoking and re-issuing a key, or issuing more keys, adds no allowance.
    get_user_model().objects.select_for_update().filter(pk=key.owner_id).first()
    owner_today = APIKeyUsage.objects.filter(key__owner_id=key.owner_id, day=day).aggregate(
        total=Sum("requests"))["total"] or 0
    if owner_today >= key.daily_quota:
        APIKeyUsage.objects.filter(pk=usage.pk).update(refused=F("refused") + 1)
        return QuotaState(False, key.daily_quota, 0, resets_at)
    served = APIKeyUsage.objects.filter(pk=usage.pk, requests__lt=key.daily_quota).update(
        requests=F("requests") + 1, last_request_at=now
    )
    if served:
        # The row is locked by the update until commit: this reads this request's count.
        return QuotaState(True, key.daily_quota, key.daily_quota - owner_today - 1, resets_at)
    APIKeyUsage.objects.filter(pk=usage.pk).update(refused=F("refused") + 1)
    return QuotaState(False, key.daily_quota, 0, resets_at)
