"""Countries and cities: the places every actor, summit and statistic hangs on."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cities.search import remember_words, search_text
from cities.text import fold


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """Stores "Sài Gòn" as such, not "S\\u00e0i G\\u00f2n", so that text search (SQLite keeps
    JSON as text) finds it."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


def coordinate_constraints(name: str, lat: str = "latitude", lon: str = "longitude"):
    """Database checks keeping a latitude/longitude pair on the globe (NULLs pass)."""
    return [
        models.CheckConstraint(
            condition=Q(**{f"{lat}__gte": -90, f"{lat}__lte": 90}) | Q(**{f"{lat}__isnull": True}),
            name=f"{name}_latitude_range",
            violation_error_message=_("Latitude must be between -90 and 90."),
        ),
        models.CheckConstraint(
            condition=Q(**{f"{lon}__gte": -180, f"{lon}__lte": 180})
            | Q(**{f"{lon}__isnull": True}),
            name=f"{name}_longitude_range",
            violation_error_message=_("Longitude must be between -180 and 180."),
        ),
    ]


def slug_constraint(name: str):
    """A database check refusing an empty slug (uniqueness is a separate constraint)."""
    return models.CheckConstraint(
        condition=~Q(slug=""),
        name=f"{name}_slug_not_empty",
        violation_error_message=_("The slug cannot be empty."),
    )


class CountryQuerySet(models.QuerySet):
    def with_member_cities(self):
        return self.filter(cities__is_aimf_member=True).distinct()

    def in_region(self, region: str):
        return self.filter(region=region)

    def global_south(self):
        return self.filter(is_global_south=True)

    def global_north(self):
        return self.filter(is_global_south=False)


class CountryRegion(models.TextChoices):
    """World regions after the UN M49 sub-regions."""

    NORTHERN_AFRICA = "northern_africa", _("Northern Africa")
    WESTERN_AFRICA = "western_africa", _("Western Africa")
    CENTRAL_AFRICA = "central_africa", _("Central Africa")
    EASTERN_AFRICA = "eastern_africa", _("Eastern Africa")
    SOUTHERN_AFRICA = "southern_africa", _("Southern Africa")
    NORTHERN_AMERICA = "northern_america", _("Northern America")
    LATIN_AMERICA_CARIBBEAN = "latin_america_caribbean", _("Latin America and the Caribbean")
    NORTHERN_EUROPE = "northern_europe", _("Northern Europe")
    WESTERN_EUROPE = "western_europe", _("Western Europe")
    SOUTHERN_EUROPE = "southern_europe", _("Southern Europe")
    EASTERN_EUROPE = "eastern_europe", _("Eastern Europe")
    WESTERN_ASIA = "western_asia", _("Western Asia and the Middle East")
    CENTRAL_ASIA = "central_asia", _("Central Asia")
    SOUTHERN_ASIA = "southern_asia", _("Southern Asia")
    EASTERN_ASIA = "eastern_asia", _("Eastern Asia")
    SOUTH_EASTERN_ASIA = "south_eastern_asia", _("South-Eastern Asia")
    OCEANIA = "oceania", _("Oceania")

class Country(models.Model):
    """An ISO 3166 country, classed in a world region and as global North or South."""

    Region = CountryRegion

    code = CountryField(_("country"), unique=True)
    region = models.CharField(_("world region"), max_length=32, choices=Region.choices)
    is_global_south = models.BooleanField(
        _("global South"),
        help_text=_("UN M49 developing regions are the global South; developed ones the North."),
    )
    # Read by the public data version (cities.versions), like every public model's.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__in=CountryRegion.values),
                name="country_region_valid",
            ),
        ]

    def __str__(self):
        return str(self.code.name)

    def get_absolute_url(self):
        return reverse("cities:country_detail", kwargs={"code": self.slug})

    @property
    def name(self) -> str:
        return str(self.code.name)

    @property
    def slug(self) -> str:
        return self.code.code.lower()

    @property
    def hemisphere_label(self) -> str:
        return str(_("global South") if self.is_global_south else _("global North"))


