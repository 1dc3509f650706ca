"""Send every queued e-mail that is due now (the worker runs this every few seconds)."""

from django.core.management.base import BaseCommand

from ops.mail import send_queued


class Command(BaseCommand):
    help = ("Send the queued e-mails due now; failures are deferred with backoff. "
            "--retry-deferred also retries every deferred message at once.")

    def add_arguments(self, parser):
        parser.add_argument("--retry-deferred", action="store_true",
                            help="Retry deferred messages now, whatever their backoff.")

    def handle(self, *args, **options):
        report = send_queued(include_all=options["retry_deferred"])
        self.stdout.write(
            f"sent: {report['sent']}, deferred: {report['deferred']}, "
            f"back from deferred: {report['requeued']}")
