"""Forms of the forge: proposing an innovation, an adaptation, and moderation decisions."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from actors import forms as actors_forms
from actors.forms import IdChoiceField, IdMultipleChoiceField, LinesField
from actors.models import Actor, Theme
from cities.models import City
from innovations.models import Adaptation, Change, Innovation
from innovations.services import check_city_of_origin, proposing_actors


def grouped_cities(cities=None):
    """City choices grouped by country, for a select a screen reader can walk."""
    groups: dict[str, list] = {}
    cities = City.objects.all() if cities is None else cities
    for city in cities.select_related("country").order_by("country__code", "name"):
        groups.setdefault(str(city.country.name), []).append((city.pk, city.name))
    return [("", "---------"), *sorted(groups.items())]


class ActorChoices(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.city.name})"


class ActorChoice(IdChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.city.name})"


class InnovationForm(forms.ModelForm):
    actors = ActorChoices(queryset=Actor.objects.none(), widget=forms.CheckboxSelectMultiple,
                          label=_("Originating organisations"))
    themes = IdMultipleChoiceField(queryset=Theme.objects.all(), required=False,
                                   widget=forms.CheckboxSelectMultiple, label=_("Themes"))
    city = IdChoiceField(queryset=City.objects.all(), label=_("City of origin"),
                         help_text=_("Where it was made. Cities are grouped by country."))

    class Meta:
        model = Innovation
        fields = ["title", "summary", "description", "actors", "city", "themes", "stage",
                  "licence", "documentation_url", "image", "image_alt"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        mine = proposing_actors(user).select_related("city")
        if self.instance.pk:
            # Co-authors added by staff stay ticked even if the user does not own them.
            mine = Actor.objects.filter(pk__in=mine.values("pk")).select_related("city") | \
                self.instance.actors.select_related("city")
        self.fields["actors"].queryset = mine.distinct().order_by("name")
        # The city of origin is the city of one of the originating organisations.
        cities = City.objects.filter(pk__in=self.fields["actors"].queryset.values("city_id"))
        self.fields["city"].queryset = cities
        self.fields["city"].choices = grouped_cities(cities)
        if not self.instance.pk and not self.is_bound:
            first = self.fields["actors"].queryset.first()
            if first:
                self.initial.setdefault("city", first.city_id)

    def clean(self):
        data = super().clean()
        try:
            check_city_of_origin(data.get("city"), data.get("actors"))
        except ValidationError as error:
            self.add_error(None, error)
        if data.get("image") and not data.get("image_alt") and not (
                self.instance.pk and self.instance.image_alt):
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return data

    def innovation_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields
                if name in self.cleaned_data}
        image = data.pop("image", None)
        if image is False:
            data["image"] = ""
        elif image is not None:
            data["image"] = image
        return data


class AdaptationForm(forms.ModelForm):
    actor = ActorChoice(queryset=Actor.objects.none(), label=_("Adapting organisation"))
    city = IdChoiceField(
        queryset=City.objects.all(), label=_("Adapting city"), required=False,
        help_text=_("Where it was adapted; the organisation's city when left empty."))
    changes = forms.MultipleChoiceField(
        choices=Change.choices, widget=forms.CheckboxSelectMultiple, required=False,
        label=_("What was changed"))
    links = LinesField(label=_("Links"), required=False,
                       widget=forms.Textarea(attrs={"rows": 3}),
                       help_text=_("One web address per line."))
    started_on = forms.DateField(label=_("Started on"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("As YYYY-MM-DD."))
    ended_on = forms.DateField(label=_("Working or stopped since"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("As YYYY-MM-DD."))

    class Meta:
        model = Adaptation
        fields = ["actor", "city", "changes", "description", "progress", "started_on",
                  "ended_on", "links"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user, innovation: Innovation, **kwargs):
        super().__init__(*args, **kwargs)
        self.innovation = innovation
        mine = proposing_actors(user).select_related("city")
        if self.instance.pk:
            mine = Actor.objects.filter(
                pk__in=[*mine.values_list("pk", flat=True), self.instance.actor_id]
            ).select_related("city")
        self.fields["actor"].queryset = mine.order_by("name")
        self.fields["city"].choices = grouped_cities()

    def clean(self):
        data = super().clean()
        actor, city = data.get("actor"), data.get("city")
        if actor and not city:
            data["city"] = city = actor.city
        if city and city.pk == self.innovation.city_id:
            self.add_error("city" if self.data.get("city") else "actor", _(
                "The innovation was made in %(city)s: an adaptation is made in another "
                "city. Choose the city where it was adapted.") % {"city": city.name})
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("The end cannot come before the start."))
        return data

    def _post_clean(self):
        # The model's clean needs the innovation before validating the city.
        self.instance.innovation = self.innovation
        self.instance.origin_city_id = self.innovation.city_id
        super()._post_clean()

    def adaptation_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields
                if name in self.cleaned_data}


class DecisionForm(actors_forms.DecisionForm):
    ACTIONS = [("approved", _("Approve: publish it")), *actors_forms.DecisionForm.ACTIONS[1:]]

