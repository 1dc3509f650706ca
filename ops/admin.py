from django.contrib import admin

from ops.models import JobState, MailRetry


@admin.register(JobState)
class JobStateAdmin(admin.ModelAdmin):
    """The worker's heartbeat and each periodic job's last run, read-only."""

    list_display = ["name", "last_run_at", "last_success_at", "last_error"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False


@admin.register(MailRetry)
class MailRetryAdmin(admin.ModelAdmin):
    """Deferred e-mails and their next try (the messages are under "Mailer")."""

    list_display = ["message", "attempts", "next_attempt_at", "last_error"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False
