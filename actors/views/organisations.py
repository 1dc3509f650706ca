"""The owners' pages: register an organisation, follow its status, edit, archive, confirm
it is still active."""

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView
from django_ratelimit.core import is_ratelimited

from actors.forms import MAX_ID, ActorForm, ArchiveForm
from actors.models import Actor, ActorStatus, ModerationAction, ModerationDecision
from actors.moderation import (
    ModerationConflict,
    actor_from_confirmation_token,
    confirm_still_active,
    decide,
    resubmit,
)
from actors.selectors import registration_duplicates
from actors.services import submit_actor, update_actor
from cities.maps import city_centres
from revisions.models import Revision
from revisions.next_step import attach_next_steps
from revisions.selectors import form_of_pending


class ActorFormMixin:
    """What the registration and edit pages share: duplicates shown before saving, the
    city centres for the map, a rate limit on submissions."""

    form_class = ActorForm
    template_name = "actors/actor_form.html"
    rate = "10/h"

    def get_context_data(self, **kwargs):
        return super().get_context_data(city_centres=city_centres(), **kwargs)

    def form_valid(self, form):
        if is_ratelimited(self.request, group="actors:submit", key="user", rate=self.rate,
                          method="POST", increment=True):
            form.add_error(None, _("Too many submissions in a short time; try again in an "
                                   "hour."))
            return self.form_invalid(form)
        data = form.cleaned_data
        duplicates = registration_duplicates(
            name=data["name"], city=data["city"], website=data.get("website", ""),
            user=self.request.user, exclude_pk=getattr(self.object, "pk", None),
        )
        if duplicates and not data.get("not_a_duplicate"):
            messages.warning(self.request, _(
                "Similar organisations are already listed. Check that yours is not one of "
                "them, then tick the box below to go on."))
            if "logo" in self.request.FILES:
                form.add_error("logo", _("Choose the logo again."))
            return self.render_to_response(self.get_context_data(
                form=form, duplicates=duplicates))
        try:
            actor = self.save(form.actor_data())
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        return redirect(self.get_success_url(actor))

    def get_success_url(self, actor):
        return f"{reverse('actors:my_actors')}#actor-{actor.pk}"


@method_decorator(verified_email_required, name="dispatch")
class RegisterActorView(ActorFormMixin, FormView):
    object = None

    def save(self, data):
        actor = submit_actor(user=self.request.user, data=data, source="site")
        messages.success(self.request, _(
            "“%(name)s” is registered and waits for the city's moderation. You will be "
            "e-mailed at each step.") % {"name": actor.name})
        return actor


class OwnedActorMixin(LoginRequiredMixin):
    def get_actor(self) -> Actor:
        actor = get_object_or_404(Actor.objects.select_related("city"), pk=self.kwargs["pk"])
        if not actor.can_be_edited_by(self.request.user):
            raise Http404
        return actor


class EditActorView(OwnedActorMixin, ActorFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_actor()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **form_of_pending(self.object)}

    def get_context_data(self, **kwargs):
        attach_next_steps([self.object], viewer=self.request.user)
        return super().get_context_data(actor=self.object, item=self.object, **kwargs)

    def save(self, data):
        actor = update_actor(actor=self.object, user=self.request.user, data=data)
        if isinstance(actor, Revision):
            messages.success(self.request, _(
                "Your changes are sent for review: the public page keeps the approved "
                "version until a city official approves them."))
            return self.object
        if actor.status in (ActorStatus.CHANGES_REQUESTED, ActorStatus.REJECTED,
                            ActorStatus.DRAFT):
            actor = resubmit(actor=actor, user=self.request.user)
            messages.success(self.request, _("Saved and sent again for moderation."))
        else:
            messages.success(self.request, _("Saved. The change is in the history."))
        return actor


class ArchiveActorView(OwnedActorMixin, TemplateView):
    """Deleting an organisation means archiving it: off the map, kept in the history."""

    template_name = "actors/actor_archive.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(actor=self.get_actor(), **kwargs)

    def post(self, request, *args, **kwargs):
        actor = self.get_actor()
        form = ArchiveForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["message"]))
            return redirect("actors:my_actor_archive", pk=actor.pk)
        try:
            decide(actor_id=actor.pk, user=request.user, action=ModerationAction.ARCHIVED,
                   message=form.cleaned_data["message"])
        except ModerationConflict as conflict:
            messages.error(request, str(conflict))
        else:
            messages.success(request, _("“%(name)s” is archived.") % {"name": actor.name})
        return redirect("actors:my_actors")


class MyActorsView(LoginRequiredMixin, ListView):
    """The applicant's organisations with their status and every decision's message."""

    template_name = "actors/my_actors.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attach_next_steps(context["object_list"], viewer=self.request.user)
        return context

    def get_queryset(self):
        return (
            Actor.objects.owned_by(self.request.user)
            .select_related("city__country", "kind")
            .prefetch_related(Prefetch(
                "decisions", queryset=ModerationDecision.objects.select_related("decided_by")))
            .order_by("name")
        )

    def post(self, request, *args, **kwargs):
        """"Still active": the owner confirms from the list."""
        actor_id = request.POST.get("confirm", "")
        if not (actor_id.isascii() and actor_id.isdigit() and int(actor_id) <= MAX_ID):
            raise Http404
        actor = get_object_or_404(Actor.objects.owned_by(request.user), pk=int(actor_id))
        confirm_still_active(actor=actor, user=request.user)
        messages.success(request, _("Thank you: “%(name)s” is confirmed as active.")
                         % {"name": actor.name})
        return redirect("actors:my_actors")


class ConfirmActiveView(TemplateView):
    """The link of the freshness e-mail: signed and expiring; one click confirms."""

    template_name = "actors/confirm_active.html"

    def get_context_data(self, **kwargs):
        try:
            actor = actor_from_confirmation_token(self.kwargs["token"])
        except ValidationError as error:
            return super().get_context_data(error=error.messages[0], **kwargs)
        return super().get_context_data(actor=actor, **kwargs)

    def post(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        if "actor" not in context:
            return self.render_to_response(context, status=400)
        user = request.user if request.user.is_authenticated else None
        confirm_still_active(actor=context["actor"], user=user)
        return self.render_to_response({**context, "confirmed": True})
