"""Issue an API key from the command line (the admin does the same); prints it once."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cities.input_rules import ascii_int_argument
from partners.models import APIKeyScope
from partners.services import issue_key


class Command(BaseCommand):
    help = "Issue an API key to an existing user; the key is printed once and stored hashed."

    def add_arguments(self, parser):
        parser.add_argument("--owner", required=True, help="Username of the key's owner.")
        parser.add_argument("--name", required=True, help="What the key is for.")
        parser.add_argument("--scope", choices=APIKeyScope.values, default=APIKeyScope.READ)
        parser.add_argument("--daily-quota", type=ascii_int_argument, default=None)

    def handle(self, *args, owner, name, scope, daily_quota, **options):
        user = get_user_model().objects.filter(username=owner).first()
        if user is None:
            raise CommandError(f"No user named {owner!r}.")
        try:
            key, secret = issue_key(owner=user, name=name, scope=scope, daily_quota=daily_quota)
        except ValidationError as error:
            raise CommandError("; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )) from error
        self.stderr.write(f"Key {key.prefix} ({scope}, {key.daily_quota} requests a day) "
                          f"for {owner}; it will not be shown again:")
        self.stdout.write(secret)
