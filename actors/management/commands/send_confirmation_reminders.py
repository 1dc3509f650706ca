"""Daily from cron: ask owners to confirm entries unconfirmed for a year; archive those
still unconfirmed after the grace period (settings.ACTOR_CONFIRMATION_*)."""

from django.core.management.base import BaseCommand

from actors.moderation import send_confirmation_reminders


class Command(BaseCommand):
    help = ("E-mail owners of organisations not confirmed for ACTOR_CONFIRMATION_MONTHS a "
            "signed 'still active' link; archive those unconfirmed ACTOR_CONFIRMATION_GRACE_DAYS "
            "after the reminder.")

    def handle(self, *args, **options):
        report = send_confirmation_reminders()
        self.stdout.write(
            f"reminded: {report['reminded']}, archived: {report['archived']}, "
            f"without an owner's e-mail: {report['without_owner']}"
        )
