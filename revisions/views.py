"""Reviewed edits on the site: moderators' queue and review page (the diff, approve,
edit then approve, reject with a reason), and the owner's withdrawal."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import RedirectView, TemplateView

from cities.maps import map_config
from revisions import queue
from revisions.history import history
from revisions.models import Revision
from revisions.registry import spec_for
from revisions.selectors import diff
from revisions.services import (
    RevisionConflict,
    approve,
    may_review,
    reject,
    withdraw,
)
from revisions.values import live


class ReviewView(LoginRequiredMixin, TemplateView):
    """One revision: the published and the proposed values side by side, field by field,
    with both images and both points on a small map."""

    template_name = "revisions/review.html"

    def get_revision(self) -> tuple[Revision, object]:
        revision = get_object_or_404(Revision.objects.select_related("content_type", "author"),
                                     pk=self.kwargs["pk"])
        item = revision.item
        if item is None or not (may_review(revision, item, self.request.user)
                                or item.can_be_moderated_by(self.request.user)):
            raise Http404
        return revision, item

    def get_context_data(self, **kwargs):
        revision, item = self.get_revision()
        changes = diff(revision, item)
        by_name = {change.name: change for change in changes}
        points = None
        if getattr(item, "latitude", None) is not None:
            # Both points, even when the place does not change (then they coincide).
            old = [item.latitude, item.longitude]
            new = [by_name["latitude"].new_raw if "latitude" in by_name else old[0],
                   by_name["longitude"].new_raw if "longitude" in by_name else old[1]]
            points = {"before": old, "after": new}
        spec = spec_for(item)
        images = None
        if spec and spec.image_field:
            old_image = live(item, spec.image_field)
            change = by_name.get(spec.image_field)
            images = {"old": old_image, "new": change.new_raw if change else old_image,
                      "label": item._meta.get_field(spec.image_field).verbose_name}
        decisions = getattr(item, "decisions", None)
        return super().get_context_data(
            revision=revision, item=item, changes=changes,
            kind=item._meta.verbose_name, may_decide=may_review(
                revision, item, self.request.user) and revision.status == "pending",
            own=revision.author_id == self.request.user.pk,
            map_data={**map_config(), **points} if points else None,
            images=images,
            panel=spec.panel(item, self.request.user) if spec and spec.panel else None,
            history=history(item, decisions=decisions.select_related("decided_by")
                            if decisions is not None else ()),
            **kwargs)

    def post(self, request, *args, **kwargs):
        revision, item = self.get_revision()
        operation = request.POST.get("operation", "")
        message = request.POST.get("message", "")[:2000]
        seen = request.POST.get("seen") or None
        try:
            if operation == "approve":
                approve(revision_id=revision.pk, user=request.user, message=message,
                        edits=self.edits(revision, item), seen=seen)
                messages.success(request, _("The changes are approved and now public."))
            elif operation == "reject":
                reject(revision_id=revision.pk, user=request.user, reason=message, seen=seen)
                messages.success(request, _("The changes are rejected; the owner is told why."))
            else:
                raise RevisionConflict(_("Unknown operation."))
        except RevisionConflict as conflict:
            messages.error(request, str(conflict))
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            context = self.get_context_data(errors=error.messages)
            return self.render_to_response(context, status=400)
        return redirect("revisions:review", pk=revision.pk)

    def edits(self, revision: Revision, item) -> dict:
        """The values the moderator retyped ("edit, then approve"), cleaned by each
        field's own form field; a bad value is a ValidationError for that field."""
        edits = {}
        for change in diff(revision, item):
            key = f"value-{change.name}"
            if change.editable and key in self.request.POST:
                field = item._meta.get_field(change.name)
                edits[change.name] = field.formfield().clean(self.request.POST[key])
        return edits


class WithdrawView(LoginRequiredMixin, View):
    """The owner takes their proposed changes back."""

    def post(self, request, pk):
        revision = get_object_or_404(Revision, pk=pk)
        try:
            withdraw(revision_id=revision.pk, user=request.user)
        except PermissionDenied:
            raise Http404 from None
        except RevisionConflict as conflict:
            messages.error(request, str(conflict))
        else:
            messages.success(request, _("Your proposed changes are withdrawn."))
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()},
                                               require_https=request.is_secure()):
            target = "/"
        return redirect(target)


class QueueFilterForm(forms.Form):
    """The queue's filters, a plain GET form (values checked against the user's cities)."""

    city = forms.TypedChoiceField(label=gettext_lazy("City"), required=False, coerce=int,
                                  empty_value=None)
    kind = forms.MultipleChoiceField(label=gettext_lazy("Kind of item"), required=False,
                                     choices=list(queue.KINDS.items()),
                                     widget=forms.CheckboxSelectMultiple)
    stage = forms.ChoiceField(label=gettext_lazy("New or changed"), required=False,
                              choices=[("", gettext_lazy("All"))] + list(queue.STAGES))

    def __init__(self, data, *, cities):
        super().__init__(data)
        self.fields["city"].choices = [("", _("All my cities"))] + [
            (city.pk, city.name) for city in cities]


class QueueView(LoginRequiredMixin, TemplateView):
    """Everything waiting for the user's decision, oldest first, with how long each has
    waited; filters by city, kind of item and new/changed, each value with its count."""

    template_name = "revisions/queue.html"
    limit = 200

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not queue.moderates(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        entries = queue.queue_for(request.user)
        cities = queue.queue_cities(request.user, entries)
        form = QueueFilterForm(request.GET, cities=cities)
        chosen = {"city": None, "kinds": (), "stage": ""}
        if form.is_valid():
            chosen = {"city": form.cleaned_data["city"], "kinds": form.cleaned_data["kind"],
                      "stage": form.cleaned_data["stage"]}
        shown = queue.select(entries, **chosen)
        counted = queue.counts(entries, **chosen)
        context = self.get_context_data(
            form=form, entries=shown[:self.limit], total=len(shown),
            truncated=len(shown) > self.limit,
            city_options=[(city, counted["city"][city.pk], city.pk == chosen["city"])
                          for city in cities],
            all_cities_count=sum(counted["city"].values()),
            kind_options=[(value, label, counted["kind"][value], value in chosen["kinds"])
                          for value, label in queue.KINDS.items()],
            stage_options=[(value, label, counted["stage"][value], value == chosen["stage"])
                           for value, label in queue.STAGES],
            all_stages_count=sum(counted["stage"].values()))
        return self.render_to_response(context, status=200 if form.is_valid() else 400)


class ChangesQueueView(RedirectView):
    """The former list of changes awaiting review: now the queue's "changes" filter."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return f"{reverse('revisions:queue')}?stage={queue.REVISION}"
