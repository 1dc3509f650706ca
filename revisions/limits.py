"""Limits on what a user sends to the officials (new items, resubmissions, revisions),
counted per user in the database, so that the web form and every one of the user's API
keys draw on the same allowance."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from revisions.models import Submission


class SubmissionLimitReached(ValidationError):
    """Too many submissions by this user in the last hour or day."""


def count_submission(*, user, kind: str, now: datetime.datetime | None = None) -> None:
    """Count one submission of `user`, or raise SubmissionLimitReached when their hourly
    (SUBMISSIONS_PER_HOUR) or daily (SUBMISSIONS_PER_DAY) allowance is used up. Staff
    allowed to change any organisation are not limited. Call inside the write's
    transaction: the user's row is locked so that parallel requests count in turn."""
    if user is None or not user.is_authenticated or user.has_perm("actors.change_actor"):
        return
    now = now or timezone.now()
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    recent = Submission.objects.filter(user=user)
    for limit, window, message in (
        (settings.SUBMISSIONS_PER_HOUR, datetime.timedelta(hours=1),
         _("Too many submissions in the last hour (at most %(limit)d, whatever the way: "
           "site or API keys); try again later.")),
        (settings.SUBMISSIONS_PER_DAY, datetime.timedelta(days=1),
         _("Too many submissions in the last 24 hours (at most %(limit)d, whatever the "
           "way: site or API keys); try again tomorrow.")),
    ):
        if limit and recent.filter(created_at__gt=now - window).count() >= limit:
            raise SubmissionLimitReached({NON_FIELD_ERRORS: ValidationError(
                message % {"limit": limit}, code="throttled")})
    Submission.objects.create(user=user, kind=kind, created_at=now)
