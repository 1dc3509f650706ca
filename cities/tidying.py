"""tidy_cities: attach every city to its gazetteer place and merge spelling duplicates."""

from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.text import slugify

from cities.gazetteer import gazetteer
from cities.gazetteer.matching import match_place
from cities.models import City, CitySlugRedirect
from cities.services import city_name_for_place
from cities.text import unique_slug


@dataclass
class TidyReport:
    """One line per action; counts of what was attached, renamed, merged or left."""

    lines: list[str] = field(default_factory=list)
    attached: int = 0
    merged: int = 0
    unmatched: int = 0

    def summary(self) -> str:
        return (f"{self.attached} attached to the gazetteer, {self.merged} merged, "
                f"{self.unmatched} not found in the gazetteer (left as they are).")


def _rank(city: City) -> tuple:
    """Which of two cities of one place is kept: the member, the attached one, the one
    with more organisations, the older."""
    return (city.is_aimf_member, city.geonames_id is not None, city.actors_count, -city.pk)


def _history(instance, reason: str) -> None:
    instance._change_reason = reason[:100]


def merge_city(*, drop: City, keep: City, report: TidyReport) -> None:
    """Move everything that points at `drop` to `keep`, then delete `drop` (its history
    keeps a deletion record) and redirect its address to `keep`."""
    reason = f"merged into {keep.name} ({keep.slug}) by tidy_cities"
    moved = []
    for relation in City._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        model = relation.related_model
        if (model is CitySlugRedirect or model._meta.auto_created  # through tables
                or model._meta.model_name.startswith("historical")):  # history stays as is
            continue
        if relation.many_to_many:
            for item in model._default_manager.filter(**{relation.field.name: drop}):
                getattr(item, relation.field.name).add(keep)
                getattr(item, relation.field.name).remove(drop)
                moved.append(f"{model._meta.model_name} {item.pk}")
            continue
        name = relation.field.name
        for item in model._default_manager.filter(**{name: drop}):
            setattr(item, name, keep)
            _history(item, f"city {drop.name} merged into {keep.name}")
            item.save(update_fields=[name])
            moved.append(f"{model._meta.model_name} {item.pk}")
    keep.officials.add(*drop.officials.all())
    CitySlugRedirect.objects.filter(city=drop).update(city=keep)
    spellings = [drop.name, *(drop.alternate_names or [])]
    keep.alternate_names = [*(keep.alternate_names or []),
                            *(name for name in spellings if name != keep.name
                              and name not in (keep.alternate_names or []))]
    _history(keep, f"absorbed {drop.name} ({drop.slug}) by tidy_cities")
    keep.save()
    old_slug = drop.slug
    _history(drop, reason)
    drop.delete()
    CitySlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"city": keep})
    report.merged += 1
    report.lines.append(f"merged {drop.name} ({old_slug}, {drop.country.code.code}) into "
                        f"{keep.name} ({keep.slug}): moved {len(moved)} "
                        f"{'row' if len(moved) == 1 else 'rows'}; /{old_slug} redirects.")


def attach_city(*, city: City, place, report: TidyReport) -> None:
    """Give a city its gazetteer place; a non-member takes the place's canonical name
    (the old spelling stays as an alternate name, the old address redirects)."""
    changes = [f"GeoNames {place.geonames_id}"]
    city.geonames_id = place.geonames_id
    if city.population is None and place.population:
        city.population = place.population
    if not city.is_aimf_member:
        name = city_name_for_place(place, city.country, exclude_pk=city.pk)
        if name != city.name:
            city.alternate_names = [*(city.alternate_names or []), city.name]
            changes.append(f"renamed {city.name!r} → {name!r}")
            city.name = name
            slug = unique_slug(City, name, f"{name}-{city.country.code.code}",
                               exclude_pk=city.pk)
            if slug != city.slug and slugify(name) != city.slug:
                CitySlugRedirect.objects.update_or_create(old_slug=city.slug,
                                                          defaults={"city": city})
                changes.append(f"/{city.slug} redirects to /{slug}")
                city.slug = slug
    _history(city, f"attached to GeoNames {place.geonames_id} by tidy_cities")
    city.full_clean()
    city.save()
    report.attached += 1
    report.lines.append(f"attached {city.name} ({city.country.code.code}) to {place}: "
                        + "; ".join(changes) + ".")


@transaction.atomic
def tidy_cities(*, dry_run: bool = False) -> TidyReport:
    """Attach cities without a GeoNames id to their place, merging those whose place
    already has a city. Idempotent: a second run finds nothing to do. A dry run does
    the work and rolls it back, so its report is exactly what a real run would do."""
    report = TidyReport()
    gazetteer()  # load before the transaction's work, not in the middle of it
    cities = (City.objects.select_related("country").annotate(
        actors_count=models.Count("actors")).order_by("pk"))
    by_place = {city.geonames_id: city for city in cities if city.geonames_id}
    for city in cities:
        if city.geonames_id:
            continue
        match = match_place(name=city.name, country=city.country.code.code,
                            latitude=city.latitude, longitude=city.longitude)
        if match.place is None:
            report.unmatched += 1
            report.lines.append(f"left {city.name} ({city.country.code.code}, {city.slug}): "
                                f"{match.reason}")
            continue
        place = match.place
        other = by_place.get(place.geonames_id)
        if other is None:
            attach_city(city=city, place=place, report=report)
            by_place[place.geonames_id] = city
            continue
        keep, drop = (other, city) if _rank(other) >= _rank(city) else (city, other)
        merge_city(drop=drop, keep=keep, report=report)
        if keep.geonames_id is None:
            attach_city(city=keep, place=place, report=report)
        by_place[place.geonames_id] = keep
    if dry_run:
        transaction.set_rollback(True)
    return report
