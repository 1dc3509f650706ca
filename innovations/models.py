"""The forge of North–South adaptations: innovations documented as commons in one city,
and their adaptations by actors of other cities."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.images import ReencodedImageField
from actors.models import Actor, Theme, validate_single_line, validate_social_links
from cities.models import (
    City,
    Country,
    SearchIndexed,
    keep_search_fields,
    remember_new_words,
    slug_constraint,
)
from cities.search import RankedSearchQuerySet, search, search_text, themes_named
from innovations.images import IMAGE


class Licence(models.TextChoices):
    """Open licences of the plans, code and documentation, by SPDX identifier."""

    CERN_OHL_S = "CERN-OHL-S-2.0", _("CERN Open Hardware Licence, strongly reciprocal (v2)")
    CERN_OHL_W = "CERN-OHL-W-2.0", _("CERN Open Hardware Licence, weakly reciprocal (v2)")
    CERN_OHL_P = "CERN-OHL-P-2.0", _("CERN Open Hardware Licence, permissive (v2)")
    TAPR_OHL = "TAPR-OHL-1.0", _("TAPR Open Hardware License")
    SOLDERPAD = "SHL-2.1", _("Solderpad Hardware License v2.1")
    CC_BY = "CC-BY-4.0", _("Creative Commons Attribution 4.0")
    CC_BY_SA = "CC-BY-SA-4.0", _("Creative Commons Attribution-ShareAlike 4.0")
    CC0 = "CC0-1.0", _("Creative Commons Zero (public domain)")
    GPL3 = "GPL-3.0-or-later", _("GNU General Public License v3 or later")
    AGPL3 = "AGPL-3.0-or-later", _("GNU Affero General Public License v3 or later")
    LGPL3 = "LGPL-3.0-or-later", _("GNU Lesser General Public License v3 or later")
    MPL2 = "MPL-2.0", _("Mozilla Public License 2.0")
    MIT = "MIT", _("MIT License")
    APACHE2 = "Apache-2.0", _("Apache License 2.0")
    BSD3 = "BSD-3-Clause", _("BSD 3-Clause License")
    ODBL = "ODbL-1.0", _("Open Database License 1.0")


class ForgeStatus(models.TextChoices):
    """Moderation of a proposed innovation or adaptation, as for organisations."""

    PENDING = "pending", _("Pending moderation")
    CHANGES_REQUESTED = "changes", _("Changes requested")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    ARCHIVED = "archived", _("Archived")


class Direction(models.TextChoices):
    """Where an innovation travelled: from the origin's hemisphere to the adapter's."""

    NORTH_SOUTH = "north_south", _("North → South")
    SOUTH_NORTH = "south_north", _("South → North")
    SOUTH_SOUTH = "south_south", _("South → South")
    NORTH_NORTH = "north_north", _("North → North")


def direction_between(origin: Country, adapting: Country) -> str:
    """The direction from one country to another (Country.is_global_south of both)."""
    return {
        (False, True): Direction.NORTH_SOUTH, (True, False): Direction.SOUTH_NORTH,
        (True, True): Direction.SOUTH_SOUTH, (False, False): Direction.NORTH_NORTH,
    }[(origin.is_global_south, adapting.is_global_south)]


def _owned_by(user):
    """Actor ids the user owns (a subquery)."""
    return Actor.owners.through.objects.filter(user_id=user.pk).values("actor_id")


class InnovationQuerySet(RankedSearchQuerySet):
    def published(self):
        return self.filter(status=ForgeStatus.PUBLISHED)

    def in_city(self, city: City):
        return self.filter(city=city)

    def in_country(self, country: Country | str):
        if isinstance(country, Country):
            return self.filter(city__country=country)
        return self.filter(city__country__code=str(country).upper())

    def with_theme(self, theme: Theme | str):
        if isinstance(theme, Theme):
            return self.filter(themes=theme)
        return self.filter(themes__slug=theme)

    def by_actor(self, actor: Actor):
        return self.filter(pk__in=Innovation.actors.through.objects.filter(
            actor_id=actor.pk).values("innovation_id"))

    def owned_by(self, user):
        """Innovations of the actors the user owns."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=Innovation.actors.through.objects.filter(
            actor_id__in=_owned_by(user)).values("innovation_id"))

    def moderated_by(self, user):
        """Officials moderate the innovations born in their cities; staff all of them."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.has_perm("innovations.change_innovation"):
            return self
        return self.filter(city__in=user.official_cities.values("pk")).exclude(
            submitted_by=user).exclude(pk__in=self.owned_by(user).values("pk"))

    def visible_to(self, user):
        """Published innovations, plus those the user owns or moderates at any stage."""
        if user is None or not user.is_authenticated:
            return self.published()
        if user.has_perm("innovations.view_innovation"):
            return self
        return self.filter(
            Q(status=ForgeStatus.PUBLISHED)
            | Q(pk__in=self.owned_by(user).values("pk"))
            | Q(city__in=user.official_cities.values("pk"))
        )

    def search(self, text: str):
        """Innovations whose title, summary, description, city or themes (in French or
        English) contain every word, ignoring accents and case and forgiving a typo;
        title matches first. ValidationError beyond the search limits."""
        return search(self, text, "search_text", "city__search_text",
                      also=lambda spellings: themes_named(Innovation, spellings))

    def with_adaptation_count(self):
        return self.annotate(adaptation_count=Count(
            "adaptations", filter=Q(adaptations__status=ForgeStatus.PUBLISHED), distinct=True))


class Stage(models.TextChoices):
    """How far the innovation itself has come."""

    IDEA = "idea", _("Idea")
    PROTOTYPE = "prototype", _("Prototype")
    TESTED = "tested", _("Tested with users")
    PRODUCED = "produced", _("In production or in daily use")


class ForgeItem:
    """Rights on an innovation or an adaptation, each defining `owning_actors` (the
    organisations whose owners own it): its owners edit it; officials of its `city` (the
    city of origin, the adapting city) moderate it, never their own work; staff allowed
    to change such items do both."""

    def is_owned_by(self, user) -> bool:
        return bool(user and user.is_authenticated) and self.owning_actors().filter(
            owners=user).exists()

    def _staff_may_change(self, user) -> bool:
        return user.has_perm(f"{self._meta.app_label}.change_{self._meta.model_name}")

    def can_be_edited_by(self, user) -> bool:
        if self.status == ForgeStatus.ARCHIVED or not (user and user.is_authenticated):
            return False
        return self._staff_may_change(user) or self.is_owned_by(user)

    def moderators(self):
        """The active officials of its city who may moderate it (not its submitter nor an
        owner of its organisations), in one query."""
        return self.city.officials.filter(is_active=True).exclude(
            pk=self.submitted_by_id).exclude(actors__in=self.owning_actors())

    def can_be_moderated_by(self, user) -> bool:
        if not (user and user.is_authenticated):
            return False
        if self._staff_may_change(user):
            return True
        if self.submitted_by_id == user.pk or self.is_owned_by(user):
            return False
        return self.city.officials.filter(pk=user.pk).exists()


class Innovation(SearchIndexed, ForgeItem, models.Model):
    """Something made in one city and documented as a commons, for others to adapt."""

    Status = ForgeStatus
    Stage = Stage
    Licence = Licence

    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=300,
                               help_text=_("One sentence: what it is and whom it helps."))
    description = models.TextField(_("description"), max_length=10000)
    actors = models.ManyToManyField(
        Actor, related_name="innovations", verbose_name=_("originating actors"),
        help_text=_("The organisations that made and documented it."),
    )
    city = models.ForeignKey(City, models.PROTECT, related_name="innovations",
                             verbose_name=_("city of origin"))
    themes = models.ManyToManyField(Theme, related_name="innovations", blank=True,
                                    verbose_name=_("themes"))
    licence = models.CharField(_("licence of the plans"), max_length=32,
                               choices=Licence.choices)
    documentation_url = models.URLField(
        _("documentation"), max_length=500,
        help_text=_("Where the plans, code or instructions are published."))
    image = ReencodedImageField(_("image"), upload_to="innovations/", blank=True,
                                kind=IMAGE)
    image_alt = models.CharField(
        _("image description"), max_length=300, blank=True,
        help_text=_("What the image shows, for people who cannot see it."))
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices,
                             default=Stage.PROTOTYPE)
    status = models.CharField(_("status"), max_length=10, choices=ForgeStatus.choices,
                              default=ForgeStatus.PENDING, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("submitted by"))
    source = models.CharField(_("source"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # SEARCHED_FIELDS folded, and the title folded (the order of the catalogue and the
    # rank of title matches): cities.search, kept by save().
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    sort_name = models.CharField(_("sort name"), max_length=200, blank=True, default="",
                                 editable=False)

    objects = InnovationQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical innovation"),
                                m2m_fields=[actors, themes],
                                excluded_fields=["search_text", "sort_name"])

    SEARCHED_FIELDS = ("title", "summary", "description")

    class Meta:
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        ordering = ["sort_name", "id"]
        indexes = [models.Index(fields=["status", "sort_name", "id"],
                                name="innovation_status_sort_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ForgeStatus.values),
                                   name="innovation_status_valid",
                                   violation_error_message=_("Unknown status.")),
            models.CheckConstraint(condition=Q(licence__in=Licence.values),
                                   name="innovation_licence_valid",
                                   violation_error_message=_("Unknown licence.")),
            models.CheckConstraint(condition=Q(stage__in=Stage.values),
                                   name="innovation_stage_valid",
                                   violation_error_message=_("Unknown stage.")),
            slug_constraint("innovation"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        keep_search_fields(
            self, kwargs, name=self.title, sources=set(self.SEARCHED_FIELDS),
            text=search_text(*(getattr(self, field) for field in self.SEARCHED_FIELDS)))
        super().save(*args, **kwargs)
        remember_new_words(self)

    def get_absolute_url(self):
        return reverse("innovations:innovation_detail", kwargs={"slug": self.slug})

    @property
    def licence_url(self) -> str:
        return f"https://spdx.org/licenses/{self.licence}.html"

    def owning_actors(self):
        return self.actors.all()



class AdaptationQuerySet(models.QuerySet):
    def published(self):
        """Published adaptations of published innovations."""
        return self.filter(status=ForgeStatus.PUBLISHED,
                           innovation__status=ForgeStatus.PUBLISHED)

    def with_direction(self):
        """Annotated with `direction` (a Direction value), computed in SQL from the global
        South flags of the two countries, so it follows any reclassification."""
        return self.annotate(direction=Case(
            When(Q(origin_city__country__is_global_south=False,
                   city__country__is_global_south=True), then=Value(Direction.NORTH_SOUTH)),
            When(Q(origin_city__country__is_global_south=True,
                   city__country__is_global_south=False), then=Value(Direction.SOUTH_NORTH)),
            When(Q(origin_city__country__is_global_south=True,
                   city__country__is_global_south=True), then=Value(Direction.SOUTH_SOUTH)),
            default=Value(Direction.NORTH_NORTH),
            output_field=CharField(),
        ))

    def in_direction(self, direction: str):
        """Adaptations that went one way (a Direction value); an unknown value matches none."""
        flags = {
            Direction.NORTH_SOUTH: (False, True), Direction.SOUTH_NORTH: (True, False),
            Direction.SOUTH_SOUTH: (True, True), Direction.NORTH_NORTH: (False, False),
        }.get(direction)
        if flags is None:
            return self.none()
        return self.filter(origin_city__country__is_global_south=flags[0],
                           city__country__is_global_south=flags[1])

    def count_by_direction(self) -> dict[str, int]:
        """{direction value: number of adaptations} for the four directions (zeros
        included), in one SQL query. Chain it after `published()` for public figures."""
        rows = (self.order_by().with_direction().values("direction")
                .annotate(count=Count("pk", distinct=True)).values_list("direction", "count"))
        counts = dict.fromkeys(Direction.values, 0)
        counts.update(dict(rows))
        return counts

    def in_city(self, city: City):
        return self.filter(city=city)

    def by_actor(self, actor: Actor):
        return self.filter(actor=actor)

    def owned_by(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(actor__in=_owned_by(user))

    def moderated_by(self, user):
        """Officials moderate the adaptations made in their cities; staff all of them."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.has_perm("innovations.change_adaptation"):
            return self
        return self.filter(city__in=user.official_cities.values("pk")).exclude(
            submitted_by=user).exclude(actor__in=_owned_by(user))

    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.published()
        if user.has_perm("innovations.view_adaptation"):
            return self
        return self.filter(
            Q(status=ForgeStatus.PUBLISHED, innovation__status=ForgeStatus.PUBLISHED)
            | Q(actor__in=_owned_by(user))
            | Q(city__in=user.official_cities.values("pk"))
        )


