"""E-mails of the platform: bilingual (French first, English below), one message per
recipient so that nobody sees who else was told."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def safely(send, *args) -> int:
    """Send an e-mail without letting a mail failure break what was already saved; the
    failure is logged (and mailed to the admins in production)."""
    try:
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
    return sum(send_mail(subject, body, None, [address]) for address in recipients)
