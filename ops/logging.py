"""The request id of the current request, for every log line, and error e-mails that can
never break the request that failed."""

import contextvars
import logging

from django.utils.log import AdminEmailHandler as DjangoAdminEmailHandler

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request)."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True


class AdminEmailHandler(DjangoAdminEmailHandler):
    """Django's error e-mail to ADMINS, queued like every e-mail; when even queueing fails
    (the database is down) the error is already in the logs, and the request goes on."""

    def send_mail(self, subject, message, *args, **kwargs):
        try:
            super().send_mail(subject, message, *args, **kwargs)
        except Exception:  # noqa: BLE001 - a report must never raise
            logging.getLogger("ops").warning("Error e-mail to ADMINS not queued: %s", subject)
