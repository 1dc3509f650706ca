"""AIMF summits, their workshops, and the people who chaired, moderated or spoke."""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor, Theme
from cities.models import (
    City,
    SearchIndexed,
    coordinate_constraints,
    keep_search_fields,
    remember_new_words,
    slug_constraint,
)
from cities.search import RankedSearchQuerySet, search, search_text, themes_named


def validate_time_zone(value: str):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(tz)s."), params={"tz": value})


class Summit(models.Model):
    """An AIMF summit, e.g. the 2021 world digital summit of Namur."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    city = models.ForeignKey(
        City, models.PROTECT, related_name="summits", verbose_name=_("host city")
    )
    place = models.CharField(
        _("place"), max_length=200, help_text=_("Where it was held, as announced.")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Brussels", validators=[validate_time_zone]
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Read by the public data version (cities.versions), like every public model's.
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("historical summit"), excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("summit")
        verbose_name_plural = _("summits")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="summit_ends_after_start",
                violation_error_message=_("A summit cannot end before it starts."),
            ),
            slug_constraint("summit"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workshops:summit_detail", kwargs={"slug": self.slug})


class WorkshopQuerySet(models.QuerySet):
    def dated(self):
        """Workshops whose day is known (they can go in a calendar)."""
        return self.filter(date__isnull=False)

    def of_summit(self, summit: Summit):
        return self.filter(summit=summit)


class Workshop(models.Model):
    """A workshop (atelier) of a summit, around a guiding question."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIDEOCONFERENCE = "videoconference", _("Video-conference")
        HYBRID = "hybrid", _("In person and video-conference")

    summit = models.ForeignKey(
        Summit, models.CASCADE, related_name="workshops", verbose_name=_("summit")
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    guiding_question = models.TextField(_("guiding question"), blank=True)
    theme = models.ForeignKey(
        Theme, models.SET_NULL, null=True, blank=True, related_name="workshops",
        verbose_name=_("theme"),
    )
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("Empty when unknown."))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    format = models.CharField(
        _("format"), max_length=16, choices=Format.choices, default=Format.IN_PERSON
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    venue_latitude = models.FloatField(_("venue latitude"), null=True, blank=True)
    venue_longitude = models.FloatField(_("venue longitude"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position in the programme"), default=0)

    objects = WorkshopQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical workshop"))

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["summit", "date", "start_time", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gt=F("start_time")),
                name="workshop_ends_after_start",
                violation_error_message=_("A workshop must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(venue_latitude__isnull=True, venue_longitude__isnull=True)
                | Q(venue_latitude__isnull=False, venue_longitude__isnull=False),
                name="workshop_venue_coordinates_paired",
                violation_error_message=_("Give both the venue's latitude and longitude."),
            ),
            slug_constraint("workshop"),
            *coordinate_constraints("workshop_venue", "venue_latitude", "venue_longitude"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:workshop_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.date and self.summit_id:
            summit = self.summit
            if not summit.start_date <= self.date <= summit.end_date:
                raise ValidationError(
                    {"date": _("The date must fall within the summit's dates.")}
                )

    def _local(self, time: datetime.time | None) -> datetime.datetime | None:
        if not (self.date and time):
            return None
        return datetime.datetime.combine(
            self.date, time, tzinfo=zoneinfo.ZoneInfo(self.summit.time_zone)
        )

    @property
    def starts_at(self) -> datetime.datetime | None:
        return self._local(self.start_time)

    @property
    def ends_at(self) -> datetime.datetime | None:
        return self._local(self.end_time)

    @property
    def has_venue_point(self) -> bool:
        return self.venue_latitude is not None and self.venue_longitude is not None


class PersonQuerySet(RankedSearchQuerySet):
    def with_role(self, role: str):
        return self.filter(participations__role=role).distinct()

    def at_summit(self, summit: Summit):
        return self.filter(participations__workshop__summit=summit).distinct()

    def search(self, text: str):
        """People whose name, title or organisation contain every word, ignoring accents
        and case and forgiving a typo; name matches first."""
        return search(self, text, "search_text")


class Person(SearchIndexed, models.Model):
    """A public figure who took part in a summit: name, title and organisation only."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    title = models.CharField(_("title or function"), max_length=300, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    actor = models.ForeignKey(
        Actor, models.SET_NULL, null=True, blank=True, related_name="people",
        verbose_name=_("organisation on the platform"),
    )
    city = models.ForeignKey(
        City, models.SET_NULL, null=True, blank=True, related_name="people",
        verbose_name=_("city"),
    )
    # SEARCHED_FIELDS folded, and the name folded (the rank of name matches, and the
    # directory's order): cities.search, kept by save().
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    sort_name = models.CharField(_("sort name"), max_length=200, blank=True, default="",
                                 editable=False)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical person"),
                                excluded_fields=["search_text", "sort_name"])

    SEARCHED_FIELDS = ("name", "title", "organisation")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_name", "id"]
        constraints = [slug_constraint("person")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        keep_search_fields(
            self, kwargs, name=self.name, sources=set(self.SEARCHED_FIELDS),
            text=search_text(*(getattr(self, field) for field in self.SEARCHED_FIELDS)))
        super().save(*args, **kwargs)
        remember_new_words(self)

    def get_absolute_url(self):
        return reverse("workshops:person_detail", kwargs={"slug": self.slug})


class ParticipationRole(models.TextChoices):
    """Roles in a workshop."""

    CHAIR = "chair", _("Chair")
    MODERATOR = "moderator", _("Moderator")
    SPEAKER = "speaker", _("Speaker")


class Participation(models.Model):
    """A person's role in a workshop."""

    Role = ParticipationRole

    workshop = models.ForeignKey(
        Workshop, models.CASCADE, related_name="participations", verbose_name=_("workshop")
    )
    person = models.ForeignKey(
        Person, models.CASCADE, related_name="participations", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    topic = models.CharField(_("topic of the intervention"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords(verbose_name=_("historical participation"))

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["workshop", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "person", "role"],
                name="participation_unique_role",
                violation_error_message=_("This person already has this role in the workshop."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=ParticipationRole.values),
                name="participation_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()}, {self.workshop})"

    def get_absolute_url(self):
        return self.workshop.get_absolute_url()


class Recommendation(models.Model):
    """A recommendation that came out of a workshop."""

    workshop = models.ForeignKey(
        Workshop, models.PROTECT, related_name="recommendations", verbose_name=_("workshop")
    )
    text = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("historical recommendation"))

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["workshop", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""), name="recommendation_text_not_empty",
                violation_error_message=_("A recommendation needs a text."),
            ),
        ]

    def __str__(self):
        return Truncator(self.text).chars(80)

    def get_absolute_url(self):
        return f"{self.workshop.get_absolute_url()}#recommendation-{self.pk}"


class CommitmentStatus(models.TextChoices):
    """Where a commitment of the action plan stands."""

    PROPOSED = "proposed", _("Proposed")
    ADOPTED = "adopted", _("Adopted")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class CommitmentQuerySet(models.QuerySet):
    def with_status(self, *statuses: str):
        return self.filter(status__in=statuses)

    def about_theme(self, theme: Theme):
        return self.filter(themes=theme)

    def committed_by(self, city: City):
        return self.filter(cities=city)

    def of_summit(self, summit: Summit):
        return self.filter(workshop__summit=summit)

    def count_by_status(self) -> dict[str, int]:
        """{status: number of commitments}, every status present (zero when none)."""
        counts = dict(
            self.order_by().values_list("status").annotate(n=models.Count("pk", distinct=True))
        )
        return {status: counts.get(status, 0) for status in CommitmentStatus.values}

    def search(self, text: str):
        """Commitments whose title, description or themes (in French or English) contain
        every word, ignoring accents and case and forgiving a typo; title matches first."""
        return search(self, text, "search_text",
                      also=lambda spellings: themes_named(Commitment, spellings))

    def for_display(self):
        return self.select_related("workshop__summit", "recommendation").prefetch_related(
            "themes", models.Prefetch("cities", queryset=City.objects.select_related("country"))
        )


class Commitment(SearchIndexed, models.Model):
    """A commitment of the AIMF action plan that resulted from a workshop."""

    Status = CommitmentStatus

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    workshop = models.ForeignKey(
        Workshop, models.PROTECT, related_name="commitments", verbose_name=_("workshop")
    )
    recommendation = models.ForeignKey(
        Recommendation, models.SET_NULL, null=True, blank=True, related_name="commitments",
        verbose_name=_("recommendation"),
        help_text=_("The workshop recommendation this commitment answers, if any."),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="commitments", verbose_name=_("themes")
    )
    cities = models.ManyToManyField(
        City, blank=True, related_name="commitments", verbose_name=_("committed cities"),
        help_text=_("The cities that commit to it."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    position = models.PositiveSmallIntegerField(_("position in the action plan"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    # SEARCHED_FIELDS folded, and the title folded (the rank of title matches):
    # cities.search, kept by save().
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    sort_name = models.CharField(_("sort name"), max_length=200, blank=True, default="",
                                 editable=False)

    objects = CommitmentQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name=_("historical commitment"), m2m_fields=[themes, cities],
        excluded_fields=["search_text", "sort_name"],
    )

    SEARCHED_FIELDS = ("title", "description")

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CommitmentStatus.values), name="commitment_status_valid",
            ),
            slug_constraint("commitment"),
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
        return reverse("workshops:commitment_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if (self.recommendation_id and self.workshop_id
                and self.recommendation.workshop_id != self.workshop_id):
            raise ValidationError({"recommendation": _(
                "Choose a recommendation of the same workshop."
            )})
