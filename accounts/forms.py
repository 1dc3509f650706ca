"""Account forms: sign-up (allauth's, with a CSP-friendly honeypot and the same cost for
known and new addresses), account deletion."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from revisions.models import NoticeFrequency


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form; its honeypot field is hidden by the stylesheet rather than an
    inline style, which the Content-Security-Policy refuses.

    Signing up with a registered address creates nothing and mails its owner (allauth's
    enumeration prevention), but without hashing a password it answered in a tenth of the
    time: the password is hashed on that path too, and thrown away."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        honeypot = self.fields.get(settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD)
        if honeypot is not None:
            honeypot.widget.attrs = {"class": "hp-field", "tabindex": "-1", "autocomplete": "off"}

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
            return super().try_save(request)
        # The user and its address in one commit: no account without its address, and
        # one disk sync instead of three (SQLite), which the other path does not pay.
        with transaction.atomic():
            return super().try_save(request)


class ModerationNoticeForm(forms.Form):
    """How a moderator hears of items waiting in their cities."""

    frequency = forms.ChoiceField(
        label=_("How do you want to hear of items waiting for moderation?"),
        choices=NoticeFrequency.choices, widget=forms.RadioSelect)
