"""Innovation actors and the taxonomy (kinds, themes) that classifies them."""

import datetime
import math
import re

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
    URLValidator,
)
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Power, Sqrt
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.images import LOGO, ReencodedImageField
from cities.models import (
    City,
    Country,
    SearchIndexed,
    coordinate_constraints,
    remember_new_words,
    slug_constraint,
)
from cities.search import RankedSearchQuerySet, search, search_text, themes_named
from cities.text import fold

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))


class BilingualName(SearchIndexed, models.Model):
    """A name kept in French and English; `name` follows the active language."""

    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Read by the public data version (cities.versions), like every public model's.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Both names folded (cities.search): "fablab" and "incubateur"/"incubator" find the
    # actors of the kind; kept by save().
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    class Meta:
        abstract = True
        ordering = ["position", "name_fr"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = search_text(self.name_fr, self.name_en)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name_fr", "name_en"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
        remember_new_words(self)

    @property
    def name(self) -> str:
        if (get_language() or "fr").startswith("en"):
            return self.name_en or self.name_fr
        return self.name_fr or self.name_en


class ActorKind(BilingualName):
    """A kind of actor (fablab, incubator, ...), drawn on the map with its colour and icon."""

    class Icon(models.TextChoices):
        TOOLS = "tools", _("Tools")
        CHIP = "chip", _("Circuit")
        SEEDLING = "seedling", _("Seedling")
        ROCKET = "rocket", _("Rocket")
        LIGHTBULB = "lightbulb", _("Light bulb")
        HANDSHAKE = "handshake", _("Handshake")
        HOUSE = "house", _("House")
        DESK = "desk", _("Desk")
        HEART = "heart", _("Heart")
        FLASK = "flask", _("Flask")
        GRADUATION = "graduation", _("Graduation cap")
        LANDMARK = "landmark", _("Public building")
        COINS = "coins", _("Coins")
        PALETTE = "palette", _("Palette")
        BOOK = "book", _("Book")
        PIN = "pin", _("Pin")

    colour = models.CharField(
        _("colour"), max_length=7, default="#1f6feb", validators=[hex_colour],
        help_text=_("Marker colour on the map, as #RRGGBB."),
    )
    icon = models.CharField(_("icon"), max_length=20, choices=Icon.choices, default=Icon.PIN)
    description = models.TextField(_("description"), blank=True)

    class Meta(BilingualName.Meta):
        verbose_name = _("actor kind")
        verbose_name_plural = _("actor kinds")
        constraints = [slug_constraint("actorkind")]

    def get_absolute_url(self):
        return f"{reverse('actors:actor_list')}?kind={self.slug}"


class Theme(BilingualName):
    """A field of innovation (social, environmental, digital inclusion, ...)."""

    class Meta(BilingualName.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [slug_constraint("theme")]

    def get_absolute_url(self):
        return f"{reverse('actors:actor_list')}?theme={self.slug}"


def confirmation_deadline():
    """Entries last confirmed before this moment are "not confirmed since ..."."""
    return timezone.now() - datetime.timedelta(days=30.44 * settings.ACTOR_CONFIRMATION_MONTHS)


class ActorQuerySet(RankedSearchQuerySet):
    def published(self):
        return self.filter(status=Actor.Status.PUBLISHED)

    def pending(self):
        return self.filter(status=Actor.Status.PENDING)

    def in_city(self, city: City):
        return self.filter(city=city)

    def in_country(self, country: Country | str):
        if isinstance(country, Country):
            return self.filter(city__country=country)
        return self.filter(city__country__code=str(country).upper())

    def in_region(self, region: str):
        return self.filter(city__country__region=region)

    def of_kind(self, kind: ActorKind | str):
        if isinstance(kind, ActorKind):
            return self.filter(kind=kind)
        return self.filter(kind__slug=kind)

    def with_theme(self, theme: Theme | str):
        if isinstance(theme, Theme):
            return self.filter(themes=theme)
        return self.filter(themes__slug=theme)

    def verified(self):
        return self.filter(verified_at__isnull=False)

    def owned_by(self, user):
        return self.filter(owners=user)

    def visible_to(self, user):
        """Published actors, plus the user's own at any stage and those of the cities they
        moderate; staff allowed to view actors see every one."""
        if user is None or not user.is_authenticated:
            return self.published()
        if user.has_perm("actors.view_actor"):
            return self
        return self.filter(
            Q(status=Actor.Status.PUBLISHED)
            | Q(pk__in=Actor.owners.through.objects.filter(user_id=user.pk).values("actor_id"))
            | Q(city__in=user.official_cities.values("pk"))
        )

    def moderated_by(self, user):
        """The actors a user may moderate: their cities' as a city official (but not their
        own organisations), all as staff."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.has_perm("actors.change_actor"):
            return self
        return self.filter(city__in=user.official_cities.values("pk")).exclude(
            pk__in=Actor.owners.through.objects.filter(user_id=user.pk).values("actor_id"))

    def awaiting_moderation(self):
        return self.filter(status=Actor.Status.PENDING)

    def with_owner_official(self):
        """Annotated with `owned_by_official`: an official of its city owns it, so that
        another moderator must decide on it (nobody moderates themselves)."""
        return self.annotate(owned_by_official=models.Exists(
            Actor.owners.through.objects.filter(
                actor_id=models.OuterRef("pk"),
                user__official_cities=models.OuterRef("city_id"))))

    def unconfirmed_since(self, moment):
        """Published actors whose owners have not confirmed them since `moment`."""
        return self.published().filter(
            Q(confirmed_at__lt=moment) | Q(confirmed_at__isnull=True, created_at__lt=moment)
        )

    def within_km(self, latitude: float, longitude: float, radius_km: float):
        """Actors within a radius, annotated with `distance_km` (equirectangular
        approximation, within 0.5% under 1,000 km; plain SQL on SQLite and PostgreSQL)."""
        km_per_degree = 111.195
        scale = math.cos(math.radians(latitude))
        distance = Sqrt(
            Power((F("latitude") - latitude) * km_per_degree, 2)
            + Power((F("longitude") - longitude) * km_per_degree * scale, 2)
        )
        box = radius_km / km_per_degree
        return (
            self.filter(latitude__gte=latitude - box, latitude__lte=latitude + box)
            .annotate(distance_km=distance)
            .filter(distance_km__lte=radius_km)
        )

    def search(self, text: str):
        """Actors whose name, descriptions, city (any of its names), kind or themes (in
        French or English) contain every word, ignoring accents and case and forgiving a
        typo; name matches first. ValidationError beyond the search limits."""
        return search(self, text, "search_text", "city__search_text", "kind__search_text",
                      also=lambda spellings: themes_named(Actor, spellings))


def actor_search_text(actor) -> str:
    """What a search matches in an actor's own texts (its city's come from the city); an
    Actor or a dict of field values (the importer's rows)."""
    if isinstance(actor, dict):
        return search_text(*(actor.get(name) for name in Actor.SEARCHED_FIELDS))
    return search_text(*(getattr(actor, name) for name in Actor.SEARCHED_FIELDS))


def validate_single_line(value):
    """Names go into e-mail subjects and page titles: no line breaks or control characters."""
    if re.search(r"[\x00-\x1f\x7f]", value):
        raise ValidationError(_("Line breaks and control characters are not allowed here."))


def validate_social_links(value):
    if not isinstance(value, list):
        raise ValidationError(_("Social links must be a list of web addresses."))
    check = URLValidator(schemes=["http", "https"])
    for url in value:
        if not isinstance(url, str) or "\x00" in url:
            raise ValidationError(_("Each social link must be a web address."))
        check(url)


# Imported sources whose texts have a known language, and their name for the page
# (the keys are actors.services.TECH_HUBS_SOURCE and workshops.services.SUMMIT_SOURCE).
SOURCE_LANGUAGES = {
    "African Tech Hubs (CC BY 4.0)": ("en", "African Tech Hubs (CC BY 4.0)"),
    "AIMF summit programme": ("fr", gettext_noop("AIMF summit programme")),
}


def validate_languages(value):
    """ISO 639 codes (two or three letters), so that Wolof or Lingala fit as well as French."""
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Languages must be a list of language codes."))
    malformed = [code for code in value if not re.fullmatch(r"[a-z]{2,3}", code)]
    if malformed:
        raise ValidationError(
            _("Not an ISO 639 language code: %(codes)s."), params={"codes": ", ".join(malformed)}
        )


class ActorStatus(models.TextChoices):
    """Lifecycle of an actor entry."""

    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending moderation")
    CHANGES_REQUESTED = "changes", _("Changes requested")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    ARCHIVED = "archived", _("Archived")

class LocationPrecision(models.TextChoices):
    """How precisely an actor is placed on the map."""

    EXACT = "exact", _("Exact address")
    CITY = "city", _("City centre (approximate)")
    COUNTRY = "country", _("Country only (placed at a main city)")

class Actor(SearchIndexed, models.Model):
    """An organisation of local innovation: a fablab, an incubator, a cooperative..."""

    Status = ActorStatus

    Precision = LocationPrecision

    class Accessibility(models.TextChoices):
        UNKNOWN = "unknown", _("Not stated")
        ACCESSIBLE = "accessible", _("Step-free access")
        PARTIAL = "partial", _("Partly accessible")
        NOT_ACCESSIBLE = "not_accessible", _("Not accessible")

    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.ForeignKey(
        ActorKind, models.PROTECT, related_name="actors", verbose_name=_("kind")
    )
    themes = models.ManyToManyField(
        Theme, related_name="actors", blank=True, verbose_name=_("themes")
    )
    city = models.ForeignKey(City, models.PROTECT, related_name="actors", verbose_name=_("city"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    location_precision = models.CharField(
        _("location precision"), max_length=10, choices=Precision.choices,
        default=Precision.CITY,
    )
    short_description = models.CharField(_("short description"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True, max_length=300)
    email = models.EmailField(_("public e-mail"), blank=True)
    email_is_public = models.BooleanField(
        _("consent to publish the e-mail"), default=False,
        help_text=_("The e-mail is shown only when this consent was given."),
    )
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    contact_name = models.CharField(
        _("contact person"), max_length=200, blank=True,
        help_text=_("The person to contact about the organisation."),
    )
    contact_name_is_public = models.BooleanField(
        _("consent to publish the contact person's name"), default=False,
        help_text=_("The name is shown only when this consent was given."),
    )
    phone_is_public = models.BooleanField(
        _("consent to publish the phone"), default=False,
        help_text=_("The phone number is shown only when this consent was given."),
    )
    social_links = models.JSONField(
        _("social links"), default=list, blank=True, validators=[validate_social_links]
    )
    founded_year = models.PositiveSmallIntegerField(
        _("founding year"), null=True, blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    logo = ReencodedImageField(_("logo"), upload_to="actors/logos/", blank=True, kind=LOGO)
    is_women_led = models.BooleanField(
        _("led by women"), null=True, blank=True, help_text=_("Leave empty when unknown.")
    )
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, validators=[validate_languages],
        help_text=_("Language codes, e.g. [\"fr\", \"wo\"]."),
    )
    accessibility = models.CharField(
        _("venue accessibility"), max_length=16, choices=Accessibility.choices,
        default=Accessibility.UNKNOWN,
    )
    accessibility_notes = models.CharField(_("accessibility notes"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="actors", blank=True, verbose_name=_("owners")
    )
    verified_at = models.DateTimeField(
        _("verified by the city on"), null=True, blank=True,
        help_text=_("Set when a city official has checked this organisation."),
    )
    confirmed_at = models.DateTimeField(
        _("last confirmed as active on"), null=True, blank=True,
        help_text=_("When an owner last confirmed that the organisation is still active."),
    )
    reminder_sent_at = models.DateTimeField(
        _("confirmation reminder sent on"), null=True, blank=True
    )
    source = models.CharField(
        _("source"), max_length=100, blank=True, help_text=_("Where an imported record came from.")
    )
    external_id = models.CharField(_("identifier in the source"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    # SEARCHED_FIELDS folded (cities.search): kept by save() and by the bulk writers.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    # The name folded: the lists' order ("ActivSpaces" before "AYA") and the rank of name
    # matches in a search; kept with search_text.
    sort_name = models.CharField(_("sort name"), max_length=200, blank=True, default="",
                                 editable=False)

    objects = ActorQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical actor"), m2m_fields=[themes],
                                excluded_fields=["search_text", "sort_name"])

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["sort_name", "id"]
        indexes = [
            models.Index(fields=["status", "city"], name="actor_status_city_idx"),
            # The API's and the directory's default order: a page is read off the index.
            models.Index(fields=["status", "sort_name", "id"], name="actor_status_sort_idx"),
            # The public data version (cities.versions): published rows' latest change.
            models.Index(fields=["status", "updated_at"], name="actor_status_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActorStatus.values),
                name="actor_status_valid",
                violation_error_message=_("Unknown status."),
            ),
            models.CheckConstraint(
                condition=Q(
                    location_precision__in=LocationPrecision.values
                ),
                name="actor_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True)
                | Q(founded_year__gte=1800, founded_year__lte=2100),
                name="actor_founded_year_range",
                violation_error_message=_("The founding year must be between 1800 and 2100."),
            ),
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="actor_unique_source_record",
                violation_error_message=_("This source record was already imported."),
            ),
            slug_constraint("actor"),
            *coordinate_constraints("actor"),
        ]

    SEARCHED_FIELDS = ("name", "short_description", "description")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = actor_search_text(self)
        self.sort_name = fold(self.name)[:200]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCHED_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text", "sort_name"}
        super().save(*args, **kwargs)
        remember_new_words(self)

    def get_absolute_url(self):
        return reverse("actors:actor_detail", kwargs={"slug": self.slug})

    def is_owned_by(self, user) -> bool:
        return bool(user and user.is_authenticated) and self.owners.filter(pk=user.pk).exists()

    def can_be_edited_by(self, user) -> bool:
        """Owners, and staff allowed to change actors, edit an organisation, as long as it
        is not archived."""
        if self.status == ActorStatus.ARCHIVED or not (user and user.is_authenticated):
            return False
        return user.has_perm("actors.change_actor") or self.is_owned_by(user)

    def can_be_moderated_by(self, user) -> bool:
        """City officials of the actor's city, and staff allowed to change actors; never an
        official who owns the organisation (nobody moderates themselves)."""
        if not (user and user.is_authenticated):
            return False
        if user.has_perm("actors.change_actor"):
            return True
        return self.city.officials.filter(pk=user.pk).exists() and not self.is_owned_by(user)

    def moderators(self):
        """The active officials of its city who may moderate it (not its owners)."""
        return self.city.officials.filter(is_active=True).exclude(actors=self)

    @property
    def last_confirmed_at(self):
        """When the entry was last known to be active: confirmed by an owner, or created."""
        return self.confirmed_at or self.created_at

    @property
    def is_stale(self) -> bool:
        """Not confirmed for longer than settings.ACTOR_CONFIRMATION_MONTHS."""
        if self.last_confirmed_at is None:
            return False
        return self.last_confirmed_at < confirmation_deadline()

    @property
    def public_contact_name(self) -> str:
        return self.contact_name if self.contact_name_is_public else ""

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def public_email(self) -> str:
        return self.email if self.email_is_public else ""

    @property
    def public_phone(self) -> str:
        return self.phone if self.phone_is_public else ""

    def language_names(self) -> list[str]:
        return [LANG_INFO.get(code, {}).get("name_local", code) for code in self.languages]

    @property
    def content_language(self) -> str:
        """The language its texts were written in, when its source tells ("" if unknown)."""
        return SOURCE_LANGUAGES.get(self.source, ("", ""))[0]

    @property
    def source_label(self) -> str:
        """The source, named in the page's language when it is one the site knows."""
        known = SOURCE_LANGUAGES.get(self.source)
        return gettext(known[1]) if known else self.source


class ModerationAction(models.TextChoices):
    """What happened to an organisation, and who did it (kept forever)."""

    SUBMITTED = "submitted", _("Submitted")
    RESUBMITTED = "resubmitted", _("Submitted again after changes")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CHANGES_REQUESTED = "changes", _("Changes requested")
    VERIFIED = "verified", _("Verified by the city")
    UNVERIFIED = "unverified", _("Verification withdrawn")
    ARCHIVED = "archived", _("Archived")
    REVERTED = "reverted", _("Reverted to an earlier version")
    CONFIRMED = "confirmed", _("Confirmed as still active")
    REMINDED = "reminded", _("Asked to confirm it is still active")
    REVISED = "revised", _("Changes proposed")
    REVISION_APPROVED = "rev_approved", _("Changes approved")
    REVISION_REJECTED = "rev_rejected", _("Changes rejected")
    REVISION_WITHDRAWN = "withdrawn", _("Proposed changes withdrawn")


class ModerationDecision(models.Model):
    """One step in an organisation's moderation, with its reason or message."""

    Action = ModerationAction

    actor = models.ForeignKey(
        Actor, models.CASCADE, related_name="decisions", verbose_name=_("actor")
    )
    action = models.CharField(_("action"), max_length=12, choices=ModerationAction.choices)
    message = models.TextField(_("reason or message"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="moderation_decisions", verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("on"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=ModerationAction.values),
                name="moderation_action_valid",
            ),
        ]

    def __str__(self):
        return f"{self.actor}: {self.get_action_display()}"


# Extra source identifiers, old slugs and possible duplicates (their own module).
from actors.identity import (  # noqa: E402, F401
    ActorSlugRedirect,
    ActorSourceId,
    DuplicatePair,
)
