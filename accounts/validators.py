"""Password strength: zxcvbn's guessability score on top of Django's length and
common-password checks (which let `aaaaaaaaaaaa` through)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_zxcvbn_password_validator import ZxcvbnPasswordValidator

# zxcvbn refuses to score longer passwords; a longer one is scored on its first characters
# rather than refused, so long passphrases stay welcome.
ZXCVBN_MAX_LENGTH = 72


class PasswordStrengthValidator(ZxcvbnPasswordValidator):
    """Refuses passwords zxcvbn scores below PASSWORD_MINIMAL_STRENGTH, saying why and how
    to do better (its feedback is translated by django-zxcvbn-password-validator)."""

    def _run_zxcvbn(self, password, user=None):
        return super()._run_zxcvbn(password[:ZXCVBN_MAX_LENGTH], user)

    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError as error:
            reason = _("This password is too easy to guess (a repeated character, a common "
                       "word or name with a few digits, a keyboard row...).")
            raise ValidationError([
                ValidationError(message, code="password_too_guessable")
                for message in [reason, *error.messages[1:]]
            ]) from None

    def get_help_text(self):
        return _("Your password must not be easy to guess: several unrelated words make a "
                 "good one.")
