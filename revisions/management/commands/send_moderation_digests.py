"""One digest per moderator of what waits in their cities (the worker runs it hourly)."""

from django.core.management.base import BaseCommand

from revisions.digests import send_digests


class Command(BaseCommand):
    help = ("E-mail each moderator who chose an hourly or daily digest the items waiting "
            "in their cities, when something arrived since their last digest.")

    def handle(self, *args, **options):
        self.stdout.write(f"digests sent: {send_digests()}")
