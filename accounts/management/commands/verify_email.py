"""Mark a user's e-mail address as verified (for accounts created on the command line,
like the demo administrator), so that they can sign in."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Mark the e-mail address of an existing user as verified and primary."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with the e-mail address {email!r}.")
        address, created = EmailAddress.objects.update_or_create(
            user=user, email__iexact=email,
            defaults={"email": user.email, "verified": True, "primary": True},
        )
        self.stdout.write(f"{address.email}: verified{' (added)' if created else ''}")
