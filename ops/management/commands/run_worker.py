"""The worker: the heartbeat, the e-mail queue and every periodic job, in one process."""

import signal
import threading

from django.core.management.base import BaseCommand

from ops import worker


class Command(BaseCommand):
    help = ("Run the periodic jobs of settings.WORKER_JOBS (the e-mail queue every few "
            "seconds, daily jobs at their time) until SIGTERM or SIGINT.")

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=5.0,
                            help="Seconds between rounds (default 5).")
        parser.add_argument("--once", action="store_true", help="Run one round and exit.")

    def handle(self, *args, **options):
        stop = threading.Event()

        def request_stop(signum, frame):
            self.stdout.write("Worker stopping after the current job.")
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        self.stdout.write(f"Worker started: jobs {[job.command for job in worker.jobs()]}")
        rounds = worker.run(interval=options["interval"], stop=stop,
                            max_rounds=1 if options["once"] else None)
        self.stdout.write(f"Worker stopped after {rounds} round(s).")
