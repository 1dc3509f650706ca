"""Reminders about items left waiting for moderation (the worker runs it daily)."""

from django.core.management.base import BaseCommand

from revisions.digests import send_reminders


class Command(BaseCommand):
    help = ("Remind the city's officials of items waiting more than "
            "MODERATION_REMINDER_DAYS, and AIMF staff after MODERATION_ESCALATION_DAYS "
            "(at once for a city without officials); each item once per level.")

    def handle(self, *args, **options):
        self.stdout.write(f"reminders sent: {send_reminders()}")
