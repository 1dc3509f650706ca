"""The one scheduler: jobs at their interval or daily time, once each, a heartbeat, and
errors that never stop it."""

import datetime

import pytest
from django.core.management import call_command
from mailer.models import Message

from ops import worker
from ops.models import JobState

UTC = datetime.UTC


def at(hour, minute=0, day=28):
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def test_a_daily_job_is_due_once_a_day_after_its_time():
    job = worker.Job.from_setting({"command": "x", "daily_at": "03:00"})
    assert job.is_due(None, at(2))  # never ran: catch up
    assert not job.is_due(at(3, 30, day=27), at(2))  # ran after yesterday's 03:00
    assert job.is_due(at(3, 30, day=27), at(3))
    assert not job.is_due(at(3, 0), at(23))


def test_an_interval_job_is_due_every_n_seconds():
    job = worker.Job.from_setting({"command": "x", "every": 60})
    assert not job.is_due(at(3, 0), at(3, 0) + datetime.timedelta(seconds=30))
    assert job.is_due(at(3, 0), at(3, 1))


def test_a_job_needs_exactly_one_schedule():
    with pytest.raises(ValueError):
        worker.Job.from_setting({"command": "x"})


@pytest.mark.django_db
def test_a_round_beats_and_runs_each_due_job_once(settings, monkeypatch):
    ran = []
    monkeypatch.setattr(worker, "call_command", lambda name, **kw: ran.append(name))
    settings.WORKER_JOBS = [{"command": "send_queued_mail", "every": 60},
                            {"command": "send_confirmation_reminders", "daily_at": "03:00"}]
    assert worker.tick(at(4)) == ["send_queued_mail", "send_confirmation_reminders"]
    assert worker.tick(at(4) + datetime.timedelta(seconds=10)) == []
    assert worker.tick(at(4, 2)) == ["send_queued_mail"]
    assert ran == ["send_queued_mail", "send_confirmation_reminders", "send_queued_mail"]
    assert JobState.objects.get(name="worker").last_run_at == at(4, 2)


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_the_others_still_run(settings, monkeypatch):
    def command(name, **kw):
        if name == "broken":
            raise RuntimeError("boom")

    monkeypatch.setattr(worker, "call_command", command)
    settings.WORKER_JOBS = [{"command": "broken", "every": 60},
                            {"command": "send_queued_mail", "every": 60}]
    assert worker.tick(at(5)) == ["broken", "send_queued_mail"]
    assert JobState.objects.get(name="job:broken").last_error == "RuntimeError: boom"
    assert JobState.objects.get(name="job:send_queued_mail").last_success_at is not None


@pytest.mark.django_db
def test_run_worker_once_sends_the_queue(settings, capsys):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core import mail

    mail.send_mail("Sujet", "Corps", None, ["a@example.org"])
    assert Message.objects.count() == 1
    call_command("run_worker", "--once")
    assert Message.objects.count() == 0
    assert len(mail.outbox) == 1
    assert "Worker stopped after 1 round(s)." in capsys.readouterr().out
