"""A request id for every request: in the logs (ops.logging) and in X-Request-ID."""

import re
import uuid

from django.conf import settings

from ops.logging import request_id

VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


class RequestIdMiddleware:
    """Takes X-Request-ID from a trusted proxy when it is a plausible id, otherwise makes
    one; sets it for the logs and echoes it in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        if settings.TRUST_REQUEST_ID_HEADER and VALID_REQUEST_ID.match(incoming):
            value = incoming
        else:
            value = uuid.uuid4().hex
        request.request_id = value
        # Kept until the response is closed (ops.apps): Django logs 4xx/5xx answers after
        # the middleware has returned.
        request_id.set(value)
        response = self.get_response(request)
        response["X-Request-ID"] = value
        return response
