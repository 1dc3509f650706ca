"""The e-mail queue (django-mailer) with retries and backoff (messages are built by
cities.mail: bilingual, one per recipient)."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from mailer import engine
from mailer.models import (
    PRIORITY_DEFERRED,
    PRIORITY_MEDIUM,
    RESULT_FAILURE,
    Message,
    MessageLog,
)

from ops.models import MailRetry

logger = logging.getLogger(__name__)


def backoff(attempts: int) -> datetime.timedelta:
    """Seconds before the next try after `attempts` failures: base, 2×base, 4×base ..."""
    seconds = settings.MAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.MAIL_RETRY_MAX_SECONDS))


def defer_with_backoff(connection, message, exc):
    """django-mailer's MAILER_ERROR_HANDLER: any SMTP or network failure defers the
    message and schedules its next try; the run goes on with a fresh connection."""
    if not isinstance(exc, smtplib.SMTPException | OSError):
        raise exc
    message.retry_count += 1
    message.priority = PRIORITY_DEFERRED
    message.save(update_fields=["retry_count", "priority"])
    MailRetry.objects.update_or_create(message=message, defaults={
        "attempts": message.retry_count,
        "next_attempt_at": timezone.now() + backoff(message.retry_count),
        "last_error": str(exc)[:1000],
    })
    MessageLog.objects.log(message, RESULT_FAILURE, log_message=str(exc))
    logger.warning("E-mail %s deferred (attempt %d): %s", message.pk, message.retry_count, exc)
    return None, "deferred"


def requeue_due(*, include_all: bool = False) -> int:
    """Deferred messages whose next try is due (all of them with include_all, e.g. after
    an operator fixed the SMTP settings) go back to the queue."""
    deferred = Message.objects.filter(priority=PRIORITY_DEFERRED)
    if not include_all:
        deferred = deferred.filter(
            retry_count__lt=settings.MAIL_MAX_ATTEMPTS,
        ).exclude(retry__next_attempt_at__gt=timezone.now())
    with transaction.atomic():
        return Message.objects.filter(pk__in=list(deferred.values_list("pk", flat=True))).update(
            priority=PRIORITY_MEDIUM)


def send_queued(*, include_all: bool = False) -> dict:
    """Everything due now, each message in its own transaction with a row lock, so two
    workers never send one message twice."""
    requeued = requeue_due(include_all=include_all)
    queued = Message.objects.exclude(priority=PRIORITY_DEFERRED)
    deferred = Message.objects.filter(priority=PRIORITY_DEFERRED)
    queued_before, deferred_before = queued.count(), deferred.count()
    engine.send_all()
    newly_deferred = deferred.count() - deferred_before
    return {
        "requeued": requeued,
        "sent": queued_before - queued.count() - newly_deferred,
        "deferred": newly_deferred,
    }
