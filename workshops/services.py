"""Writes on summits and workshops: loading a summit programme with its people."""

import datetime
import json
from pathlib import Path

from django.db import transaction

from actors.models import Actor, ActorKind, ActorStatus, Theme
from cities.models import City
from cities.services import LoadReport, upsert
from workshops.models import (
    Commitment,
    Participation,
    Person,
    Recommendation,
    Summit,
    Workshop,
)

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
SUMMIT_SOURCE = "AIMF summit programme"


def _city(ref: dict | None) -> City | None:
    if not ref:
        return None
    return City.objects.get(name=ref["name"], country__code=ref["country"])


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def load_summit(*, path: Path = REFERENCE_DIR / "namur_2021.json") -> LoadReport:
    """Load a summit, its workshops, people, the organisations they represent, and the
    outcomes: recommendations and the commitments of the action plan. Idempotent."""
    report = LoadReport()
    data = json.loads(path.read_text(encoding="utf-8"))
    info = data["summit"]
    summit = upsert(
        Summit, report, lookup={"slug": info["slug"]},
        values={
            "name": info["name"], "city": _city(info["city"]), "place": info["place"],
            "start_date": _date(info["start_date"]), "end_date": _date(info["end_date"]),
            "time_zone": info["time_zone"], "description": info["description"],
        },
    )
    for org in data["organisations"]:
        city = _city(org["city"])
        actor = upsert(
            Actor, report, lookup={"source": SUMMIT_SOURCE, "external_id": org["slug"]},
            values={
                "slug": org["slug"], "name": org["name"],
                "kind": ActorKind.objects.get(slug=org["kind"]),
                "city": city, "latitude": city.latitude, "longitude": city.longitude,
                "location_precision": org["precision"],
                "website": org.get("website", ""),
                "short_description": org["short_description"],
                "status": ActorStatus.PUBLISHED,
            },
        )
        themes = set(Theme.objects.filter(slug__in=org["themes"]))
        if set(actor.themes.all()) != themes:
            actor.themes.set(themes)
            actor.save(update_fields=["updated_at"])  # the map and API caches key on it

    recommendations: dict[str, Recommendation] = {}
    workshops: dict[str, Workshop] = {}
    for position, item in enumerate(data["workshops"]):
        # A session held elsewhere (the round table) names its own venue and format.
        venue = {"address": "", "latitude": None, "longitude": None,
                 **item.get("venue", data["venue"])}
        workshop = upsert(
            Workshop, report, lookup={"slug": item["slug"]},
            values={
                "summit": summit, "title": item["title"], "position": position,
                "theme": Theme.objects.filter(slug=item.get("theme")).first(),
                "guiding_question": item.get("guiding_question", ""),
                "description": item.get("description", ""),
                "date": _date(item.get("date")),
                "format": item.get("format", Workshop.Format.HYBRID),
                "venue": venue["name"], "venue_address": venue["address"],
                "venue_latitude": venue["latitude"], "venue_longitude": venue["longitude"],
            },
        )
        for order, part in enumerate(item.get("participants", [])):
            who = part["person"]
            person = upsert(
                Person, report, lookup={"slug": who["slug"]},
                values={
                    "name": who["name"], "title": who["title"],
                    "organisation": who["organisation"],
                    "actor": Actor.objects.filter(
                        source=SUMMIT_SOURCE, external_id=who.get("actor", "")
                    ).first() if who.get("actor") else None,
                    "city": _city(who.get("city")),
                },
            )
            upsert(
                Participation, report,
                lookup={"workshop": workshop, "person": person, "role": part["role"]},
                values={"topic": part.get("topic", ""), "position": order},
            )
        workshops[workshop.slug] = workshop
        for order, recommendation in enumerate(item.get("recommendations", [])):
            recommendations[recommendation["key"]] = upsert(
                Recommendation, report, lookup={"workshop": workshop, "position": order},
                values={"text": recommendation["text"]},
            )
    for position, item in enumerate(data.get("commitments", [])):
        _load_commitment(item, position, workshops, recommendations, report)
    return report


def _load_commitment(item: dict, position: int, workshops: dict[str, Workshop],
                     recommendations: dict[str, Recommendation], report: LoadReport):
    exists = Commitment.objects.filter(slug=item["slug"]).exists()
    values = {
        "title": item["title"], "description": item.get("description", ""),
        "workshop": workshops[item["workshop"]], "position": position,
        "recommendation": recommendations.get(item.get("recommendation", "")),
    }
    if not exists:
        # Staff update the status afterwards; loading the demo again must not undo that.
        values["status"] = item["status"]
    commitment = upsert(Commitment, report, lookup={"slug": item["slug"]}, values=values)
    themes = set(Theme.objects.filter(slug__in=item.get("themes", [])))
    cities = {_city(ref) for ref in item.get("cities", [])}
    if set(commitment.themes.all()) != themes:
        commitment.themes.set(themes)
    if set(commitment.cities.all()) != cities:
        commitment.cities.set(cities)
