"""The embed generator: which actors the map shows, how tall, in which language."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from actors.filters import CountryCodeChoiceField
from actors.models import ActorKind
from cities.input_rules import AsciiIntegerField
from cities.models import City, Country

DEFAULT_HEIGHT = 450


class EmbedForm(forms.Form):
    """The embed's filters, the same parameters as the map's (ActorFilter)."""

    country = CountryCodeChoiceField(
        queryset=Country.objects.filter(cities__actors__status="published").distinct(),
        to_field_name="code", required=False, label=_("Country"),
        empty_label=_("All countries"))
    city = forms.ModelChoiceField(
        queryset=City.objects.filter(actors__status="published").distinct().order_by("name"),
        to_field_name="slug", required=False, label=_("City"), empty_label=_("All cities"))
    kind = forms.ModelMultipleChoiceField(
        queryset=ActorKind.objects.all(), to_field_name="slug", required=False,
        label=_("Kinds"), widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every kind."))
    height = AsciiIntegerField(label=_("Height (pixels)"), min_value=200, max_value=1200,
                                initial=DEFAULT_HEIGHT, required=False,
                                help_text=_("From 200 to 1200."))
    language = forms.ChoiceField(label=_("Language of the map"), choices=settings.LANGUAGES,
                                 required=False)

    def __init__(self, data=None, **kwargs):
        language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
        if data is not None and not data:
            data = None  # the page's first visit: the defaults, no errors
        super().__init__(data, initial={"height": DEFAULT_HEIGHT, "language": language},
                         **kwargs)
        self.fields["kind"].label_from_instance = lambda kind: kind.name

    # A link with only some choices (`?city=dakar` from a city page) takes the defaults.
    def clean_height(self):
        return self.cleaned_data["height"] or DEFAULT_HEIGHT

    def clean_language(self):
        return self.cleaned_data["language"] or self.initial["language"]

    def choices(self) -> dict:
        """The chosen values (the defaults on the first visit); empty when invalid."""
        if self.is_bound:
            return self.cleaned_data if self.is_valid() else {}
        return {"country": None, "city": None, "kind": [], "height": DEFAULT_HEIGHT,
                "language": self.initial["language"]}


def embed_base_urls(request) -> dict:
    """The embed page's address in each language (the JavaScript adds the query)."""
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = request.build_absolute_uri(reverse("actors:embed"))
    return urls


def embed_titles() -> dict:
    titles = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles[code] = str(_("Map of local innovation actors"))
    return titles


def embed_url(request, choices: dict) -> str:
    params = []
    if choices.get("country"):
        params.append(("country", choices["country"].code))
    if choices.get("city"):
        params.append(("city", choices["city"].slug))
    params.extend(("kind", kind.slug) for kind in choices.get("kind") or [])
    base = embed_base_urls(request)[choices["language"]]
    return f"{base}?{urlencode(params)}" if params else base


def attribute(text: str) -> str:
    """Text for a double-quoted HTML attribute (as the JavaScript escapes it)."""
    return (str(text).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def embed_code(url: str, *, height: int, language: str) -> str:
    """The snippet to paste (the JavaScript builds the same, see static/js/embed-generator.js)."""
    title = embed_titles()[language]
    return (f'<iframe src="{attribute(url)}" title="{attribute(title)}" width="100%" '
            f'height="{int(height)}" style="border:0" loading="lazy"></iframe>')
