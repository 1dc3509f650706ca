"""A partner issues their own API key from their account."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import APIKeyScope

MAX_ACTIVE_KEYS = 5


class IssueKeyForm(forms.Form):
    name = forms.CharField(label=_("What the key is for"), max_length=50,
                           help_text=_("E.g. “Dashboard of the incubators' network”."))
    scope = forms.ChoiceField(label=_("Scope"), choices=APIKeyScope.choices,
                              initial=APIKeyScope.READ, widget=forms.RadioSelect)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        if self.user.api_keys.usable().count() >= MAX_ACTIVE_KEYS:
            raise forms.ValidationError(
                _("You already have %(count)d active keys: revoke one first."),
                params={"count": MAX_ACTIVE_KEYS})
        return super().clean()
