"""Moderation of organisations by city officials and staff, and freshness reminders.

Every step is a ModerationDecision (kept forever) plus a version in the actor's history;
owners are e-mailed at each step. Decisions lock the actor's row and check its status
again, so that two officials deciding at once end in one consistent state: the second is
told what the first decided.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Actor, ActorStatus, ModerationAction, ModerationDecision
from cities.mail import absolute, safely, send_bilingual  # noqa: F401 (used by other apps)
from revisions.digests import immediate_recipients

# Which statuses each decision may start from, and where it leads.
TRANSITIONS = {
    ModerationAction.APPROVED: (
        {ActorStatus.PENDING, ActorStatus.CHANGES_REQUESTED}, ActorStatus.PUBLISHED),
    ModerationAction.REJECTED: (
        {ActorStatus.PENDING, ActorStatus.CHANGES_REQUESTED}, ActorStatus.REJECTED),
    ModerationAction.CHANGES_REQUESTED: ({ActorStatus.PENDING}, ActorStatus.CHANGES_REQUESTED),
    ModerationAction.ARCHIVED: (
        set(ActorStatus.values) - {ActorStatus.ARCHIVED}, ActorStatus.ARCHIVED),
}
NEEDS_MESSAGE = {ModerationAction.REJECTED, ModerationAction.CHANGES_REQUESTED}
CONFIRMATION_SALT = "actors.still-active"


class ModerationConflict(Exception):
    """The organisation changed since the page was shown (another official decided)."""


def _lock(actor_id: int) -> Actor:
    return Actor.objects.select_for_update().select_related("city").get(pk=actor_id)


def _record(actor: Actor, action: str, user, message: str = "") -> ModerationDecision:
    decision = ModerationDecision.objects.create(
        actor=actor, action=action, message=message, decided_by=user
    )
    notify_owners(decision)
    return decision


def mark_fresh(actor: Actor) -> None:
    """Publishing counts as a confirmation: the year before the next reminder starts now,
    and an old reminder no longer leads to archiving."""
    actor.confirmed_at = timezone.now()
    actor.reminder_sent_at = None


# The decision a status change records (other statuses record none).
STATUS_ACTIONS = {
    ActorStatus.PUBLISHED: ModerationAction.APPROVED,
    ActorStatus.REJECTED: ModerationAction.REJECTED,
    ActorStatus.CHANGES_REQUESTED: ModerationAction.CHANGES_REQUESTED,
    ActorStatus.ARCHIVED: ModerationAction.ARCHIVED,
}


@transaction.atomic
def change_status(*, actor: Actor, status: str, user=None, message: str = "",
                  reason: str = "") -> Actor:
    """Move an actor to another status: a version in its history (with who did it) and a
    ModerationDecision, e-mailed to the owners. Publishing counts as a confirmation.

    No permission check here: `decide` checks for officials and owners; the admin, the
    freshness job and account deletion call it directly.
    """
    if status == ActorStatus.PUBLISHED and actor.status != ActorStatus.PUBLISHED:
        mark_fresh(actor)
    actor.status = status
    actor._history_user = user
    actor._change_reason = reason or f"{status}: {message}"[:100]
    actor.save(update_fields=["status", "confirmed_at", "reminder_sent_at", "updated_at"])
    if status in STATUS_ACTIONS:
        _record(actor, STATUS_ACTIONS[status], user, message)
    return actor


@transaction.atomic
def change_status_of_many(*, actors, status: str, user=None, reason: str = "") -> int:
    """`change_status` for every actor given that is not already there; how many moved."""
    changed = 0
    for actor in actors:
        if actor.status != status:
            change_status(actor=actor, status=status, user=user, reason=reason)
            changed += 1
    return changed


@transaction.atomic
def mark_verified(*, actor: Actor, verified: bool = True, user=None) -> Actor:
    """Set or clear the "verified by the city" mark, recorded as a decision."""
    actor.verified_at = timezone.now() if verified else None
    actor._history_user = user
    actor._change_reason = "verified" if verified else "verification withdrawn"
    actor.save(update_fields=["verified_at", "updated_at"])
    _record(actor, ModerationAction.VERIFIED if verified else ModerationAction.UNVERIFIED, user)
    return actor


def latest_version_id(actor: Actor) -> int | None:
    return actor.history.values_list("history_id", flat=True).first()


@transaction.atomic
def decide(*, actor_id: int, user, action: str, message: str = "",
           seen_version: int | None = None) -> Actor:
    """Approve, reject (with a reason), ask for changes (with a message) or archive.

    `seen_version` is the history version the official was shown: if the owner changed the
    entry since, nothing is decided, so that nobody approves content they have not seen.
    """
    actor = _lock(actor_id)
    is_owner_archiving = action == ModerationAction.ARCHIVED and actor.is_owned_by(user)
    if not (actor.can_be_moderated_by(user) or is_owner_archiving):
        raise PermissionDenied
    sources, target = TRANSITIONS[action]
    if actor.status not in sources:
        raise ModerationConflict(
            _("This organisation is now “%(status)s”: nothing was changed.")
            % {"status": actor.get_status_display()}
        )
    if seen_version is not None and latest_version_id(actor) != seen_version:
        raise ModerationConflict(_("The organisation was changed while you were reading it: "
                                   "check the changes below, then decide again."))
    message = message.strip()
    if action in NEEDS_MESSAGE and not message:
        raise ValidationError({"message": _("Say why, so that the applicant can act on it.")})
    return change_status(actor=actor, status=target, user=user, message=message,
                         reason=f"{action}: {message}"[:100])


@transaction.atomic
def set_verified(*, actor_id: int, user, verified: bool) -> Actor:
    """The city's "verified" mark: the official has checked that the organisation exists."""
    actor = _lock(actor_id)
    if not actor.can_be_moderated_by(user):
        raise PermissionDenied
    if actor.status != ActorStatus.PUBLISHED:
        raise ModerationConflict(_("Only a published organisation can be verified."))
    if verified == (actor.verified_at is not None):
        return actor
    return mark_verified(actor=actor, verified=verified, user=user)


