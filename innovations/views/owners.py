"""The owners' pages: propose an innovation or an adaptation, follow their moderation,
edit them, archive them (nothing is deleted)."""

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import FormView, TemplateView
from django_ratelimit.core import is_ratelimited

from actors.forms import ArchiveForm
from innovations.forms import AdaptationForm, InnovationForm
from innovations.models import Adaptation, Decision, DecisionAction, ForgeStatus, Innovation
from innovations.moderation import ModerationConflict, decide
from innovations.services import (
    proposing_actors,
    submit_adaptation,
    submit_innovation,
    update_adaptation,
    update_innovation,
)
from revisions.models import Revision
from revisions.next_step import attach_next_steps
from revisions.selectors import form_of_pending

SENT_FOR_REVIEW = _lazy("Your changes are sent for review: the public page keeps the "
                        "approved version until an official approves them.")
DECISIONS = Prefetch("decisions", queryset=Decision.objects.select_related("decided_by"))


def add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class ProposalMixin:
    """Shared by the four forms: a rate limit, the service call, errors on the form."""

    rate = "20/h"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        if is_ratelimited(self.request, group="innovations:submit", key="user",
                          rate=self.rate, method="POST", increment=True):
            form.add_error(None, _("Too many submissions in a short time; try again in an "
                                   "hour."))
            return self.form_invalid(form)
        try:
            item = self.save(form)
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        return redirect(f"{reverse('innovations:mine')}#{item._meta.model_name}-{item.pk}")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class NeedsPublishedActorMixin:
    """Proposals come from the owners of a published organisation."""

    def dispatch(self, request, *args, **kwargs):
        # Staff add innovations for any organisation in the admin.
        if request.user.is_authenticated and not proposing_actors(request.user).exists():
            return self.render_no_actor()
        return super().dispatch(request, *args, **kwargs)

    def render_no_actor(self):
        return render(self.request, "innovations/no_actor.html", status=403)


@method_decorator(verified_email_required, name="dispatch")
class ProposeInnovationView(NeedsPublishedActorMixin, ProposalMixin, FormView):
    form_class = InnovationForm
    template_name = "innovations/innovation_form.html"

    def save(self, form):
        innovation = submit_innovation(user=self.request.user, data=form.innovation_data())
        messages.success(self.request, _(
            "“%(title)s” is proposed and waits for the moderation of its city's officials.")
            % {"title": innovation.title})
        return innovation


class EditInnovationView(LoginRequiredMixin, ProposalMixin, FormView):
    form_class = InnovationForm
    template_name = "innovations/innovation_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = get_object_or_404(Innovation, pk=kwargs["pk"])
            if not self.object.can_be_edited_by(request.user):
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **form_of_pending(self.object)}

    def get_context_data(self, **kwargs):
        attach_next_steps([self.object], viewer=self.request.user)
        return super().get_context_data(innovation=self.object, item=self.object, **kwargs)

    def save(self, form):
        innovation = update_innovation(innovation=self.object, user=self.request.user,
                                       data=form.innovation_data())
        if isinstance(innovation, Revision):
            messages.success(self.request, SENT_FOR_REVIEW)
            return self.object
        messages.success(self.request, _("Saved. The change is in the history.")
                         if innovation.status != ForgeStatus.PENDING
                         else _("Saved and sent for moderation."))
        return innovation


@method_decorator(verified_email_required, name="dispatch")
class ProposeAdaptationView(NeedsPublishedActorMixin, ProposalMixin, FormView):
    form_class = AdaptationForm
    template_name = "innovations/adaptation_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.innovation = get_object_or_404(
            Innovation.objects.published().select_related("city"), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "innovation": self.innovation}

    def get_context_data(self, **kwargs):
        return super().get_context_data(innovation=self.innovation, **kwargs)

    def save(self, form):
        adaptation = submit_adaptation(user=self.request.user, innovation=self.innovation,
                                       data=form.adaptation_data())
        messages.success(self.request, _(
            "Your adaptation is proposed and waits for the moderation of %(city)s's "
            "officials.") % {"city": adaptation.city.name})
        return adaptation


class EditAdaptationView(LoginRequiredMixin, ProposalMixin, FormView):
    form_class = AdaptationForm
    template_name = "innovations/adaptation_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = get_object_or_404(
                Adaptation.objects.select_related("innovation__city"), pk=kwargs["pk"])
            if not self.object.can_be_edited_by(request.user):
                raise Http404
            self.innovation = self.object.innovation
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **form_of_pending(self.object),
                "innovation": self.innovation}

    def get_context_data(self, **kwargs):
        attach_next_steps([self.object], viewer=self.request.user)
        return super().get_context_data(innovation=self.innovation, adaptation=self.object,
                                        item=self.object, **kwargs)

    def save(self, form):
        adaptation = update_adaptation(adaptation=self.object, user=self.request.user,
                                       data=form.adaptation_data())
        if isinstance(adaptation, Revision):
            messages.success(self.request, SENT_FOR_REVIEW)
            return self.object
        messages.success(self.request, _("Saved. The change is in the history.")
                         if adaptation.status != ForgeStatus.PENDING
                         else _("Saved and sent for moderation."))
        return adaptation


class ArchiveMixin(LoginRequiredMixin):
    """Removing means archiving: off the public pages, kept in the history."""

    template_name = "innovations/archive.html"
    model = None

    def get_item(self):
        item = get_object_or_404(self.model, pk=self.kwargs["pk"])
        if not item.can_be_edited_by(self.request.user):
            raise Http404
        return item

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.get_item(), form=ArchiveForm(), **kwargs)

    def post(self, request, *args, **kwargs):
        item = self.get_item()
        form = ArchiveForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["message"]))
            return redirect(request.path)
        try:
            decide(model=self.model, pk=item.pk, user=request.user,
                   action=DecisionAction.ARCHIVED, message=form.cleaned_data["message"])
        except (ModerationConflict, PermissionDenied) as conflict:
            messages.error(request, str(conflict) or _("You cannot archive this."))
        else:
            messages.success(request, _("“%(name)s” is archived.") % {"name": str(item)})
        return redirect("innovations:mine")


class ArchiveInnovationView(ArchiveMixin, TemplateView):
    model = Innovation


class ArchiveAdaptationView(ArchiveMixin, TemplateView):
    model = Adaptation


class MyInnovationsView(LoginRequiredMixin, TemplateView):
    """The innovations and adaptations of the user's organisations, with every step."""

    template_name = "innovations/my_innovations.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        innovations = list(Innovation.objects.owned_by(user).select_related("city__country")
                           .prefetch_related(DECISIONS).order_by("title", "pk"))
        adaptations = list(Adaptation.objects.owned_by(user)
                           .select_related("innovation", "actor", "city__country")
                           .prefetch_related(DECISIONS).order_by("innovation__title", "pk"))
        # Pending changes and the next step of each, in one go for both kinds.
        attach_next_steps(innovations + adaptations, viewer=user)
        return super().get_context_data(
            innovations=innovations, adaptations=adaptations,
            can_propose=proposing_actors(user).exists(), **kwargs)
