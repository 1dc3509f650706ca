"""The one scheduler: periodic jobs (settings.WORKER_JOBS, each a management command run
every N seconds or daily at HH:MM UTC) and the worker's heartbeat, kept in JobState."""

import dataclasses
import datetime
import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.utils import timezone

from ops.models import JobState

logger = logging.getLogger(__name__)
HEARTBEAT = "worker"


@dataclasses.dataclass(frozen=True)
class Job:
    command: str
    every: int | None = None  # seconds
    daily_at: datetime.time | None = None  # UTC

    @classmethod
    def from_setting(cls, entry: dict) -> "Job":
        daily_at = entry.get("daily_at")
        if isinstance(daily_at, str):
            daily_at = datetime.time.fromisoformat(daily_at)
        if (entry.get("every") is None) == (daily_at is None):
            raise ValueError(f"WORKER_JOBS: {entry!r} needs exactly one of every, daily_at")
        return cls(command=entry["command"], every=entry.get("every"), daily_at=daily_at)

    def last_due(self, now: datetime.datetime) -> datetime.datetime:
        """The latest moment at or before `now` when this job was due."""
        if self.every is not None:
            return now - datetime.timedelta(seconds=self.every)
        today = datetime.datetime.combine(now.date(), self.daily_at, tzinfo=datetime.UTC)
        return today if today <= now else today - datetime.timedelta(days=1)

    def is_due(self, last_run: datetime.datetime | None, now: datetime.datetime) -> bool:
        if self.every is not None:
            return last_run is None or last_run <= self.last_due(now)
        # A daily job runs once per day after its time (a worker started later catches up).
        return last_run is None or last_run < self.last_due(now)


def jobs() -> list[Job]:
    return [Job.from_setting(entry) for entry in settings.WORKER_JOBS]


def beat(now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    JobState.objects.update_or_create(name=HEARTBEAT, defaults={"last_run_at": now})


def claim(job: Job, now: datetime.datetime) -> bool:
    """Take the job for this run; a compare-and-set on its last run, so that two workers
    never run one job twice."""
    state, _ = JobState.objects.get_or_create(name=f"job:{job.command}")
    if not job.is_due(state.last_run_at, now):
        return False
    unchanged = ({"last_run_at": state.last_run_at} if state.last_run_at
                 else {"last_run_at__isnull": True})
    return JobState.objects.filter(pk=state.pk, **unchanged).update(last_run_at=now) == 1


def run_job(job: Job) -> bool:
    """Run one job; a failure is logged and recorded, never raised."""
    name = f"job:{job.command}"
    try:
        call_command(job.command, stdout=_LogStream(job.command))
    except Exception as exc:
        logger.exception("Job %s failed", job.command)
        JobState.objects.filter(name=name).update(last_error=f"{exc.__class__.__name__}: {exc}")
        return False
    JobState.objects.filter(name=name).update(last_success_at=timezone.now(), last_error="")
    return True


def tick(now: datetime.datetime | None = None) -> list[str]:
    """One round: the heartbeat, then every job that is due. Returns the jobs run."""
    now = now or timezone.now()
    if not connection.in_atomic_block:  # (tests run rounds inside a transaction)
        close_old_connections()  # a broken connection is dropped: a restart is survived
    ran = []
    try:
        beat(now)
        for job in jobs():
            if claim(job, now):
                run_job(job)
                ran.append(job.command)
    except Exception:
        logger.exception("Worker round failed (database unreachable?); trying again")
    return ran


def run(*, interval: float, stop: threading.Event, max_rounds: int | None = None) -> int:
    """Rounds every `interval` seconds until `stop` is set (SIGTERM, SIGINT)."""
    rounds = 0
    while not stop.is_set():
        tick()
        rounds += 1
        if max_rounds is not None and rounds >= max_rounds:
            break
        stop.wait(interval)
    return rounds


class _LogStream:
    """A command's output, line by line into the log (JSON lines in production)."""

    def __init__(self, command: str):
        self.command = command

    def write(self, text: str) -> None:
        for line in text.splitlines():
            if line.strip():
                logger.info("%s: %s", self.command, line)

    def flush(self) -> None:
        pass
