"""The one engine of reviewed edits: an owner's change to a published item becomes a
pending revision (one per item; a new edit updates it), which a moderator approves (as
proposed or after editing it), rejects with a reason, or its owner withdraws. Nothing
public changes until the approval. Every step is written in the item's own moderation
history (through its registration) and e-mailed."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cities.mail import absolute, safely, send_bilingual
from revisions.digests import immediate_recipients
from revisions.limits import count_submission
from revisions.models import Revision, RevisionStatus
from revisions.registry import Reviewed, spec_for
from revisions.values import live, python, stored

PROPOSED, APPROVED, REJECTED, WITHDRAWN = "proposed", "approved", "rejected", "withdrawn"
STEPS = (PROPOSED, APPROVED, REJECTED, WITHDRAWN)


class RevisionConflict(Exception):
    """The revision is no longer in a state where this step applies."""


def _spec(item) -> Reviewed:
    spec = spec_for(item)
    if spec is None:
        raise LookupError(f"{type(item).__name__} has no reviewed edits")
    return spec


def is_exempt(model, name: str) -> bool:
    """REVIEW_EXEMPT_FIELDS lists fields that go live without review, as `field` (any
    model) or `app_label.model.field`."""
    listed = set(settings.REVIEW_EXEMPT_FIELDS)
    return name in listed or f"{model._meta.label_lower}.{name}" in listed


def staff_may_change(item, user) -> bool:
    meta = item._meta
    return user.has_perm(f"{meta.app_label}.change_{meta.model_name}")


def needs_review(item, user) -> bool:
    """An edit waits for review when the item is published and the editor is not staff
    allowed to change such items."""
    spec = spec_for(item)
    return (spec is not None and item.status == spec.published_status
            and not staff_may_change(item, user))


def split(item, data: dict) -> tuple[dict, dict]:
    """(what goes live at once, what waits for review) among an edit's values."""
    spec = _spec(item)
    now, reviewed = {}, {}
    for name, value in data.items():
        if name in spec.fields and not is_exempt(type(item), name):
            reviewed[name] = value
        else:
            now[name] = value
    return now, reviewed


def edit_or_propose(*, item, user, data: dict, apply: Callable,
                    differs: Callable | None = None, at_once: Callable | None = None):
    """The one sequence of an edit of an item with reviewed edits: applied at once
    (`apply(item, user, values)`, which returns the item) when it needs no review;
    otherwise the values that go live without review are applied, and the others join
    the item's pending revision, which is returned (the item when nothing waits).

    `at_once(now, reviewed)` may move more values to what goes live at once (withdrawn
    consents); `differs(item, name, value)` tells whether a value changes anything (by
    default any value that goes live at once is applied). Call inside the caller's
    transaction, with the item's row locked."""
    if not needs_review(item, user):
        return apply(item, user, data)
    now, reviewed = split(item, data)
    if at_once is not None:
        at_once(now, reviewed)
    if any(differs(item, name, value) for name, value in now.items()) if differs else now:
        item = apply(item, user, now)
    return propose(item=item, user=user, data=reviewed) or item


def pending_revision(item) -> Revision | None:
    return Revision.objects.pending().for_item(item).select_related("author").first()


def preview(item, changes: dict):
    """A fresh copy of the item with the revision's values (relations included), not
    saved; many-to-many values are returned apart: {name: [objects]}."""
    model = type(item)
    copy = model.objects.get(pk=item.pk)
    many = {}
    for name, raw in changes.items():
        field = model._meta.get_field(name)
        value = python(model, name, raw)
        if field.many_to_many:
            many[name] = value
        else:
            setattr(copy, name, value)
    return copy, many


def _lock_item(revision: Revision):
    model = revision.content_type.model_class()
    return model.objects.select_for_update().get(pk=revision.object_id)


def _lock(revision_id: int) -> tuple[Revision, object]:
    revision = Revision.objects.select_for_update().select_related("content_type").filter(
        pk=revision_id).first()
    if revision is None:
        raise RevisionConflict(_("These changes no longer exist."))
    return revision, _lock_item(revision)


@transaction.atomic
def propose(*, item, user, data: dict) -> Revision | None:
    """Owner's edit of a published item: the reviewed values join the item's pending
    revision (created when there is none). Values equal to the published ones drop out;
    with nothing left, the pending revision is withdrawn and None is returned.

    The values are checked as the item would be saved (ValidationError, field by field),
    so that an official never receives a change that cannot be applied.
    """
    spec = _spec(item)
    item = type(item).objects.select_for_update().get(pk=item.pk)
    pending = Revision.objects.select_for_update().pending().for_item(item).first()
    changes = dict(pending.changes) if pending else {}
    for name, value in data.items():
        if name in spec.fields:
            changes[name] = stored(item, name, value)
    changes = {name: value for name, value in changes.items() if value != live(item, name)}
    if not changes:
        if pending:
            _close(pending, RevisionStatus.WITHDRAWN, user)
            spec.record(item, WITHDRAWN, user, "")
        return None
    copy, _many = preview(item, changes)
    copy.full_clean()
    count_submission(user=user, kind=f"revision:{item._meta.label_lower}")
    now = timezone.now()
    if pending:
        pending.changes, pending.author, pending.updated_at = changes, user, now
        pending.save(update_fields=["changes", "author", "updated_at"])
        revision = pending
    else:
        revision = Revision.objects.create(item=item, changes=changes, author=user,
                                           created_at=now, updated_at=now)
        safely(notify_moderators, revision)
    spec.record(item, PROPOSED, user, "")
    return revision


