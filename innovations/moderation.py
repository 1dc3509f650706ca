"""Moderation of innovations (by officials of the city of origin) and adaptations (by
officials of the adapting city), as for organisations: every step is a Decision kept
forever plus a version in the history; the row is locked and its status checked again, so
that two officials deciding at once end in one consistent state."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from actors.models import Actor
from cities.mail import absolute, safely, send_bilingual
from cities.models import City
from innovations.models import Adaptation, Decision, DecisionAction, ForgeStatus, Innovation
from revisions.digests import immediate_recipients

OPEN = {ForgeStatus.PENDING, ForgeStatus.CHANGES_REQUESTED}
TRANSITIONS = {
    DecisionAction.APPROVED: (OPEN, ForgeStatus.PUBLISHED),
    DecisionAction.REJECTED: (OPEN, ForgeStatus.REJECTED),
    DecisionAction.CHANGES_REQUESTED: ({ForgeStatus.PENDING}, ForgeStatus.CHANGES_REQUESTED),
    DecisionAction.ARCHIVED: (set(ForgeStatus.values) - {ForgeStatus.ARCHIVED},
                              ForgeStatus.ARCHIVED),
}
NEEDS_MESSAGE = {DecisionAction.REJECTED, DecisionAction.CHANGES_REQUESTED}


class ModerationConflict(Exception):
    """The item is no longer in a state where this decision applies."""


def record(item: Innovation | Adaptation, action: str, user, message: str = "") -> Decision:
    """A moderation step, e-mailed (queued in the same transaction): submissions to the
    officials of the city that moderates the item, decisions to whoever submitted it."""
    subject = {"innovation": item} if isinstance(item, Innovation) else {"adaptation": item}
    decision = Decision.objects.create(
        **subject, action=action, message=message,
        decided_by=user if user and user.is_authenticated else None)
    if action in (DecisionAction.SUBMITTED, DecisionAction.RESUBMITTED):
        safely(notify_officials, item)
    elif action != DecisionAction.ARCHIVED or decision.decided_by != item.submitted_by:
        safely(notify_submitter, item, decision)
    return decision


def _send(template: str, context: dict, recipients: list[str]) -> int:
    return send_bilingual(f"innovations/email/{template}", context, recipients)


def moderators(item: Innovation | Adaptation) -> list:
    """Who moderates the item: the active officials of the city of origin (innovations) or
    of the adapting city (adaptations) except its submitter and owners; AIMF staff when
    no official is left."""
    officials = list(item.moderators())
    return officials or list(get_user_model().objects.filter(is_active=True, is_staff=True))


def moderation_url(item: Innovation | Adaptation) -> str:
    name = "moderate_innovation" if isinstance(item, Innovation) else "moderate_adaptation"
    return absolute(reverse(f"innovations:{name}", kwargs={"pk": item.pk}))


def notify_officials(item: Innovation | Adaptation) -> int:
    """A submission, to whoever moderates the item."""
    return _send("pending", {"item": item, "city": item.city, "url": moderation_url(item)},
                 [user.email for user in immediate_recipients(moderators(item))
                  if user.email])


def notify_change(item: Innovation | Adaptation, editor) -> int:
    """An edit of a published item stays live, as for organisations; whoever moderates it
    is told, with a link to the page that shows its history."""
    return _send("changed", {"item": item, "city": item.city, "editor": editor,
                             "url": moderation_url(item)},
                 [user.email for user in moderators(item)
                  if user.email and user.pk != getattr(editor, "pk", None)])


def notify_submitter(item: Innovation | Adaptation, decision: Decision) -> int:
    submitter = item.submitted_by
    if submitter is None or not submitter.email:
        return 0
    return _send("decision", {
        "item": item, "decision": decision,
        "url": absolute(reverse("innovations:mine"))}, [submitter.email])


def _lock(model, pk: int):
    return model.objects.select_for_update().get(pk=pk)


@transaction.atomic
def change_status(*, item: Innovation | Adaptation, status: str, user=None, message: str = "",
                  action: str | None = None) -> Innovation | Adaptation:
    """Move an item to another status, with a version in its history and a Decision."""
    item.status = status
    item._history_user = user
    item._change_reason = f"{status}: {message}"[:100]
    item.save(update_fields=["status", "updated_at"])
    if action:
        record(item, action, user, message)
    return item


def latest_version_id(item: Innovation | Adaptation) -> int | None:
    return item.history.values_list("history_id", flat=True).first()


@transaction.atomic
def decide(*, model: type[Innovation] | type[Adaptation], pk: int, user, action: str,
           message: str = "", seen_version: int | None = None) -> Innovation | Adaptation:
    """Approve, reject (with a reason), ask for changes (with a message) or archive.

    Officials of the right city and staff decide; owners may only archive their own.
    `seen_version` is the history version the official was shown: if the item changed
    since, nothing is decided, so that nobody approves content they have not seen.
    """
    if action not in TRANSITIONS:
        raise ValidationError({"action": _("Unknown decision.")})
    item = _lock(model, pk)
    is_owner_archiving = action == DecisionAction.ARCHIVED and item.is_owned_by(user)
    if not (item.can_be_moderated_by(user) or is_owner_archiving):
        raise PermissionDenied
    sources, target = TRANSITIONS[action]
    if item.status not in sources:
        raise ModerationConflict(_("This is now “%(status)s”: nothing was changed.")
                                 % {"status": item.get_status_display()})
    if seen_version is not None and latest_version_id(item) != seen_version:
        raise ModerationConflict(_("It was changed while you were reading it: check the "
                                   "changes below, then decide again."))
    message = message.strip()
    if action in NEEDS_MESSAGE and not message:
        raise ValidationError({"message": _("Say why, so that the applicant can act on it.")})
    return change_status(item=item, status=target, user=user, message=message, action=action)


# --- Reviewed edits (the engine is revisions.services) ------------------------------------

REVISION_ACTIONS = {
    "proposed": DecisionAction.REVISED,
    "approved": DecisionAction.REVISION_APPROVED,
    "rejected": DecisionAction.REVISION_REJECTED,
    "withdrawn": DecisionAction.REVISION_WITHDRAWN,
}
# What an owner's edit of a published item may change (each reviewed unless
# REVIEW_EXEMPT_FIELDS lists it).
INNOVATION_FIELDS = ("title", "summary", "description", "actors", "city", "themes", "stage",
                     "licence", "documentation_url", "image", "image_alt")
ADAPTATION_FIELDS = ("actor", "city", "changes", "description", "progress", "started_on",
                     "ended_on", "links")


def record_revision_step(item: Innovation | Adaptation, step: str, user,
                         message: str = "") -> Decision:
    """A revision's step in the item's history (the engine sends its e-mails)."""
    subject = {"innovation": item} if isinstance(item, Innovation) else {"adaptation": item}
    return Decision.objects.create(
        **subject, action=REVISION_ACTIONS[step], message=message,
        decided_by=user if user and user.is_authenticated else None)


def after_innovation_change(innovation: Innovation, changes: dict) -> None:
    if "city" in changes:
        innovation.adaptations.exclude(origin_city=innovation.city).update(
            origin_city=innovation.city)


def queue_annotations(queryset, user):
    """The moderation queue's annotations (see revisions.registry.Reviewed.queue): when the
    item last entered the queue, whether the user submitted or owns it, whether an official
    of its city did."""
    subject = "innovation" if queryset.model is Innovation else "adaptation"
    entered = (Decision.objects
               .filter(**{subject: OuterRef("pk")},
                       action__in=[DecisionAction.SUBMITTED, DecisionAction.RESUBMITTED])
               .order_by("-created_at").values("created_at")[:1])
    owners = Actor.owners.through.objects
    if subject == "innovation":
        makers = Innovation.actors.through.objects.filter(innovation_id=OuterRef("pk"))
        owned = makers.filter(actor_id__in=owners.filter(user_id=user.pk).values("actor_id"))
        by_official = makers.filter(actor_id__in=owners.filter(
            user__official_cities=OuterRef(OuterRef("city_id"))).values("actor_id"))
    else:
        owned = owners.filter(actor_id=OuterRef("actor_id"), user_id=user.pk)
        by_official = owners.filter(actor_id=OuterRef("actor_id"),
                                    user__official_cities=OuterRef("city_id"))
    submitter_official = City.officials.through.objects.filter(
        city_id=OuterRef("city_id"), user_id=OuterRef("submitted_by_id"))
    return queryset.annotate(
        waiting_since=Coalesce(Subquery(entered), F("created_at")),
        viewer_owns=ExpressionWrapper(Q(submitted_by_id=user.pk) | Exists(owned),
                                      output_field=BooleanField()),
        owned_by_official=ExpressionWrapper(Exists(by_official) | Exists(submitter_official),
                                            output_field=BooleanField()))


def decision_url(item: Innovation | Adaptation) -> str:
    name = "moderate_innovation" if isinstance(item, Innovation) else "moderate_adaptation"
    return reverse(f"innovations:{name}", kwargs={"pk": item.pk})


def reviewed_edits():
    from revisions.registry import Reviewed

    return [
        Reviewed(model=Innovation, fields=INNOVATION_FIELDS, record=record_revision_step,
                 moderators=moderators, after_apply=after_innovation_change,
                 image_field="image", kind="innovation", decision_url=decision_url,
                 queue=queue_annotations),
        Reviewed(model=Adaptation, fields=ADAPTATION_FIELDS, record=record_revision_step,
                 moderators=moderators, kind="adaptation", decision_url=decision_url,
                 queue=queue_annotations),
    ]