class SearchWord(models.Model):
    """A word of the stored search texts: what a mistyped query word may have meant
    (cities.search). Filled on write; words of deleted texts only widen the guesses."""

    word = models.CharField(_("word"), max_length=40, primary_key=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word


class SearchIndexed:
    """Mixin of models with a `search_text`: remembers the stored text when loaded, so
    that save() adds words to the vocabulary only when the text changed."""

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_search_text = instance.__dict__.get("search_text")
        return instance


def keep_search_fields(instance, save_kwargs: dict, *, text: str, name: str,
                       sources: set[str]) -> None:
    """Before a save: set `search_text` and `sort_name` (and add them to `update_fields`
    when one of the `sources` fields is saved)."""
    instance.search_text = text
    instance.sort_name = fold(name)[:200]
    update_fields = save_kwargs.get("update_fields")
    if update_fields is not None and sources & set(update_fields):
        save_kwargs["update_fields"] = {*update_fields, "search_text", "sort_name"}


def remember_new_words(instance) -> None:
    """After a save: the words of the instance's search text, if it changed."""
    text = instance.__dict__.get("search_text")
    if text and text != getattr(instance, "_saved_search_text", None):
        remember_words(text)
        instance._saved_search_text = text


class CityQuerySet(models.QuerySet):
    def members(self):
        """Cities that belong to the AIMF."""
        return self.filter(is_aimf_member=True)

    def in_country(self, country):
        if isinstance(country, Country):
            return self.filter(country=country)
        return self.filter(country__code=str(country).upper())

    def in_region(self, region: str):
        return self.filter(country__region=region)


class City(SearchIndexed, models.Model):
    """A city: an AIMF member, or a place where a registered actor works."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    country = models.ForeignKey(
        Country, models.PROTECT, related_name="cities", verbose_name=_("country")
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    is_aimf_member = models.BooleanField(_("AIMF member"), default=False, db_index=True)
    description = models.TextField(_("short description"), blank=True, max_length=1000)
    website = models.URLField(_("website"), blank=True)
    alternate_names = models.JSONField(
        _("alternate names"),
        default=list,
        encoder=UnicodeJSONEncoder,
        blank=True,
        help_text=_("Other spellings used to recognise the city in imported data."),
    )
    geonames_id = models.PositiveIntegerField(
        _("GeoNames identifier"), null=True, blank=True,
        help_text=_("The place of the gazetteer (GeoNames) this city is; empty only for "
                    "cities older than the gazetteer that tidy_cities could not attach."),
    )
    officials = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="official_cities", blank=True,
        verbose_name=_("city officials"),
        help_text=_("People who moderate the organisations of this city."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The name and alternate names folded (cities.search), kept by save().
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    # The name folded: lists sort on it ("Éséka" with the E's), kept by save().
    sort_name = models.CharField(_("sort name"), max_length=200, blank=True, default="",
                                 editable=False)

    objects = CityQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical city"),
                                excluded_fields=["search_text", "sort_name"])

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["sort_name", "country__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name"],
                name="city_unique_name_per_country",
                violation_error_message=_("This country already has a city with this name."),
            ),
            models.UniqueConstraint(
                fields=["geonames_id"],
                condition=Q(geonames_id__isnull=False),
                name="city_unique_geonames_id",
            ),
            slug_constraint("city"),
            *coordinate_constraints("city"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.set_search_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "alternate_names"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text", "sort_name"}
        super().save(*args, **kwargs)
        remember_new_words(self)

    def get_absolute_url(self):
        return reverse("cities:city_detail", kwargs={"slug": self.slug})

    def set_search_fields(self) -> None:
        """The folded forms that searches and sorting read (kept by save())."""
        self.search_text = city_search_text(self.name, self.alternate_names)
        self.sort_name = fold(self.name)[:200]


def city_search_text(name: str, alternate_names) -> str:
    """What a search matches in a city: its name and every other spelling."""
    names = alternate_names if isinstance(alternate_names, list) else []
    return search_text(name, *(str(other) for other in names))


class CitySlugRedirect(models.Model):
    """The address of a city merged into another (tidy_cities): its page redirects."""

    old_slug = models.SlugField(_("old slug"), max_length=140, unique=True)
    city = models.ForeignKey(City, models.CASCADE, related_name="slug_redirects",
                             verbose_name=_("city"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("city address redirect")
        verbose_name_plural = _("city address redirects")
        ordering = ["old_slug"]

    def __str__(self):
        return f"{self.old_slug} → {self.city.slug}"

    def get_absolute_url(self):
        return self.city.get_absolute_url()