def _close(revision: Revision, status: str, user, reason: str = "") -> None:
    revision.status = status
    revision.decided_by = user if user and user.is_authenticated else None
    revision.decided_at = timezone.now()
    revision.reason = reason
    revision.save(update_fields=["status", "decided_by", "decided_at", "reason",
                                 "previous", "changes"])


def may_review(revision: Revision, item, user) -> bool:
    """Moderators of the item, never the revision's author nor (unless staff) an owner
    of the item: nobody reviews their own changes."""
    if not (user and user.is_authenticated) or revision.author_id == user.pk:
        return False
    return item.can_be_moderated_by(user)


def _check(revision: Revision, item, user, seen: str | None) -> None:
    if not may_review(revision, item, user):
        raise PermissionDenied
    if revision.status != RevisionStatus.PENDING:
        raise RevisionConflict(_("These changes are now “%(status)s”: nothing was done.")
                               % {"status": revision.get_status_display()})
    if seen is not None and seen != revision.updated_at.isoformat():
        raise RevisionConflict(_("The owner changed the proposal while you were reading "
                                 "it: check the changes below, then decide again."))


@transaction.atomic
def approve(*, revision_id: int, user, edits: dict | None = None, message: str = "",
            seen: str | None = None) -> Revision:
    """Publish the proposed values; `edits` (field: value) first replace some of them
    ("edit, then approve"). `seen` is the proposal's `updated_at` the moderator read."""
    revision, item = _lock(revision_id)
    _check(revision, item, user, seen)
    spec = _spec(item)
    if item.status != spec.published_status:
        raise RevisionConflict(_("The item is no longer published: nothing was done."))
    changes = dict(revision.changes)
    edited = False
    for name, value in (edits or {}).items():
        if name in spec.fields:
            value = stored(item, name, value)
            edited = edited or changes.get(name) != value
            changes[name] = value
    revision.previous = {name: live(item, name) for name in changes}
    revision.changes = changes
    copy, many = preview(item, changes)
    for name in changes:
        if name not in many:
            setattr(item, name, getattr(copy, name))
    item._history_user = user
    item._change_reason = f"revision {revision.pk} approved"
    item.full_clean()
    item.save()
    for name, objects in many.items():
        getattr(item, name).set(objects)
    if spec.after_apply:
        spec.after_apply(item, changes)
    message = message.strip()
    if edited:
        message = (_("Approved after the moderator's edits.") + " " + message).strip()
    _close(revision, RevisionStatus.APPROVED, user, message)
    spec.record(item, APPROVED, user, message)
    safely(notify_author, revision)
    return revision


@transaction.atomic
def reject(*, revision_id: int, user, reason: str, seen: str | None = None) -> Revision:
    """Refuse the changes, saying why; the published item stays as it is."""
    revision, item = _lock(revision_id)
    _check(revision, item, user, seen)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"message": _("Say why, so that the owner can act on it.")})
    _close(revision, RevisionStatus.REJECTED, user, reason)
    _spec(item).record(item, REJECTED, user, reason)
    safely(notify_author, revision)
    return revision


@transaction.atomic
def withdraw(*, revision_id: int, user) -> Revision:
    """The owner takes the proposal back."""
    revision, item = _lock(revision_id)
    if not (item.is_owned_by(user) or revision.author_id == getattr(user, "pk", None)):
        raise PermissionDenied
    if revision.status != RevisionStatus.PENDING:
        raise RevisionConflict(_("These changes are now “%(status)s”: nothing was done.")
                               % {"status": revision.get_status_display()})
    _close(revision, RevisionStatus.WITHDRAWN, user)
    _spec(item).record(item, WITHDRAWN, user, "")
    return revision


# --- E-mails -----------------------------------------------------------------------------

def review_url(revision: Revision) -> str:
    return absolute(reverse("revisions:review", kwargs={"pk": revision.pk}))


def moderators_of(revision: Revision, item=None) -> list:
    """Whom to tell about a revision: the item's moderators, not its author."""
    item = item or revision.item
    return [user for user in _spec(item).moderators(item)
            if user.pk != revision.author_id and user.email]


def notify_moderators(revision: Revision) -> int:
    item = revision.item
    return send_bilingual("revisions/email/pending", {
        "revision": revision, "item": item, "url": review_url(revision),
    }, [user.email for user in immediate_recipients(moderators_of(revision, item))])


def notify_author(revision: Revision) -> int:
    """The decision, with its reason, to the author (and the item's page to look at)."""
    author = revision.author
    if author is None or not author.email:
        return 0
    item = revision.item
    return send_bilingual("revisions/email/decision", {
        "revision": revision, "item": item,
        "public_url": absolute(item.get_absolute_url()),
    }, [author.email])
