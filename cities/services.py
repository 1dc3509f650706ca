"""Writes on countries and cities: loading the reference data, finding or creating a city."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models, transaction
from django.utils import translation
from django.utils.text import capfirst

from cities.models import City, Country
from cities.search import remember_words
from cities.text import fold, unique_slug, unique_slugs

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


@dataclass
class LoadReport:
    """What a loader did, model by model: {"City": {"created": 3, "updated": 1, ...}}."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)

    def reject(self, line: int, label: str, error: Exception) -> None:
        messages = getattr(error, "message_dict", None) or {"": getattr(error, "messages", [])}
        reason = "; ".join(
            f"{name}: {' '.join(texts)}" if name and name != "__all__" else " ".join(texts)
            for name, texts in messages.items()
        )
        self.rejected.append(f"line {line} ({label}): {reason}")

    def add(self, model: type[models.Model], outcome: str, number: int = 1) -> None:
        # Reports are for operators and logs: model names stay in English (the msgids).
        with translation.override(None):
            name = capfirst(str(model._meta.verbose_name_plural))
        per_model = self.counts.setdefault(name, {})
        per_model[outcome] = per_model.get(outcome, 0) + number

    def merge(self, other: "LoadReport") -> "LoadReport":
        for name, outcomes in other.counts.items():
            mine = self.counts.setdefault(name, {})
            for outcome, number in outcomes.items():
                mine[outcome] = mine.get(outcome, 0) + number
        self.rejected.extend(other.rejected)
        return self

    def lines(self) -> list[str]:
        return [
            f"{name}: " + ", ".join(f"{number} {outcome}" for outcome, number in outcomes.items())
            for name, outcomes in self.counts.items()
        ] + [f"rejected {line}" for line in self.rejected]


def upsert(
    model: type[models.Model], report: LoadReport, *, lookup: dict, values: dict
) -> models.Model:
    """Create the row, or update it only where a value differs (so no empty history entry)."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        report.add(model, "created")
        return instance
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.full_clean()
        instance.save()
        report.add(model, "updated")
    else:
        report.add(model, "unchanged")
    return instance


@transaction.atomic
def load_reference_places(*, directory: Path = REFERENCE_DIR) -> LoadReport:
    """Load every country (region, North/South) and the reference cities; idempotent."""
    report = LoadReport()
    countries = json.loads((directory / "countries.json").read_text(encoding="utf-8"))
    by_code = {}
    for row in countries:
        by_code[row["code"]] = upsert(
            Country, report, lookup={"code": row["code"]},
            values={"region": row["region"], "is_global_south": row["global_south"]},
        )
    cities = json.loads((directory / "cities.json").read_text(encoding="utf-8"))
    for row in cities:
        existing = City.objects.filter(geonames_id=row["geonameid"]).first()
        alternate = sorted({row["name_en"], *row.get("alternate_names", [])} - {row["name"]})
        values = {
            "name": row["name"],
            "country": by_code[row["country"]],
            "latitude": row["latitude"],
            "longitude": row["longitude"],
            "population": row["population"] or None,
            "is_aimf_member": row["aimf_member"],
            "alternate_names": alternate,
        }
        if existing is None:
            values["slug"] = unique_slug(City, row["name"], f"{row['name']}-{row['country']}")
        upsert(City, report, lookup={"geonames_id": row["geonameid"]}, values=values)
    return report


def find_city(*, name: str, country: Country) -> City | None:
    """The city of that country whose name or alternate spelling matches, ignoring accents."""
    wanted = fold(name)
    for city in City.objects.filter(country=country).only("name", "alternate_names"):
        if wanted == fold(city.name) or wanted in {fold(alt) for alt in city.alternate_names}:
            return city
    return None


def city_name_for_place(place, country: Country, *, exclude_pk=None) -> str:
    """The place's canonical name, or, when a homonym of the country has it already,
    the name followed by the place's region code ("Saint-Georges (52)")."""
    return city_names_for_places([(place, country)], exclude_pk=exclude_pk)[0]


def city_names_for_places(pairs: list, *, exclude_pk=None) -> list[str]:
    """`city_name_for_place()` for many (place, country) pairs in one query: homonyms
    among the pairs get their region code (or GeoNames id) too."""
    variants = []
    for place, _country in pairs:
        by_region = f" ({place.admin1 or place.geonames_id})"
        by_id = f" ({place.geonames_id})"
        variants.append([place.name[:120],
                         f"{place.name[:120 - len(by_region)]}{by_region}",
                         f"{place.name[:120 - len(by_id)]}{by_id}"])
    cities = City.objects.exclude(pk=exclude_pk) if exclude_pk else City.objects.all()
    taken = set(cities.filter(
        country__in={country.pk for _place, country in pairs},
        name__in={name for names in variants for name in names},
    ).values_list("country_id", "name"))
    chosen = []
    for (_place, country), names in zip(pairs, variants, strict=True):
        name = next((name for name in names[:2] if (country.pk, name) not in taken), names[2])
        taken.add((country.pk, name))
        chosen.append(name)
    return chosen


def create_cities_from_places(pairs: list, *, reason: str = "") -> list[City]:
    """New non-member cities for gazetteer places, given as (place, country) pairs: each
    with its canonical name, GeoNames id, population, centre and a few other spellings (to
    recognise it in later imports), in a handful of queries whatever their number (an
    import creates thousands of towns).

    Names and slugs are chosen free of each other and of the table, so the only checks
    left are the fields' own (clean_fields); each city gets its history row."""
    names = city_names_for_places(pairs)
    slugs = unique_slugs(City, [(name, f"{name}-{country.code.code}")
                                for name, (_place, country) in zip(names, pairs, strict=True)])
    cities = []
    for name, slug, (place, country) in zip(names, slugs, pairs, strict=True):
        city = City(
            name=name,
            slug=slug,
            country=country,
            latitude=round(place.latitude, 5),
            longitude=round(place.longitude, 5),
            population=place.population or None,
            geonames_id=place.geonames_id,
            alternate_names=list(place.alternate_names[:8]),
            is_aimf_member=False,
        )
        city.clean_fields(exclude={"country"})  # a Country row: no query to check it
        city.set_search_fields()  # save() is not called
        if reason:
            city._change_reason = reason
        cities.append(city)
    City.objects.bulk_create(cities)
    City.history.bulk_history_create(cities)
    remember_words(*(city.search_text for city in cities))
    for city in cities:
        city._saved_search_text = city.search_text
    return cities
