"""The partner's own key, its quota and its usage."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.api.serializers import CurrentKeySerializer
from partners.permissions import HasAPIKey


class CurrentKeyView(APIView):
    """The key this request was made with: scope, daily quota, today's count and the last
    30 days of usage. This request is not counted."""

    permission_classes = [HasAPIKey]
    # Reading one's own usage is not counted, so that it stays readable once the quota is
    # used up.
    throttle_classes = []

    @extend_schema(responses=CurrentKeySerializer)
    def get(self, request):
        return Response(CurrentKeySerializer(request.auth).data)
