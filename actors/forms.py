"""The organisation form, for registering and for the owners' edits."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.models import Actor, ActorKind, Theme
from cities.input_rules import AsciiIntegerField
from cities.models import City

MAX_ID = 2**63 - 1


def _valid_ids(values) -> bool:
    return all(str(v).isascii() and str(v).isdigit() and int(v) <= MAX_ID for v in values)


class IdChoiceField(forms.ModelChoiceField):
    """A choice by id that refuses ids no database column can hold (SQLite overflows)."""

    def to_python(self, value):
        if value not in self.empty_values and not _valid_ids([value]):
            raise forms.ValidationError(self.error_messages["invalid_choice"],
                                        code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if not _valid_ids(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"],
                                        code="invalid_choice", params={"value": "?"})
        return super()._check_values(value)


class LinesField(forms.CharField):
    """A list of values, one per line (or separated by commas when `commas`)."""

    def __init__(self, *args, commas=False, **kwargs):
        self.commas = commas
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return (", " if self.commas else "\n").join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        parts = text.replace(",", "\n").splitlines() if self.commas else text.splitlines()
        return [part.strip() for part in parts if part.strip()]


class ActorForm(forms.ModelForm):
    """Everything an organisation says about itself; each personal field has its own
    consent box. Coordinates are optional: without them the city centre is used."""

    themes = IdMultipleChoiceField(
        queryset=Theme.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Themes"),
    )
    kind = IdChoiceField(queryset=ActorKind.objects.all(), label=_("Kind"))
    city = IdChoiceField(queryset=City.objects.all(), label=_("City"))
    latitude = forms.FloatField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    social_links = LinesField(
        label=_("Social links"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One web address per line."),
    )
    languages = LinesField(
        label=_("Languages spoken"), required=False, commas=True,
        help_text=_("Language codes separated by commas, e.g. fr, wo, ln."),
    )
    not_a_duplicate = forms.BooleanField(
        label=_("This is a different organisation from those listed above"), required=False,
    )

    class Meta:
        model = Actor
        fields = [
            "name", "kind", "themes", "city", "address", "latitude", "longitude",
            "short_description", "description", "website", "social_links", "logo",
            "contact_name", "contact_name_is_public", "email", "email_is_public", "phone",
            "phone_is_public", "founded_year", "languages", "is_women_led", "accessibility",
            "accessibility_notes",
        ]
        widgets = {
            "short_description": forms.TextInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
            "is_women_led": forms.NullBooleanSelect(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cities = City.objects.select_related("country").order_by("country__code", "name")
        groups: dict[str, list] = {}
        for city in cities:
            groups.setdefault(str(city.country.name), []).append((city.pk, city.name))
        self.fields["city"].choices = [("", "---------"), *sorted(groups.items())]
        self.fields["city"].help_text = _("Cities are grouped by country; type to search.")
        if self.instance.pk and self.instance.location_precision != Actor.Precision.EXACT:
            # An approximate point is the city's: show it as "not placed".
            self.initial["latitude"] = self.initial["longitude"] = None

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude" if data.get("latitude") is not None else "latitude",
                           _("Give latitude and longitude together, or neither."))
        return data

    def actor_data(self) -> dict:
        """The cleaned values for the services (not the form-only fields)."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields
                if name in self.cleaned_data}
        logo = data.pop("logo", None)
        if logo is False:
            data["logo"] = ""  # "clear" was ticked
        elif logo is not None:
            data["logo"] = logo
        if data.get("latitude") is None:
            city = data["city"]
            data.update(latitude=city.latitude, longitude=city.longitude,
                        location_precision=Actor.Precision.CITY)
        else:
            data["location_precision"] = Actor.Precision.EXACT
        return data


class ArchiveForm(forms.Form):
    message = forms.CharField(label=_("Why (optional)"), required=False, max_length=2000)


class DecisionForm(forms.Form):
    ACTIONS = [
        ("approved", _("Approve: publish it on the map")),
        ("changes", _("Ask for changes (say which)")),
        ("rejected", _("Reject (say why)")),
    ]
    action = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message to the applicant"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to reject or to ask for changes; sent by e-mail."),
    )
    seen_version = AsciiIntegerField(widget=forms.HiddenInput, required=False,
                                      min_value=0, max_value=MAX_ID)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = self.ACTIONS  # subclasses word them for their items
