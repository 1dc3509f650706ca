"""City officials' and staff's moderation: the queue of their cities, and one
organisation's page with its decisions, its verified mark, archiving and its history."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from actors.forms import ArchiveForm, DecisionForm
from actors.models import Actor, ActorStatus, ModerationAction
from actors.moderation import (
    ModerationConflict,
    decide,
    latest_version_id,
    revert,
    set_verified,
)
from actors.selectors import decision_panel
from cities.maps import map_config
from revisions.history import history


class ModerationQueueView(LoginRequiredMixin, ListView):
    """The organisations of the cities the user moderates in one status, to search, verify
    or archive. Without parameters (the old link to the queue), the moderation queue's
    organisations."""

    template_name = "actors/moderation_queue.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        if not request.GET:
            return redirect(f"{reverse('revisions:queue')}?kind=organisation")
        return super().get(request, *args, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (
            request.user.has_perm("actors.change_actor")
            or request.user.official_cities.exists()
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        queryset = (Actor.objects.moderated_by(self.request.user).with_owner_official()
                    .select_related("city__country", "kind"))
        status = self.request.GET.get("status") or ActorStatus.PENDING
        if status not in ActorStatus.values:
            status = ActorStatus.PENDING
        self.status = status
        query = self.request.GET.get("q", "").replace("\x00", "").strip()
        self.search_errors = []
        if query:
            try:
                queryset = queryset.search(query)
            except ValidationError as error:  # beyond the search limits
                self.search_errors = error.messages
                queryset = queryset.none()
        order = "created_at" if status == ActorStatus.PENDING else "name"
        return queryset.filter(status=status).order_by(order, "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            status=self.status, statuses=ActorStatus.choices,
            query=self.request.GET.get("q", ""), search_errors=self.search_errors, **kwargs)


class ModerateActorView(LoginRequiredMixin, TemplateView):
    template_name = "actors/moderate_actor.html"

    def get_actor(self) -> Actor:
        actor = get_object_or_404(
            Actor.objects.select_related("city__country", "kind"), pk=self.kwargs["pk"])
        if not actor.can_be_moderated_by(self.request.user):
            raise Http404
        return actor

    def get_context_data(self, **kwargs):
        actor = self.get_actor()
        return super().get_context_data(
            actor=actor,
            form=kwargs.pop("form", None) or DecisionForm(
                initial={"seen_version": latest_version_id(actor)}),
            history=history(actor, decisions=actor.decisions.select_related("decided_by")),
            panel=decision_panel(actor, self.request.user),
            map_data={**map_config(), "before": [actor.latitude, actor.longitude]},
            owners=actor.owners.all(), **kwargs)

    def post(self, request, *args, **kwargs):
        actor = self.get_actor()
        operation = request.POST.get("operation", "decide")
        try:
            if operation == "decide":
                form = DecisionForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(form=form),
                                                   status=400)
                decide(actor_id=actor.pk, user=request.user,
                       action=form.cleaned_data["action"],
                       message=form.cleaned_data["message"],
                       seen_version=form.cleaned_data["seen_version"])
            elif operation in ("verify", "unverify"):
                set_verified(actor_id=actor.pk, user=request.user,
                             verified=operation == "verify")
            elif operation == "archive":
                archive = ArchiveForm(request.POST)
                if not archive.is_valid():
                    raise ModerationConflict(" ".join(archive.errors["message"]))
                decide(actor_id=actor.pk, user=request.user, action=ModerationAction.ARCHIVED,
                       message=archive.cleaned_data["message"])
            elif operation == "revert":
                history_id = request.POST.get("version", "")
                if not history_id.isascii() or not history_id.isdigit():
                    raise ModerationConflict(_("That version does not exist."))
                revert(actor_id=actor.pk, history_id=int(history_id), user=request.user)
            else:
                raise ModerationConflict(_("Unknown operation."))
        except ModerationConflict as conflict:
            messages.error(request, str(conflict))
            return redirect("actors:moderate", pk=actor.pk)
        except ValidationError as error:
            form = DecisionForm(request.POST)
            form.is_valid()
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Done: “%(name)s” is now “%(status)s”.") % {
            "name": actor.name,
            "status": Actor.objects.get(pk=actor.pk).get_status_display()})
        return redirect("actors:moderate", pk=actor.pk)


