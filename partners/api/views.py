"""The partner's own key, its quota and its usage."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.api.serializers import CurrentKeySerializer
from partners.permissions import HasAPIKey


class CurrentKeyView(APIView):
    """The key this request was made with: scope, daily quota, today's count and the last
    30 days of usage. This request counts too."""

    permission_classes = [HasAPIKey]

    @extend_schema(responses=CurrentKeySerializer)
    def get(self, request):
        context = {"quota": getattr(request._request, "rate_limit", None)}
        return Response(CurrentKeySerializer(request.auth, context=context).data)
