"""Merging two actors that are one organisation, and dismissing a possible duplicate.

Nothing is deleted: the merged actor is archived (hidden from every public list, the API,
the exports and the map), its slug redirects to the kept one, its source identifier moves
to the kept one (so re-imports from either source update it), and both histories say so.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.duplicates import merged_actor_ids
from actors.identity import ActorSlugRedirect, ActorSourceId, DuplicatePair
from actors.models import Actor, ActorStatus, ModerationAction, ModerationDecision

# Filled on the kept actor from the merged one when the kept one lacks them; a consent
# travels with its value.
FILLED = [
    "address", "short_description", "description", "website", "social_links",
    "founded_year", "logo", "is_women_led", "languages", "accessibility_notes",
]
WITH_CONSENT = {"email": "email_is_public", "phone": "phone_is_public",
                "contact_name": "contact_name_is_public"}


def lacks(actor: Actor, name: str) -> bool:
    value = getattr(actor, name)
    return value in ("", None, [], {}) or (name == "logo" and not value)


@transaction.atomic
def merge_actors(*, kept: Actor, merged: Actor, user, pair: DuplicatePair | None = None
                 ) -> list[str]:
    """Merges `merged` into `kept`; returns the names of the fields filled on `kept`."""
    if kept.pk == merged.pk:
        raise ValidationError(_("An actor cannot be merged with itself."))
    kept, merged = (Actor.objects.select_for_update().get(pk=pk)
                    for pk in (kept.pk, merged.pk))
    if merged_actor_ids().filter(pk__in=[kept.pk, merged.pk]).exists():
        raise ValidationError(_("One of these actors was already merged into another."))
    filled = []
    for name in FILLED:
        if lacks(kept, name) and not lacks(merged, name):
            setattr(kept, name, getattr(merged, name))
            filled.append(name)
    for name, consent in WITH_CONSENT.items():
        if lacks(kept, name) and not lacks(merged, name):
            setattr(kept, name, getattr(merged, name))
            setattr(kept, consent, getattr(merged, consent))
            filled.append(name)
    if kept.accessibility == Actor.Accessibility.UNKNOWN != merged.accessibility:
        kept.accessibility = merged.accessibility
        filled.append("accessibility")
    if kept.location_precision != Actor.Precision.EXACT == merged.location_precision:
        kept.latitude, kept.longitude = merged.latitude, merged.longitude
        kept.location_precision = merged.location_precision
        filled.append("location")
    # The merged actor's identifiers follow the kept one; its own row keeps its source.
    if merged.external_id:
        ActorSourceId.objects.create(actor=kept, source=merged.source,
                                     external_id=merged.external_id)
        merged.external_id = ""
    ActorSourceId.objects.filter(actor=merged).update(actor=kept)
    ActorSlugRedirect.objects.filter(actor=merged).update(actor=kept)
    ActorSlugRedirect.objects.create(slug=merged.slug, actor=kept)
    added_themes = set(merged.themes.values_list("pk", flat=True)) - set(
        kept.themes.values_list("pk", flat=True))

    kept.full_clean()
    kept._history_user = user
    kept._change_reason = f"merged with {merged.name} (#{merged.pk})"[:100]
    kept.save()
    if added_themes:
        kept.themes.add(*added_themes)
        filled.append("themes")
    merged.status = ActorStatus.ARCHIVED
    merged._history_user = user
    merged._change_reason = f"merged into {kept.name} (#{kept.pk})"[:100]
    merged.save()
    ModerationDecision.objects.create(
        actor=merged, action=ModerationAction.ARCHIVED, decided_by=user,
        message=_("Merged into %(name)s (#%(id)d).") % {"name": kept.name, "id": kept.pk})

    now = timezone.now()
    low, high = sorted((kept.pk, merged.pk))
    pair = pair or DuplicatePair.objects.filter(first_id=low, second_id=high).first() or \
        DuplicatePair(first_id=low, second_id=high, found_by="merge")
    pair.status, pair.kept = DuplicatePair.Status.MERGED, kept
    pair.decided_by, pair.decided_at = user, now
    pair._history_user = user
    pair._change_reason = "merged"
    pair.save()
    # The merged actor's other open pairs now concern the kept one (if not paired yet).
    for other in DuplicatePair.objects.open().involving(merged).exclude(pk=pair.pk):
        partner = other.second_id if other.first_id == merged.pk else other.first_id
        low, high = sorted((kept.pk, partner))
        if partner == kept.pk or DuplicatePair.objects.filter(
                first_id=low, second_id=high).exists():
            other.status, other.kept = DuplicatePair.Status.MERGED, kept
            other.decided_by, other.decided_at = user, now
        else:
            other.first_id, other.second_id = low, high
        other._history_user = user
        other._change_reason = f"{merged.pk} merged into {kept.pk}"
        other.save()
    return filled


@transaction.atomic
def dismiss_pair(*, pair: DuplicatePair, user) -> DuplicatePair:
    """Staff say the two are different organisations: the pair is never raised again."""
    pair = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != DuplicatePair.Status.OPEN:
        raise ValidationError(_("This pair was already decided."))
    pair.status = DuplicatePair.Status.DISMISSED
    pair.decided_by, pair.decided_at = user, timezone.now()
    pair._history_user = user
    pair._change_reason = "not a duplicate"
    pair.full_clean()
    pair.save()
    return pair