# The fields a revert restores: the organisation's content, never its status or owners,
# and never personal data or consent (a withdrawn consent must not come back).
REVERTED_FIELDS = [
    "name", "kind_id", "city_id", "address", "latitude", "longitude", "location_precision",
    "short_description", "description", "website", "social_links", "founded_year", "logo",
    "is_women_led", "languages", "accessibility", "accessibility_notes",
]


@transaction.atomic
def revert(*, actor_id: int, history_id: int, user) -> Actor:
    """Bring an organisation's content back to an earlier version (after vandalism, say);
    the revert is itself a new version, so it can be reverted too."""
    actor = _lock(actor_id)
    if not actor.can_be_moderated_by(user):
        raise PermissionDenied
    version = actor.history.filter(history_id=history_id).first()
    if version is None:
        raise ModerationConflict(_("That version does not exist."))
    if not user.has_perm("actors.change_actor") and not user.official_cities.filter(
            pk=version.city_id).exists():
        raise ModerationConflict(_("That version is in a city you do not moderate."))
    for name in REVERTED_FIELDS:
        setattr(actor, name, getattr(version, name))
    themes = [row.theme_id for row in version.themes.all()]
    actor._history_user = user
    actor._change_reason = f"reverted to version {history_id}"
    actor.full_clean()
    actor.save()
    actor.themes.set(themes)
    _record(actor, ModerationAction.REVERTED, user,
            _("Version of %(date)s") % {"date": version.history_date.date().isoformat()})
    return actor


@transaction.atomic
def resubmit(*, actor: Actor, user) -> Actor:
    """After the owner's changes, the organisation goes back to the moderation queue."""
    actor = _lock(actor.pk)
    if actor.status in (ActorStatus.CHANGES_REQUESTED, ActorStatus.REJECTED, ActorStatus.DRAFT):
        actor.status = ActorStatus.PENDING
        actor._history_user = user
        actor._change_reason = "resubmitted"
        actor.save(update_fields=["status", "updated_at"])
        record_submission(actor=actor, user=user, action=ModerationAction.RESUBMITTED)
    return actor


