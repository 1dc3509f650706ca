"""The user's own pages: profile and roles, data download, account deletion; privacy."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.forms import DeleteAccountForm, ModerationNoticeForm
from accounts.services import delete_account, export_user_data
from actors.models import Actor
from revisions.digests import frequency_of, set_frequency


class ProfileView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            organisations=Actor.objects.owned_by(user).select_related("city"),
            official_cities=user.official_cities.select_related("country"),
            to_moderate=Actor.objects.moderated_by(user).awaiting_moderation().count(),
            api_keys=user.api_keys.with_requests_today(),
            notice_form=kwargs.pop("notice_form", None)
            or ModerationNoticeForm(initial={"frequency": frequency_of(user)}),
            **kwargs,
        )


class ModerationNoticeView(LoginRequiredMixin, View):
    """A moderator's choice of how to hear of waiting items (on the profile page)."""

    def post(self, request):
        form = ModerationNoticeForm(request.POST)
        if not form.is_valid():
            view = ProfileView()
            view.setup(request)
            return view.render_to_response(view.get_context_data(notice_form=form),
                                           status=400)
        set_frequency(user=request.user, frequency=form.cleaned_data["frequency"])
        messages.success(request, _("Your moderation e-mail preference is saved."))
        return redirect("accounts:profile")


class DataExportView(LoginRequiredMixin, View):
    """GET: the user's data as a JSON file."""

    def get(self, request):
        data = export_user_data(user=request.user)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        filename = f"innovations-locales-{timezone.now():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class DeleteAccountView(LoginRequiredMixin, FormView):
    template_name = "accounts/delete_account.html"
    form_class = DeleteAccountForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        user = self.request.user
        logout(self.request)
        report = delete_account(user=user)
        messages.success(self.request, _(
            "Your account was deleted. Organisations you held alone were archived: %(n)d."
        ) % {"n": report["archived"]})
        return redirect("actors:map")


class PrivacyView(TemplateView):
    template_name = "accounts/privacy.html"
