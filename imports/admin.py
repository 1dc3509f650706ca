"""The admin's import page: Actor's admin, as registered by `actors`, with an "import
actors from a file" page and our CSV template added to its URLs."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from actors.admin import ActorAdmin
from actors.models import Actor
from imports import ImportFileError, import_actors
from imports.forms import ImportForm
from imports.mapping import MappingError, csv_template, read_mapping_file
from imports.models import ImportSource


class ImportPageMixin:
    """The import page and the CSV template, under the actors' admin URLs
    (admin:actors_actor_import, admin:actors_actor_import_template)."""

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view),
                 name="actors_actor_import"),
            path("import/template.csv", self.admin_site.admin_view(self.import_template),
                 name="actors_actor_import_template"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a file and import it as the import_actors command would, report shown."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        report = error = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                overrides = read_mapping_file(data["mapping"]) if data["mapping"] else None
                report = import_actors(
                    source_file=data["file"].file, fmt=data["format"], source=data["source"],
                    mapping=overrides, dry_run=data["dry_run"], publish=data["publish"],
                    closed=data["closed"], user=request.user, progress=False,
                    on_duplicate=data["on_duplicate"],
                )
            except (ImportFileError, MappingError) as exc:
                error = exc
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import actors"),
            "form": form,
            "report": report,
            "error": error,
        }
        return TemplateResponse(request, "imports/admin_import.html", context,
                                status=400 if error or form.errors or (
                                    report and not report.succeeded) else 200)

    def import_template(self, request):
        """Our CSV template: the header and one example row."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        response = HttpResponse(csv_template(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="actors-template.csv"'
        return response


# `imports` comes after `actors` in INSTALLED_APPS, so its admin module runs second.
admin.site.unregister(Actor)


@admin.register(Actor)
class ActorWithImportAdmin(ImportPageMixin, ActorAdmin):
    pass


@admin.register(ImportSource)
class ImportSourceAdmin(SimpleHistoryAdmin):
    """The sources imports have named, with the licence their data comes under."""

    list_display = ["name", "licence", "last_imported_at"]
    search_fields = ["name"]
    readonly_fields = ["name", "last_imported_at"]

    def has_add_permission(self, request):
        return False  # sources are named by imports

    def has_delete_permission(self, request, obj=None):
        return False
