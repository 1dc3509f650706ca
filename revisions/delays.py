"""How long moderation takes, per city: the time from a submission to its decision, over
the last MODERATION_DELAY_DAYS (90) days, read from the moderation records.

Three kinds of waits are measured:
- new organisations: from "Submitted" (or "Submitted again") to the next approval,
  rejection or request for changes (`actors.ModerationDecision`);
- forge items (innovations, adaptations): the same steps in `innovations.Decision`;
- reviewed edits: from a revision's proposal to its approval or rejection
  (`revisions.Revision`; withdrawn ones are not decisions).

A wait counts in the window of its decision. Percentiles are computed in Python (linear
interpolation between closest ranks), so that SQLite and PostgreSQL give the same
figures; each query is bounded by the window (and by the cities asked for).
"""

import datetime
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import ngettext

from revisions.models import Revision, RevisionStatus
from revisions.registry import registered

WINDOW_DAYS = 90
ORGANISATIONS, FORGE, REVISIONS = "organisations", "forge", "revisions"
SUBMITTED, RESUBMITTED = "submitted", "resubmitted"
DECIDED = ("approved", "rejected", "changes")


def percentile(values: list[float], fraction: float) -> float | None:
    """The `fraction` quantile of `values`, interpolated between the closest ranks (the
    median for 0.5); None when there is no value."""
    if not values:
        return None
    ordered = sorted(values)
    rank = fraction * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class CityDelays:
    """The waits measured in one city, in seconds, by kind."""

    city_id: int
    waits: dict = field(default_factory=dict)

    def add(self, kind: str, seconds: float) -> None:
        self.waits.setdefault(kind, []).append(seconds)

    @property
    def all(self) -> list[float]:
        return [seconds for values in self.waits.values() for seconds in values]

    @property
    def count(self) -> int:
        return len(self.all)

    def count_of(self, kind: str) -> int:
        return len(self.waits.get(kind, []))

    @property
    def median(self) -> datetime.timedelta | None:
        value = percentile(self.all, 0.5)
        return None if value is None else datetime.timedelta(seconds=value)

    @property
    def p90(self) -> datetime.timedelta | None:
        value = percentile(self.all, 0.9)
        return None if value is None else datetime.timedelta(seconds=value)


def _steps_waits(rows, since) -> list[tuple[int, float]]:
    """(city id, seconds) for each decision in the window that follows a submission;
    `rows` are (subject, city id, action, time) ordered by subject, then time."""
    waits = []
    subject = submitted = None
    for key, city_id, action, moment in rows:
        if key != subject:
            subject, submitted = key, None
        if action in (SUBMITTED, RESUBMITTED):
            submitted = moment
        elif action in DECIDED and submitted is not None:
            if moment >= since:
                waits.append((city_id, (moment - submitted).total_seconds()))
            submitted = None  # one decision per submission
    return waits


def _organisation_waits(since, city_ids):
    from actors.models import ModerationDecision

    decided = ModerationDecision.objects.filter(action__in=DECIDED, created_at__gte=since)
    if city_ids is not None:
        decided = decided.filter(actor__city__in=city_ids)
    rows = (ModerationDecision.objects
            .filter(actor__in=decided.values("actor_id"),
                    action__in=(SUBMITTED, RESUBMITTED, *DECIDED))
            .order_by("actor_id", "created_at", "pk")
            .values_list("actor_id", "actor__city_id", "action", "created_at"))
    return _steps_waits(rows, since)


def _forge_waits(since, city_ids):
    from innovations.models import Decision

    waits = []
    for subject in ("innovation", "adaptation"):
        decided = Decision.objects.filter(action__in=DECIDED, created_at__gte=since,
                                          **{f"{subject}__isnull": False})
        if city_ids is not None:
            decided = decided.filter(**{f"{subject}__city__in": city_ids})
        rows = (Decision.objects
                .filter(**{f"{subject}__in": decided.values(f"{subject}_id")},
                        action__in=(SUBMITTED, RESUBMITTED, *DECIDED))
                .order_by(f"{subject}_id", "created_at", "pk")
                .values_list(f"{subject}_id", f"{subject}__city_id", "action", "created_at"))
        waits += _steps_waits(rows, since)
    return waits


def _revision_waits(since, city_ids):
    waits = []
    decided = Revision.objects.filter(
        status__in=(RevisionStatus.APPROVED, RevisionStatus.REJECTED),
        decided_at__gte=since)
    for spec in registered():
        items = spec.model.objects.all()
        if city_ids is not None:
            items = items.filter(city__in=city_ids)
        cities = dict(items.filter(pk__in=decided.of_model(spec.model).values("object_id"))
                      .values_list("pk", "city_id"))
        if not cities:
            continue
        for object_id, created, decided_at in (decided.of_model(spec.model)
                                               .filter(object_id__in=list(cities))
                                               .values_list("object_id", "created_at",
                                                            "decided_at")):
            waits.append((cities[object_id], (decided_at - created).total_seconds()))
    return waits


def delays_by_city(*, city_ids=None, now: datetime.datetime | None = None,
                   days: int = WINDOW_DAYS) -> dict[int, CityDelays]:
    """{city id: CityDelays} for the decisions of the last `days` days, in the cities
    given (all when None); a city without any decision is absent."""
    if city_ids is not None:
        city_ids = list(city_ids)
        if not city_ids:
            return {}
    since = (now or timezone.now()) - datetime.timedelta(days=days)
    found: dict[int, CityDelays] = {}
    for kind, waits in ((ORGANISATIONS, _organisation_waits(since, city_ids)),
                        (FORGE, _forge_waits(since, city_ids)),
                        (REVISIONS, _revision_waits(since, city_ids))):
        for city_id, seconds in waits:
            found.setdefault(city_id, CityDelays(city_id)).add(kind, max(seconds, 0.0))
    return found


def cities_of(user):
    """The cities whose moderation delays a user may see: all for staff (None), their
    own for a city official, none for anybody else (an empty list)."""
    if user is None or not user.is_authenticated:
        return []
    if user.is_staff:
        return None
    return list(user.official_cities.values_list("pk", flat=True))



def describe(delay: datetime.timedelta | None) -> str:
    """A delay as people say it: minutes under an hour, hours under two days, days
    (one decimal) beyond."""
    if delay is None:
        return "—"
    seconds = delay.total_seconds()
    if seconds < 3600:
        minutes = round(seconds / 60)
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    if seconds < 48 * 3600:
        hours = round(seconds / 3600)
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    days = round(seconds / 86400, 1)
    text = formats.number_format(days, decimal_pos=0 if days == int(days) else 1)
    return ngettext("%(count)s day", "%(count)s days", int(days) if days == int(days) else 2) % {
        "count": text}
