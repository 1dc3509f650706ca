"""E-mails of the platform: bilingual (French first, English below), one message per
recipient so that nobody sees who else was told."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def safely(send, *args) -> int:
    """Queue an e-mail in the transaction of what caused it (the worker sends it: the
    EMAIL_BACKEND is django-mailer's queue, see ops.mail), without letting a failure to
    build it break what is being saved: a savepoint undoes only the e-mail; the failure is
    logged (and mailed to the admins)."""
    try:
        with transaction.atomic():
            return send(*args)
    except Exception:
        logger.exception("E-mail not sent: %s%r", send.__name__, args[:1])
        return 0


def send_bilingual(template: str, context: dict, recipients: list[str]) -> int:
    """E-mail `template`.txt (and its _subject.txt) in French, the platform's first
    language, with the English below: one message for each address (never several
    addresses in one To:). Returns how many were sent."""
    recipients = list(dict.fromkeys(address for address in recipients if address))
    if not recipients:
        return 0
    parts = []
    for language in ("fr", "en"):
        with translation.override(language):
            parts.append(render_to_string(f"{template}.txt", context).strip())
    with translation.override("fr"):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = "\n\n— English —\n\n".join(parts)
    return send_each(subject, body, recipients)


def send_each(subject: str, body: str, recipients: list[str]) -> int:
    """One message per recipient, never a shared To: line (addresses stay private);
    queued together, in the current transaction."""
    unique = list(dict.fromkeys(address for address in recipients if address))
    messages = [EmailMessage(subject, body, None, [address]) for address in unique]
    return get_connection().send_messages(messages) if messages else 0