def record_submission(*, actor: Actor, user,
                      action: str = ModerationAction.SUBMITTED) -> ModerationDecision:
    """An organisation enters the moderation queue: the applicant and the city's officials
    are told."""
    decision = _record(actor, action, user)
    notify_officials(actor)
    return decision


# --- Freshness --------------------------------------------------------------------------

def confirmation_token(actor: Actor) -> str:
    return signing.dumps({"actor": actor.pk}, salt=CONFIRMATION_SALT, compress=True)


def actor_from_confirmation_token(token: str) -> Actor:
    """The actor a still-active link names; ValidationError when it is tampered with,
    expired or names no organisation."""
    max_age = datetime.timedelta(days=settings.ACTOR_CONFIRMATION_LINK_DAYS)
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise ValidationError(_("This link has expired. Sign in to confirm your "
                                "organisation from “My organisations”.")) from None
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid.")) from None
    actor = Actor.objects.filter(pk=data.get("actor")).first()
    if actor is None or actor.status == ActorStatus.ARCHIVED:
        raise ValidationError(_("This organisation is no longer listed."))
    return actor


@transaction.atomic
def confirm_still_active(*, actor: Actor, user=None) -> Actor:
    actor = _lock(actor.pk)
    actor.confirmed_at = timezone.now()
    actor.reminder_sent_at = None
    actor._history_user = user
    actor._change_reason = "confirmed as still active"
    actor.save(update_fields=["confirmed_at", "reminder_sent_at", "updated_at"])
    ModerationDecision.objects.create(actor=actor, action=ModerationAction.CONFIRMED,
                                      decided_by=user)
    return actor


def send_confirmation_reminders(*, now: datetime.datetime | None = None) -> dict:
    """Ask the owners of entries unconfirmed for ACTOR_CONFIRMATION_MONTHS to confirm them;
    archive those still unconfirmed ACTOR_CONFIRMATION_GRACE_DAYS after the reminder."""
    now = now or timezone.now()
    deadline = now - datetime.timedelta(days=30.44 * settings.ACTOR_CONFIRMATION_MONTHS)
    grace = now - datetime.timedelta(days=settings.ACTOR_CONFIRMATION_GRACE_DAYS)
    report = {"reminded": 0, "archived": 0, "without_owner": 0, "failed": 0}
    expired = Actor.objects.unconfirmed_since(deadline).filter(reminder_sent_at__lt=grace)
    for actor_id in list(expired.values_list("pk", flat=True)):
        with transaction.atomic():
            # Locked and checked again: an owner may confirm while the job runs.
            actor = expired.select_for_update().filter(pk=actor_id).first()
            if actor is None:
                continue
            change_status(actor=actor, status=ActorStatus.ARCHIVED,
                          message=_("Not confirmed as still active after a reminder."),
                          reason="archived: not confirmed as still active")
        report["archived"] += 1
    due = Actor.objects.unconfirmed_since(deadline).filter(reminder_sent_at__isnull=True)
    for actor in due.prefetch_related("owners"):
        if not any(owner.email for owner in actor.owners.all()):
            report["without_owner"] += 1
            continue
        # The e-mail is queued in the transaction that starts the grace period: both or
        # neither.
        with transaction.atomic():
            sent = safely(send_to_owners, actor, "still_active", {
                "link": absolute(reverse("actors:confirm_active",
                                         kwargs={"token": confirmation_token(actor)})),
                "days": settings.ACTOR_CONFIRMATION_LINK_DAYS,
                "grace_days": settings.ACTOR_CONFIRMATION_GRACE_DAYS,
            })
            if not sent:
                report["failed"] += 1
                continue
            Actor.objects.filter(pk=actor.pk).update(reminder_sent_at=now)
            ModerationDecision.objects.create(actor=actor, action=ModerationAction.REMINDED)
        report["reminded"] += 1
    return report


# --- E-mails -----------------------------------------------------------------------------

