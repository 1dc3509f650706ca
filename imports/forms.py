"""The admin's upload form: the command's options, for staff."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.duplicates import DuplicatePolicy
from imports.readers import FORMATS
from imports.service import ClosedPolicy

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
FORMAT_LABELS = {
    "csv": _("CSV (our template, or any CSV with a mapping)"),
    "geojson": _("GeoJSON (Point features)"),
    "fablabs": _("fablabs.io labs (JSON)"),
    "gogocarto": _("GoGoCarto export (JSON)"),
    "spaceapi": _("SpaceAPI documents (JSON: one, a list, or {\"spaces\": [...]})"),
    "osm": _("OpenStreetMap (Overpass JSON)"),
    "json": _("Any JSON list of records (with a mapping)"),
}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("At most 50 MB."))
    format = forms.ChoiceField(label=_("Format"),
                               choices=[(fmt, FORMAT_LABELS[fmt]) for fmt in FORMATS])
    source = forms.CharField(
        label=_("Source"), max_length=100,
        help_text=_("The source's name, e.g. fablabs.io. With each record's identifier, it "
                    "recognises records already imported, which are then updated."),
    )
    mapping = forms.FileField(
        label=_("Mapping (optional)"), required=False,
        help_text=_("A JSON or YAML file naming the source's columns, kinds and themes "
                    "(see docs/import.md)."),
    )
    closed = forms.ChoiceField(label=_("Closed or inactive records"),
                               choices=ClosedPolicy.choices, initial=ClosedPolicy.ARCHIVE)
    on_duplicate = forms.ChoiceField(
        label=_("Possible duplicates of actors from other sources"),
        choices=DuplicatePolicy.choices, initial=DuplicatePolicy.FLAG, required=False,
        help_text=_("Similar name nearby or in the same city, or the same website or "
                    "e-mail domain: each one is reported."),
    )
    publish = forms.BooleanField(
        label=_("Publish the imported actors"), required=False,
        help_text=_("Otherwise they wait for moderation."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: show what would change, save nothing"), required=False,
        initial=True,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload

    def clean_source(self):
        source = " ".join(self.cleaned_data["source"].split())
        if not source or "\x00" in source:
            raise forms.ValidationError(_("Give the source a name."))
        return source
