"""Generate synthetic actors for load tests, clearly marked and kept apart from the demo."""

import random

from django.core.management.base import BaseCommand, CommandError

from actors.models import (
    Actor,
    ActorKind,
    ActorStatus,
    LocationPrecision,
    actor_search_text,
)
from cities.input_rules import ascii_int_argument
from cities.models import City
from cities.search import remember_words
from cities.text import fold

SYNTHETIC_SOURCE = "synthetic"
BATCH_SIZE = 2000


class Command(BaseCommand):
    help = (
        "Create N synthetic published actors (source 'synthetic') scattered around the "
        "existing cities, for load tests and benchmarks. --clear removes them again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=ascii_int_argument, default=1000,
                            help="How many actors to create.")
        parser.add_argument("--seed", type=ascii_int_argument, default=2021,
                            help="Random seed (repeatable).")
        parser.add_argument(
            "--clear", action="store_true", help="Delete every synthetic actor first."
        )

    def handle(self, *args, count, seed, clear, **options):
        if count < 0:
            raise CommandError("--count must be zero or more.")
        if clear:
            deleted, _ = Actor.objects.filter(source=SYNTHETIC_SOURCE).delete()
            self.stdout.write(f"Deleted {deleted} synthetic rows.")
        cities = list(City.objects.values_list("id", "latitude", "longitude"))
        kinds = list(ActorKind.objects.values_list("id", flat=True))
        if count and not (cities and kinds):
            raise CommandError("Load the reference data first: python manage.py load_demo")
        rng = random.Random(seed)  # noqa: S311 - repeatable test data, not secrets
        start = Actor.objects.filter(source=SYNTHETIC_SOURCE).count()
        created = 0
        while created < count:
            batch = []
            for number in range(start + created, start + min(count, created + BATCH_SIZE)):
                city_id, lat, lon = rng.choice(cities)
                batch.append(
                    Actor(
                        name=f"Synthetic actor {number:06d}",
                        slug=f"synthetic-{seed}-{number:06d}",
                        kind_id=rng.choice(kinds),
                        city_id=city_id,
                        latitude=round(max(-90.0, min(90.0, lat + rng.uniform(-0.08, 0.08))), 5),
                        longitude=round(max(-180.0, min(180.0, lon + rng.uniform(-0.08, 0.08))), 5),
                        location_precision=LocationPrecision.EXACT,
                        short_description="Synthetic record for load tests.",
                        status=ActorStatus.PUBLISHED,
                        source=SYNTHETIC_SOURCE,
                        external_id=f"{seed}-{number:06d}",
                    )
                )
            for actor in batch:
                actor.search_text = actor_search_text(actor)  # bulk_create skips save()
                actor.sort_name = fold(actor.name)[:200]
            Actor.objects.bulk_create(batch)
            remember_words(*(actor.search_text for actor in batch))
            created += len(batch)
        self.stdout.write(self.style.SUCCESS(f"Created {created} synthetic actors."))
