"""Reviewed edits on the site: moderators' queue and review page (the diff, approve,
edit then approve, reject with a reason), and the owner's withdrawal."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from cities.maps import map_config
from revisions.models import Revision
from revisions.selectors import diff
from revisions.services import (
    RevisionConflict,
    approve,
    may_review,
    reject,
    withdraw,
)


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
        if "latitude" in by_name or "longitude" in by_name:
            old = [item.latitude, item.longitude]
            new = [revision.changes.get("latitude", old[0]),
                   revision.changes.get("longitude", old[1])]
            points = {"before": old, "after": new}
        return super().get_context_data(
            revision=revision, item=item, changes=changes,
            kind=item._meta.verbose_name, may_decide=may_review(
                revision, item, self.request.user) and revision.status == "pending",
            own=revision.author_id == self.request.user.pk,
            map_data={**map_config(), **points} if points else None,
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


class QueueView(LoginRequiredMixin, TemplateView):
    """Changes awaiting the user's review, oldest first, with how long each has waited."""

    template_name = "revisions/queue.html"
    limit = 200

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (
                request.user.is_staff or request.user.official_cities.exists()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from revisions.selectors import flag_own_work, reviewable_by

        revisions = flag_own_work(reviewable_by(self.request.user)[:self.limit])
        return super().get_context_data(revisions=revisions, **kwargs)
