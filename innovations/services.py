"""Writes on the forge: proposing and editing innovations and adaptations.

Status changes are moderation: see innovations.moderation."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from actors.models import Actor, ActorStatus
from cities.mail import safely
from cities.text import unique_slug
from innovations.models import Adaptation, DecisionAction, ForgeStatus, Innovation
from innovations.moderation import notify_change, record
from revisions.limits import count_submission
from revisions.models import Revision
from revisions.services import edit_or_propose

REOPENED = {ForgeStatus.CHANGES_REQUESTED, ForgeStatus.REJECTED}


def proposing_actors(user):
    """The published organisations a user may propose innovations and adaptations for."""
    if user is None or not user.is_authenticated:
        return Actor.objects.none()
    return Actor.objects.published().owned_by(user)


def _check_actors(user, actors, field: str, already=(),
                  staff_perm: str = "innovations.change_innovation") -> None:
    """The actors chosen are the user's own published organisations (staff may choose any);
    on an edit, those already named (co-authors added by staff) may stay."""
    if user.has_perm(staff_perm):
        return
    allowed = set(proposing_actors(user).values_list("pk", flat=True))
    if not actors or not allowed & {actor.pk for actor in actors} or any(
            actor.pk not in allowed and actor.pk not in already for actor in actors):
        raise ValidationError({field: _(
            "Choose among your own published organisations.")})


def check_city_of_origin(city, actors) -> None:
    """The city of origin is the city of one of the originating actors, so that nobody
    chooses which officials moderate them."""
    if city is not None and actors and city.pk not in {actor.city_id for actor in actors}:
        raise ValidationError({"city": _(
            "The city of origin must be the city of one of the originating organisations "
            "(%(cities)s).") % {"cities": ", ".join(sorted(
                {actor.city.name for actor in actors}))}})


def _save_with_slug(innovation: Innovation) -> None:
    for attempt in range(3):
        try:
            with transaction.atomic():
                innovation.save()
            return
        except IntegrityError:
            # Another proposal took the slug between the check and the insert.
            if attempt == 2:
                raise
            innovation.slug = (f"{innovation.slug[:200]}-"
                               f"{get_random_string(5, 'abcdefghjkmnpqrstuvwxyz')}")


@transaction.atomic
def submit_innovation(*, user, data: dict, source: str = "site") -> Innovation:
    """A new innovation from the owner of its actors; it waits for the moderation of the
    officials of its city of origin."""
    count_submission(user=user, kind="innovations.innovation")
    data = dict(data)
    actors = list(data.pop("actors", []))
    themes = list(data.pop("themes", []))
    _check_actors(user, actors, "actors")
    check_city_of_origin(data.get("city"), actors)
    innovation = Innovation(**data, status=ForgeStatus.PENDING, submitted_by=user,
                            source=source)
    innovation.slug = unique_slug(Innovation, innovation.title,
                                  f"{innovation.title} {innovation.city.slug}", max_length=200)
    innovation._history_user = user
    innovation._change_reason = "submitted"
    innovation.full_clean()
    _save_with_slug(innovation)
    innovation.actors.set(actors)
    innovation.themes.set(themes)
    record(innovation, DecisionAction.SUBMITTED, user)
    return innovation


def check_move(innovation: Innovation, city) -> None:
    """An innovation cannot move to a city where one of its adaptations lives."""
    if innovation.adaptations.exclude(
            status__in=[ForgeStatus.ARCHIVED, ForgeStatus.REJECTED]).filter(
            city=city).exists():
        raise ValidationError({"city": _(
            "An adaptation of this innovation was made in that city: it cannot be the city "
            "of origin too.")})


def follow_move(innovation: Innovation) -> None:
    """After a move, the adaptations' copy of the city of origin follows."""
    innovation.adaptations.exclude(origin_city=innovation.city).update(
        origin_city=innovation.city)