class Change(models.TextChoices):
    """What an adaptation changed."""

    MATERIALS = "materials", _("Materials")
    COST = "cost", _("Cost")
    CLIMATE = "climate", _("Climate")
    ENERGY = "energy", _("Energy")
    LANGUAGE = "language", _("Language")
    REGULATION = "regulation", _("Regulation")
    TOOLS = "tools", _("Tools and machines available")
    USES = "uses", _("Uses and culture")


def validate_changes(value):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Changes must be a list of kinds of change."))
    unknown = [item for item in value if item not in Change.values]
    if unknown:
        raise ValidationError(_("Unknown kind of change: %(values)s."),
                              params={"values": ", ".join(unknown)})


class Progress(models.TextChoices):
    IDEA = "idea", _("Idea")
    IN_PROGRESS = "in_progress", _("In progress")
    WORKING = "working", _("Working")
    ABANDONED = "abandoned", _("Abandoned")


class Adaptation(ForgeItem, models.Model):
    """An innovation adapted by an actor of another city to its materials, climate, costs,
    language or rules."""

    Status = ForgeStatus
    Progress = Progress
    Change = Change
    Direction = Direction

    innovation = models.ForeignKey(Innovation, models.PROTECT, related_name="adaptations",
                                   verbose_name=_("innovation"))
    actor = models.ForeignKey(Actor, models.PROTECT, related_name="adaptations",
                              verbose_name=_("adapting actor"))
    city = models.ForeignKey(City, models.PROTECT, related_name="adaptations",
                             verbose_name=_("adapting city"))
    # A copy of the innovation's city, so that the database itself refuses an
    # "adaptation" in the city of origin (see the check constraint below).
    origin_city = models.ForeignKey(City, models.PROTECT, related_name="+",
                                    verbose_name=_("city of origin"), editable=False)
    changes = models.JSONField(_("what was changed"), default=list, blank=True,
                               validators=[validate_changes])
    description = models.TextField(
        _("what was changed and why"), max_length=5000,
        help_text=_("Materials found locally, cost, climate, energy, language, rules..."))
    progress = models.CharField(_("progress"), max_length=12, choices=Progress.choices,
                                default=Progress.IN_PROGRESS)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("working or stopped since"), null=True, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True,
                             validators=[validate_social_links],
                             help_text=_("Documentation of the adapted version, photos, "
                                         "articles."))
    status = models.CharField(_("status"), max_length=10, choices=ForgeStatus.choices,
                              default=ForgeStatus.PENDING, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("submitted by"))
    source = models.CharField(_("source"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AdaptationQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical adaptation"))

    class Meta:
        verbose_name = _("adaptation")
        verbose_name_plural = _("adaptations")
        ordering = ["innovation__title", "city__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(city=F("origin_city")),
                name="adaptation_city_differs_from_origin",
                violation_error_message=_(
                    "An adaptation is made in another city than the innovation's."),
            ),
            models.CheckConstraint(condition=Q(status__in=ForgeStatus.values),
                                   name="adaptation_status_valid",
                                   violation_error_message=_("Unknown status.")),
            models.CheckConstraint(condition=Q(progress__in=Progress.values),
                                   name="adaptation_progress_valid",
                                   violation_error_message=_("Unknown progress.")),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True) | Q(ended_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="adaptation_dates_in_order",
                violation_error_message=_("The end cannot come before the start."),
            ),
            models.UniqueConstraint(
                fields=["innovation", "actor", "city"],
                condition=Q(status__in=[ForgeStatus.PENDING, ForgeStatus.CHANGES_REQUESTED,
                                        ForgeStatus.PUBLISHED]),
                name="adaptation_unique_per_actor_and_city",
                violation_error_message=_(
                    "This organisation already has this adaptation in this city."),
            ),
        ]

    def __str__(self):
        return f"{self.innovation} — {self.city}"

    def get_absolute_url(self):
        return f"{self.innovation.get_absolute_url()}#adaptation-{self.pk}"

    def clean(self):
        super().clean()
        if self.innovation_id:
            self.origin_city_id = self.innovation.city_id
        if self.city_id and self.city_id == self.origin_city_id:
            raise ValidationError({"city": _(
                "The innovation was made in this city: an adaptation is made in another "
                "city. Choose the city where it was adapted.")})

    @property
    def direction(self) -> str:
        """The Direction value (also available in SQL through `with_direction()`)."""
        annotated = self.__dict__.get("_direction")
        if annotated:
            return annotated
        return direction_between(self.origin_city.country, self.city.country)

    @direction.setter
    def direction(self, value):
        # Set by AdaptationQuerySet.with_direction().
        self.__dict__["_direction"] = value

    def get_direction_display(self) -> str:
        return Direction(self.direction).label

    def change_labels(self) -> list[str]:
        return [str(Change(value).label) for value in self.changes if value in Change.values]

    def owning_actors(self):
        return Actor.objects.filter(pk=self.actor_id)



