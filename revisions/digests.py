"""How moderators hear of what waits in their cities: at once (one e-mail per item), or
an hourly or daily digest; and reminders about items left waiting (officials after
MODERATION_REMINDER_DAYS, AIMF staff too after MODERATION_ESCALATION_DAYS, staff at once
for a city without officials). Each digest and each reminder level is sent once."""

import dataclasses
import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from cities.mail import absolute, safely, send_bilingual
from revisions.models import ModerationNotice, ModerationReminder, NoticeFrequency, Revision

PERIODS = {
    NoticeFrequency.HOURLY: datetime.timedelta(hours=1),
    NoticeFrequency.DAILY: datetime.timedelta(days=1),
}


def frequency_of(user) -> str:
    notice = ModerationNotice.objects.filter(user=user).first()
    return notice.frequency if notice else settings.MODERATION_NOTICE_DEFAULT


def immediate_recipients(users) -> list:
    """The users among `users` who asked to hear of each item at once."""
    users = list(users)
    chosen = dict(ModerationNotice.objects.filter(user__in=users)
                  .values_list("user_id", "frequency"))
    return [user for user in users
            if chosen.get(user.pk, settings.MODERATION_NOTICE_DEFAULT)
            == NoticeFrequency.IMMEDIATELY]


def set_frequency(*, user, frequency: str) -> ModerationNotice:
    notice, _ = ModerationNotice.objects.get_or_create(user=user)
    notice.frequency = frequency
    notice.full_clean()
    notice.save(update_fields=["frequency"])
    return notice


@dataclasses.dataclass(frozen=True)
class Waiting:
    """An item waiting for a moderator."""

    item: object
    label: str
    since: datetime.datetime
    url: str
    city: object
    moderators: tuple

    @property
    def key(self):
        return ContentType.objects.get_for_model(type(self.item)), self.item.pk


def _staff() -> list:
    return list(get_user_model().objects.filter(is_active=True, is_staff=True))


def waiting_items() -> list[Waiting]:
    """New organisations, pending revisions and forge submissions, with whom they wait for
    (their city's officials; none when the city has no official)."""
    from actors.models import Actor
    from innovations.models import Adaptation, ForgeStatus, Innovation
    from innovations.moderation import moderation_url
    from revisions.services import moderators_of, review_url

    found = []
    # An organisation waits from its latest submission (a resubmission after changes
    # starts a new wait), not from its creation.
    submitted = Max("decisions__created_at", filter=Q(
        decisions__action__in=("submitted", "resubmitted")))
    for actor in (Actor.objects.awaiting_moderation().select_related("city")
                  .annotate(submitted_at=submitted)):
        found.append(Waiting(
            item=actor, label=str(actor), since=max(filter(None, (
                actor.created_at, actor.submitted_at))), city=actor.city,
            url=absolute(reverse("actors:moderate", kwargs={"pk": actor.pk})),
            moderators=tuple(actor.city.officials.filter(is_active=True))))
    for model in (Innovation, Adaptation):
        for item in model.objects.filter(status=ForgeStatus.PENDING).select_related("city"):
            found.append(Waiting(item=item, label=str(item), since=item.updated_at,
                                 city=item.city, url=moderation_url(item),
                                 moderators=tuple(item.moderators())))
    for revision in Revision.objects.pending():
        item = revision.item
        if item is None:
            continue
        city_officials = set(item.city.officials.values_list("pk", flat=True))
        officials = [user for user in moderators_of(revision, item)
                     if user.pk in city_officials]
        found.append(Waiting(item=revision, label=str(item), since=revision.created_at,
                             city=item.city, url=review_url(revision),
                             moderators=tuple(officials)))
    return found


def send_digests(*, now: datetime.datetime | None = None) -> int:
    """One digest per moderator whose period has elapsed and to whom something arrived
    since their last digest; returns how many were sent."""
    now = now or timezone.now()
    by_user: dict = {}
    for waiting in waiting_items():
        for user in waiting.moderators or _staff():
            by_user.setdefault(user.pk, (user, []))[1].append(waiting)
    sent = 0
    for user, items in by_user.values():
        if not user.email:
            continue
        notice, _ = ModerationNotice.objects.get_or_create(
            user=user, defaults={"frequency": settings.MODERATION_NOTICE_DEFAULT})
        period = PERIODS.get(notice.frequency)
        if period is None:
            continue
        last = notice.last_digest_at
        if last is not None and now - last < period:
            continue
        if last is not None and not any(waiting.since > last for waiting in items):
            continue
        items.sort(key=lambda waiting: waiting.since)
        with transaction.atomic():
            count = safely(send_bilingual, "revisions/email/digest", {
                "items": items, "user": user,
                "url": absolute(reverse("accounts:profile"))}, [user.email])
            if count:
                notice.last_digest_at = now
                notice.save(update_fields=["last_digest_at"])
                sent += count
    return sent


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind about items waiting too long; each item once per level. Returns how many
    e-mails were queued."""
    now = now or timezone.now()
    remind_after = datetime.timedelta(days=settings.MODERATION_REMINDER_DAYS)
    escalate_after = datetime.timedelta(days=settings.MODERATION_ESCALATION_DAYS)
    sent = 0
    for waiting in waiting_items():
        age = now - waiting.since
        levels = []
        if not waiting.moderators:
            levels.append((ModerationReminder.Level.ESCALATION, _staff()))
        else:
            if age > remind_after:
                levels.append((ModerationReminder.Level.REMINDER, list(waiting.moderators)))
            if age > escalate_after:
                levels.append((ModerationReminder.Level.ESCALATION,
                               list(waiting.moderators) + _staff()))
        content_type, pk = waiting.key
        if levels:
            # Reminders sent during an earlier wait (before a resubmission) are spent.
            ModerationReminder.objects.filter(content_type=content_type, object_id=pk,
                                              sent_at__lt=waiting.since).delete()
        for level, users in levels:
            try:
                with transaction.atomic():
                    ModerationReminder.objects.create(
                        content_type=content_type, object_id=pk, level=level, sent_at=now)
                    sent += safely(send_bilingual, "revisions/email/reminder", {
                        "waiting": waiting, "days": age.days, "level": level,
                    }, [user.email for user in users])
            except IntegrityError:
                continue  # already sent at this level
    return sent
