"""What an applicant is told about their submission, so that they never face silence:
who reviews it (the city's officials, or AIMF staff when the city has none), since when,
how long it usually takes in that city (the median of the last 90 days, else the
reminder policy), and that the decision comes by e-mail; after a rejection, the reason
and how to submit again.

Works for every model with reviewed edits (organisations, innovations, adaptations):
each has a `city`, a `status`, and `decisions` whose actions share the values
"submitted", "resubmitted" and "rejected".
"""

import datetime
from dataclasses import dataclass

from django.conf import settings

from cities.models import City
from revisions.delays import delays_by_city, describe
from revisions.models import Revision, RevisionStatus
from revisions.registry import spec_for
from revisions.selectors import attach_pending

WAITING, REJECTED = "waiting", "rejected"
NEW, REVISION = "new", "revision"
SUBMISSIONS = ("submitted", "resubmitted")


@dataclass
class NextStep:
    """The step an applicant waits for, or the rejection they can act on."""

    state: str  # WAITING or REJECTED
    what: str  # NEW (the item itself) or REVISION (proposed changes to it)
    city: object
    since: datetime.datetime | None
    by_staff: bool = False  # the city has no official: AIMF staff review it
    median: datetime.timedelta | None = None
    reason: str = ""

    @property
    def waiting(self) -> bool:
        return self.state == WAITING

    @property
    def typical_delay(self) -> str:
        return describe(self.median) if self.median is not None else ""

    @property
    def reminder_days(self) -> int:
        return settings.MODERATION_REMINDER_DAYS

    @property
    def escalation_days(self) -> int:
        return settings.MODERATION_ESCALATION_DAYS

    def as_api(self) -> dict:
        return {
            "state": self.state,
            "reviewed_by": "aimf_staff" if self.by_staff else "city_officials",
            "since": self.since,
            "typical_delay_days": (None if self.median is None
                                   else round(self.median.total_seconds() / 86400, 1)),
            "reminder_after_days": self.reminder_days,
            "escalation_after_days": self.escalation_days,
            "reason": self.reason,
        }


def _decisions(item) -> list:
    """The item's moderation steps, newest first (prefetched when the page did)."""
    return sorted(item.decisions.all(), key=lambda d: (d.created_at, d.pk), reverse=True)


def _last(decisions, actions) -> object | None:
    return next((decision for decision in decisions if decision.action in actions), None)


def attach_next_steps(items, *, viewer=None) -> list:
    """Sets `next_step` (a NextStep or None) on each item, in a bounded number of queries
    (not one per item): pending revisions, last rejected revisions, the cities' officials
    and their moderation delays."""
    items = attach_pending(items)
    by_model: dict = {}
    for item in items:
        by_model.setdefault(type(item), []).append(item)
    rejected: dict = {}
    for model, group in by_model.items():
        latest = {}
        for revision in (Revision.objects.for_items(model, [item.pk for item in group])
                         .exclude(status=RevisionStatus.PENDING).order_by("decided_at", "pk")):
            latest[revision.object_id] = revision  # the last decided wins
        for item in group:
            revision = latest.get(item.pk)
            if revision is not None and revision.status == RevisionStatus.REJECTED:
                rejected[(model, item.pk)] = revision
    found = {}
    for item in items:
        spec = spec_for(item)
        published = spec.published_status if spec else "published"
        if item.pending_revision is not None:
            found[id(item)] = NextStep(WAITING, REVISION, item.city,
                                       item.pending_revision.created_at)
        elif item.status == "pending":
            submitted = _last(_decisions(item), SUBMISSIONS)
            found[id(item)] = NextStep(WAITING, NEW, item.city,
                                       submitted.created_at if submitted else None)
        elif item.status == "rejected":
            decision = _last(_decisions(item), ("rejected",))
            found[id(item)] = NextStep(REJECTED, NEW, item.city,
                                       decision.created_at if decision else None,
                                       reason=decision.message if decision else "")
        elif item.status == published and (type(item), item.pk) in rejected:
            revision = rejected[(type(item), item.pk)]
            found[id(item)] = NextStep(REJECTED, REVISION, item.city,
                                       revision.decided_at, reason=revision.reason)
    waiting_cities = {step.city.pk for step in found.values() if step.waiting}
    if waiting_cities:
        officials = set(City.officials.through.objects.filter(
            city_id__in=waiting_cities, user__is_active=True)
            .exclude(user_id=getattr(viewer, "pk", None)).values_list("city_id", flat=True))
        delays = delays_by_city(city_ids=waiting_cities)
        for step in found.values():
            if step.waiting:
                step.by_staff = step.city.pk not in officials
                known = delays.get(step.city.pk)
                step.median = known.median if known else None
    for item in items:
        item.next_step = found.get(id(item))
    return items
