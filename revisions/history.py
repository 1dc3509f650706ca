"""An item's history as a person reads it: newest first, each version with the fields it
changed (their labels, values as shown on the site: names of choices, of cities, of
themes, local dates), statuses in words, and the moderation decisions (who decided and
why) joined to the version they made. Used by every page that shows a history."""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from revisions.values import readable

# Bookkeeping, not content: never shown as a change.
HIDDEN_FIELDS = {"updated_at", "reminder_sent_at", "search_text", "confirmed_at"}
# A decision and the version it wrote are saved together: within this delay, they are one
# step of the history.
SAME_STEP = datetime.timedelta(seconds=5)
KINDS = {"+": gettext_lazy("Created"), "~": gettext_lazy("Changed"),
         "-": gettext_lazy("Deleted")}


@dataclass
class Step:
    """One line of the history."""

    when: datetime.datetime
    who: object  # a user or None
    what: str = ""  # the decision's name, or "Created"/"Changed"
    message: str = ""  # why (a decision's reason or message)
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # label, old, new
    version_id: int | None = None  # the history version (to revert to)
    joined: bool = False  # a decision is joined to this version

    @property
    def who_name(self) -> str:
        if self.who is None:
            return ""
        return self.who.email or self.who.get_username()


def shown(model, name: str, raw, cache: dict) -> str:
    """A historical value as a person reads it ("—" when empty)."""
    key = (name, repr(raw))
    if key in cache:
        return cache[key]
    field_ = model._meta.get_field(name)
    if field_.many_to_many and isinstance(raw, list):
        # Through rows ({"actor": 1, "theme": 3}): the related objects' ids.
        target = field_.m2m_reverse_field_name()
        raw = [row.get(target) if isinstance(row, dict) else row for row in raw]
    if isinstance(raw, datetime.datetime):
        text = date_format(timezone.localtime(raw), "DATETIME_FORMAT")
    elif isinstance(raw, datetime.date):
        text = date_format(raw, "DATE_FORMAT")
    elif isinstance(field_, models.FileField):
        text = str(raw or "") or "—"
    else:
        text = readable(model, name, raw)
    cache[key] = text
    return text


def history(item, *, decisions=(), limit: int = 50) -> list[Step]:
    """The item's last `limit` versions and its decisions, newest first, readable."""
    model = type(item)
    versions = list(item.history.select_related("history_user")[:limit + 1])
    cache, steps = {}, []
    shown_versions = versions[:limit]
    for index, version in enumerate(shown_versions):
        older = versions[index + 1] if index + 1 < len(versions) else None
        changes = []
        if older is not None:
            delta = version.diff_against(older, excluded_fields=list(HIDDEN_FIELDS))
            for change in delta.changes:
                names = {f.name for f in model._meta.get_fields()}
                if change.field not in names:  # a field since removed
                    continue
                label = str(model._meta.get_field(change.field).verbose_name)
                changes.append((label[:1].upper() + label[1:],
                                shown(model, change.field, change.old, cache),
                                shown(model, change.field, change.new, cache)))
        steps.append(Step(
            when=version.history_date, who=version.history_user,
            what=str(KINDS.get(version.history_type, "")) if older is None or not changes
            else "", changes=changes, version_id=version.history_id))
    oldest = shown_versions[-1].history_date if len(versions) > limit else None
    for decision in decisions:
        if oldest is not None and decision.created_at < oldest:
            continue
        step = _step_of(decision, steps)
        if step is None:
            steps.append(Step(when=decision.created_at, who=decision.decided_by,
                              what=decision.get_action_display(), message=decision.message))
        else:
            step.what = decision.get_action_display()
            step.message = decision.message
            step.joined = True
            step.who = step.who or decision.decided_by
    steps.sort(key=lambda step: step.when, reverse=True)
    return steps


def _step_of(decision, steps: list[Step]) -> Step | None:
    """The version a decision wrote: same user, saved within SAME_STEP, not yet joined."""
    for step in steps:
        if (step.version_id is not None and not step.joined
                and abs(step.when - decision.created_at) <= SAME_STEP
                and (step.who is None or decision.decided_by_id in (None, step.who.pk))):
            return step
    return None