def send_to_owners(actor: Actor, template: str, context: dict) -> int:
    recipients = [owner.email for owner in actor.owners.all() if owner.email]
    return _send(template, {"actor": actor, **context}, recipients)


def _send(template: str, context: dict, recipients: list[str]) -> int:
    return send_bilingual(f"actors/email/{template}", context, recipients)


def notify_owners(decision: ModerationDecision) -> int:
    return safely(_notify_owners, decision)


def _notify_owners(decision: ModerationDecision) -> int:
    actor = decision.actor
    return send_to_owners(actor, "decision", {
        "decision": decision,
        "my_url": absolute(reverse("actors:my_actors")),
        "public_url": absolute(actor.get_absolute_url()),
    })


def notify_officials(actor: Actor) -> int:
    return safely(_notify_officials, actor)


def _notify_officials(actor: Actor) -> int:
    """The city's officials; AIMF staff when the city has none yet."""
    officials = actor.city.officials.filter(is_active=True)
    if not officials.exists():
        officials = get_user_model().objects.filter(is_active=True, is_staff=True)
    recipients = [user.email for user in immediate_recipients(officials) if user.email]
    return _send("new_pending", {
        "actor": actor, "url": absolute(reverse("actors:moderate", kwargs={"pk": actor.pk})),
    }, recipients)


# --- Reviewed edits (the engine is revisions.services) ------------------------------------

REVISION_ACTIONS = {
    "proposed": ModerationAction.REVISED,
    "approved": ModerationAction.REVISION_APPROVED,
    "rejected": ModerationAction.REVISION_REJECTED,
    "withdrawn": ModerationAction.REVISION_WITHDRAWN,
}

# What an owner's edit of a published organisation may change, each reviewed unless
# REVIEW_EXEMPT_FIELDS lists it (status, owners and the verified mark are moderation).
REVIEWED_FIELDS = (
    "name", "kind", "themes", "city", "address", "latitude", "longitude",
    "location_precision", "short_description", "description", "website", "social_links",
    "logo", "contact_name", "contact_name_is_public", "email", "email_is_public", "phone",
    "phone_is_public", "founded_year", "languages", "is_women_led", "accessibility",
    "accessibility_notes",
)


def record_revision_step(actor: Actor, step: str, user, message: str = "") -> None:
    """A revision's step in the organisation's history (the engine sends its e-mails)."""
    ModerationDecision.objects.create(
        actor=actor, action=REVISION_ACTIONS[step], message=message,
        decided_by=user if user and user.is_authenticated else None)


def revision_moderators(actor: Actor) -> list:
    """Whom a revision is told to: the city's officials but its owners; staff when none."""
    officials = list(actor.moderators())
    return officials or list(get_user_model().objects.filter(is_active=True, is_staff=True))


def queue_annotations(queryset, user):
    """The moderation queue's annotations (see revisions.registry.Reviewed.queue): when the
    organisation last entered the queue, whether the user owns it, whether an official of
    its city does."""
    entered = (ModerationDecision.objects
               .filter(actor=OuterRef("pk"), action__in=[ModerationAction.SUBMITTED,
                                                          ModerationAction.RESUBMITTED])
               .order_by("-created_at").values("created_at")[:1])
    return queryset.with_owner_official().annotate(
        waiting_since=Coalesce(Subquery(entered), F("created_at")),
        viewer_owns=Exists(Actor.owners.through.objects.filter(
            actor_id=OuterRef("pk"), user_id=user.pk)))


def decision_url(actor: Actor) -> str:
    return reverse("actors:moderate", kwargs={"pk": actor.pk})


def decision_panel(actor: Actor, user) -> dict:
    from actors.selectors import decision_panel

    return decision_panel(actor, user)


def reviewed_edits():
    from revisions.registry import Reviewed

    return Reviewed(model=Actor, fields=REVIEWED_FIELDS, record=record_revision_step,
                    moderators=revision_moderators, image_field="logo",
                    kind="organisation", decision_url=decision_url,
                    queue=queue_annotations, panel=decision_panel)
