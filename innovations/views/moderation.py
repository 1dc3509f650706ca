"""Moderation of the forge: officials of the city of origin decide on innovations,
officials of the adapting city on adaptations; staff on both."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from actors.forms import ArchiveForm
from innovations.forms import DecisionForm
from innovations.models import Adaptation, DecisionAction, ForgeStatus, Innovation
from innovations.moderation import ModerationConflict, decide, latest_version_id
from revisions.history import history


def moderates_something(user) -> bool:
    return user.is_authenticated and (
        user.has_perm("innovations.change_innovation")
        or user.has_perm("innovations.change_adaptation")
        or user.official_cities.exists())


class ModerationQueueView(LoginRequiredMixin, TemplateView):
    """The innovations and adaptations of the user's cities in one status (pending first)."""

    template_name = "innovations/moderation_queue.html"
    limit = 200

    def get(self, request, *args, **kwargs):
        # Without parameters (the old link to the queue): the moderation queue's forge.
        if not request.GET:
            return redirect(f"{reverse('revisions:queue')}?kind=innovation&kind=adaptation")
        return super().get(request, *args, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not moderates_something(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        status = self.request.GET.get("status") or ForgeStatus.PENDING
        if status not in ForgeStatus.values:
            status = ForgeStatus.PENDING
        innovations = (Innovation.objects.moderated_by(user).filter(status=status)
                       .select_related("city__country").order_by("created_at", "pk"))
        adaptations = (Adaptation.objects.moderated_by(user).filter(status=status)
                       .select_related("innovation", "actor", "city__country")
                       .order_by("created_at", "pk"))
        return super().get_context_data(
            status=status, statuses=ForgeStatus.choices,
            innovations=innovations[:self.limit], adaptations=adaptations[:self.limit],
            **kwargs)


class ModerateMixin(LoginRequiredMixin):
    template_name = "innovations/moderate.html"
    model = None

    def get_item(self):
        item = get_object_or_404(self.model.objects.all(), pk=self.kwargs["pk"])
        if not item.can_be_moderated_by(self.request.user):
            raise Http404
        return item

    def get_context_data(self, **kwargs):
        item = self.get_item()
        return super().get_context_data(
            item=item, kind=self.model._meta.model_name,
            form=kwargs.pop("form", None) or DecisionForm(
                initial={"seen_version": latest_version_id(item)}),
            archive_form=ArchiveForm(prefix="archive"),
            history=history(item, decisions=item.decisions.select_related("decided_by")),
            **kwargs)

    def post(self, request, *args, **kwargs):
        item = self.get_item()
        archiving = request.POST.get("operation") == "archive"
        form = (ArchiveForm(request.POST, prefix="archive") if archiving
                else DecisionForm(request.POST))
        if not form.is_valid():
            if archiving:
                messages.error(request, " ".join(form.errors.get("message", [])))
                return redirect(request.path)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        action = DecisionAction.ARCHIVED if archiving else form.cleaned_data["action"]
        try:
            item = decide(model=self.model, pk=item.pk, user=request.user, action=action,
                          message=form.cleaned_data["message"],
                          seen_version=None if archiving else form.cleaned_data["seen_version"])
        except ModerationConflict as conflict:
            messages.error(request, str(conflict))
            return redirect(request.path)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Done: “%(name)s” is now “%(status)s”.") % {
            "name": str(item), "status": item.get_status_display()})
        return redirect(request.path)


class ModerateInnovationView(ModerateMixin, TemplateView):
    model = Innovation


class ModerateAdaptationView(ModerateMixin, TemplateView):
    model = Adaptation