class DecisionAction(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RESUBMITTED = "resubmitted", _("Submitted again after changes")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CHANGES_REQUESTED = "changes", _("Changes requested")
    ARCHIVED = "archived", _("Archived")
    REVISED = "revised", _("Changes proposed")
    REVISION_APPROVED = "rev_approved", _("Changes approved")
    REVISION_REJECTED = "rev_rejected", _("Changes rejected")
    REVISION_WITHDRAWN = "withdrawn", _("Proposed changes withdrawn")


class Decision(models.Model):
    """One moderation step of an innovation or of an adaptation (kept forever)."""

    Action = DecisionAction

    innovation = models.ForeignKey(Innovation, models.CASCADE, null=True, blank=True,
                                   related_name="decisions", verbose_name=_("innovation"))
    adaptation = models.ForeignKey(Adaptation, models.CASCADE, null=True, blank=True,
                                   related_name="decisions", verbose_name=_("adaptation"))
    action = models.CharField(_("action"), max_length=12, choices=DecisionAction.choices)
    message = models.TextField(_("reason or message"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(_("on"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("forge moderation decision")
        verbose_name_plural = _("forge moderation decisions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=DecisionAction.values),
                                   name="forge_decision_action_valid"),
            models.CheckConstraint(
                condition=Q(innovation__isnull=False, adaptation__isnull=True)
                | Q(innovation__isnull=True, adaptation__isnull=False),
                name="forge_decision_one_subject",
            ),
        ]

    def __str__(self):
        return f"{self.innovation or self.adaptation}: {self.get_action_display()}"