@transaction.atomic
def update_innovation(*, innovation: Innovation, user, data: dict) -> Innovation | Revision:
    """An owner's or staff's edit. Moving the innovation to another city is refused when an
    adaptation lives there; otherwise the adaptations follow (their `origin_city`).

    An owner's change to a published innovation waits for review: it joins the pending
    revision, which is returned (see revisions.services); other edits apply at once.
    """
    innovation = Innovation.objects.select_for_update().get(pk=innovation.pk)
    data = dict(data)
    actors = data.get("actors")
    if actors is not None:
        _check_actors(user, actors, "actors",
                      already=set(innovation.actors.values_list("pk", flat=True)))
    moved = "city" in data and data["city"].pk != innovation.city_id
    if moved or actors is not None:
        check_city_of_origin(data.get("city", innovation.city), list(
            actors if actors is not None else innovation.actors.select_related("city")))
    if moved:
        check_move(innovation, data["city"])
    return edit_or_propose(item=innovation, user=user, data=data,
                           apply=_apply_innovation_edit)


def _apply_innovation_edit(innovation: Innovation, user, data: dict) -> Innovation:
    """An edit that goes live; a reopened item goes back to the officials."""
    data = dict(data)
    actors = data.pop("actors", None)
    themes = data.pop("themes", None)
    moved = "city" in data and data["city"].pk != innovation.city_id
    for name, value in data.items():
        setattr(innovation, name, value)
    innovation._history_user = user
    innovation._change_reason = "edited"
    resubmitted = innovation.status in REOPENED
    if resubmitted:
        innovation.status = ForgeStatus.PENDING
        innovation._change_reason = "edited: moderation again"
    innovation.full_clean()
    innovation.save()
    if moved:
        follow_move(innovation)
    if actors is not None:
        innovation.actors.set(actors)
    if themes is not None:
        innovation.themes.set(themes)
    if resubmitted:
        record(innovation, DecisionAction.RESUBMITTED, user)
    elif innovation.status == ForgeStatus.PUBLISHED:
        safely(notify_change, innovation, user)
    return innovation


@transaction.atomic
def submit_adaptation(*, user, innovation: Innovation, data: dict,
                      source: str = "site") -> Adaptation:
    """A new adaptation of a published innovation by one of the user's organisations, in
    another city than the innovation's; it waits for the adapting city's officials."""
    count_submission(user=user, kind="innovations.adaptation")
    data = dict(data)
    if innovation.status != ForgeStatus.PUBLISHED:
        raise ValidationError(_("Only a published innovation can be adapted."))
    actor = data.get("actor")
    _check_actors(user, [actor] if actor else [], "actor",
                  staff_perm="innovations.change_adaptation")
    if actor.status != ActorStatus.PUBLISHED:
        raise ValidationError({"actor": _("Choose among your own published organisations.")})
    data.setdefault("city", actor.city)
    adaptation = Adaptation(**data, innovation=innovation, origin_city=innovation.city,
                            status=ForgeStatus.PENDING, submitted_by=user, source=source)
    adaptation._history_user = user
    adaptation._change_reason = "submitted"
    adaptation.full_clean()
    adaptation.save()
    record(adaptation, DecisionAction.SUBMITTED, user)
    return adaptation


@transaction.atomic
def update_adaptation(*, adaptation: Adaptation, user, data: dict) -> Adaptation | Revision:
    """An owner's or staff's edit; an owner's change to a published adaptation waits for
    review (the pending revision is returned), as for innovations."""
    adaptation = Adaptation.objects.select_for_update().get(pk=adaptation.pk)
    data = dict(data)
    if "actor" in data and data["actor"].pk != adaptation.actor_id:
        _check_actors(user, [data["actor"]], "actor",
                      staff_perm="innovations.change_adaptation")
    return edit_or_propose(item=adaptation, user=user, data=data,
                           apply=_apply_adaptation_edit)


def _apply_adaptation_edit(adaptation: Adaptation, user, data: dict) -> Adaptation:
    for name, value in data.items():
        setattr(adaptation, name, value)
    adaptation._history_user = user
    adaptation._change_reason = "edited"
    resubmitted = adaptation.status in REOPENED
    if resubmitted:
        adaptation.status = ForgeStatus.PENDING
        adaptation._change_reason = "edited: moderation again"
    adaptation.full_clean()
    adaptation.save()
    if resubmitted:
        record(adaptation, DecisionAction.RESUBMITTED, user)
    elif adaptation.status == ForgeStatus.PUBLISHED:
        safely(notify_change, adaptation, user)
    return adaptation
