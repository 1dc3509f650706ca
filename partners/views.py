"""The partner's keys on their account: issue one (shown once), revoke one."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from partners.forms import IssueKeyForm
from partners.services import issue_key, revoke_key


class IssueKeyView(LoginRequiredMixin, FormView):
    template_name = "partners/issue_key.html"
    form_class = IssueKeyForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        key, secret = issue_key(owner=self.request.user, name=form.cleaned_data["name"],
                                scope=form.cleaned_data["scope"])
        return self.render_to_response(self.get_context_data(form=form, key=key,
                                                             secret=secret))


class RevokeKeyView(LoginRequiredMixin, View):
    def post(self, request, prefix):
        key = get_object_or_404(request.user.api_keys, prefix=prefix)
        revoke_key(key=key)
        messages.success(request, _("The key %(prefix)s is revoked.") % {"prefix": key.prefix})
        return redirect("accounts:profile")
