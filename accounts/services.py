"""A user's personal data: download it, or delete the account."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from actors.models import Actor, ActorStatus
from actors.moderation import change_status


def export_user_data(*, user) -> dict:
    """Everything stored about the user, as JSON-ready data (the "download my data" file)."""

    def stamp(value):
        return value.isoformat() if value else None

    actors = Actor.objects.owned_by(user).select_related("kind", "city__country")
    return {
        "exported_at": stamp(timezone.now()),
        "account": {
            "username": user.get_username(), "email": user.email,
            "first_name": user.first_name, "last_name": user.last_name,
            "date_joined": stamp(user.date_joined), "last_login": stamp(user.last_login),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "city_official_of": [city.slug for city in user.official_cities.all()],
        "organisations": [
            {
                "id": actor.pk, "name": actor.name, "slug": actor.slug, "status": actor.status,
                "kind": actor.kind.slug, "city": actor.city.slug, "address": actor.address,
                "latitude": actor.latitude, "longitude": actor.longitude,
                "website": actor.website, "email": actor.email,
                "email_is_public": actor.email_is_public, "phone": actor.phone,
                "phone_is_public": actor.phone_is_public, "contact_name": actor.contact_name,
                "contact_name_is_public": actor.contact_name_is_public,
                "short_description": actor.short_description, "description": actor.description,
                "created_at": stamp(actor.created_at), "updated_at": stamp(actor.updated_at),
            }
            for actor in actors
        ],
        "moderation_decisions_made": [
            {"organisation": decision.actor_id, "action": decision.action,
             "message": decision.message, "at": stamp(decision.created_at)}
            for decision in user.moderation_decisions.all()
        ],
        "api_keys": [
            {"prefix": key.prefix, "name": key.name, "scope": key.scope,
             "created": stamp(key.created), "revoked": key.revoked}
            for key in user.api_keys.all()
        ],
    }


@transaction.atomic
def delete_account(*, user) -> dict:
    """Delete the account. Organisations with other owners stay as they are; those the
    user held alone are archived (never deleted), with the reason in their history."""
    report = {"kept": 0, "archived": 0}
    for actor in Actor.objects.owned_by(user).select_for_update():
        actor.owners.remove(user)
        if actor.owners.exists():
            report["kept"] += 1
            continue
        if actor.status != ActorStatus.ARCHIVED:
            change_status(actor=actor, status=ActorStatus.ARCHIVED,
                          message="The only owner deleted their account.",
                          reason="archived: its only owner deleted their account")
        report["archived"] += 1
    user.delete()
    return report
