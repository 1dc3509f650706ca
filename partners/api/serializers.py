"""What a partner sees of their own key: scope, quota and usage (never the secret)."""

from rest_framework import serializers

from partners.models import APIKeyUsage, PartnerAPIKey


class APIKeyUsageSerializer(serializers.ModelSerializer):
    class Meta:
        model = APIKeyUsage
        fields = ["day", "requests", "refused"]


class CurrentKeySerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.get_username", read_only=True)
    requests_today = serializers.SerializerMethodField()
    remaining_today = serializers.SerializerMethodField()
    last_used_at = serializers.DateTimeField(read_only=True, allow_null=True)
    usage = serializers.SerializerMethodField(
        help_text="Requests served and refused per day (UTC), the last 30 days, newest first."
    )

    class Meta:
        model = PartnerAPIKey
        fields = [
            "prefix", "name", "owner", "scope", "daily_quota", "requests_today",
            "remaining_today", "created", "expiry_date", "last_used_at", "usage",
        ]
        read_only_fields = fields

    def to_representation(self, key):
        self._today = key.requests_today()  # read once for both fields
        return super().to_representation(key)

    def get_requests_today(self, key) -> int:
        return self._today

    def get_remaining_today(self, key) -> int:
        return max(0, key.daily_quota - self._today)

    def get_usage(self, key) -> list[dict]:
        return APIKeyUsageSerializer(key.usage.all()[:30], many=True).data
