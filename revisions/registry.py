"""Which models have reviewed edits: each says which fields a revision covers and how a
step is written in its own moderation history; rights come from the model itself
(`is_owned_by`, `can_be_moderated_by`, its queryset's `moderated_by`)."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reviewed:
    """How the revisions engine deals with one model."""

    model: type
    # The fields an owner's edit may change, each reviewed unless REVIEW_EXEMPT_FIELDS
    # lists it (as "field" or "app_label.model.field").
    fields: tuple[str, ...]
    # record(item, step, user, message): a step in the item's moderation history; `step`
    # is one of revisions.services.STEPS.
    record: Callable
    # moderators(item): the users to tell about a revision (their own excluded later).
    moderators: Callable
    # after_apply(item, values): what must follow an approved change (e.g. a move).
    after_apply: Callable | None = None
    published_status: str = "published"
    image_field: str | None = None
    extra: dict = field(default_factory=dict)
    # The moderation queue (revisions.queue). `kind`: the key of the queue's filter;
    # `pending_status`: a new item waiting for its first decision; `decision_url(item)`:
    # the page where a new item is decided; `queue(queryset, user)`: the queryset
    # annotated with `waiting_since` (when it last entered the queue), `viewer_owns`
    # (the user owns it or submitted it) and `owned_by_official` (an official of its city
    # owns or submitted it); `panel(item, user)`: what the decision page adds about the
    # item ({"template": ..., ...}), or None.
    kind: str = ""
    pending_status: str = "pending"
    decision_url: Callable | None = None
    queue: Callable | None = None
    panel: Callable | None = None


_registry: dict[type, Reviewed] = {}


def register(spec: Reviewed) -> None:
    _registry[spec.model] = spec


def spec_for(model_or_item) -> Reviewed | None:
    model = model_or_item if isinstance(model_or_item, type) else type(model_or_item)
    return _registry.get(model)


def registered() -> list[Reviewed]:
    return list(_registry.values())
