"""make bench: importing 100,000 actors from CSV, next to a naive baseline in the same run.

Generates a CSV of BENCH_IMPORT_ROWS rows (100,000 by default) spread over the reference
cities, with themes, coordinates and contacts (one row in ten in one of 2,000 towns of
the gazetteer, mostly not on the platform yet, one in twenty with coordinates only, so
that the gazetteer's name matching, reverse geocoding and city creation are measured),
then on a fresh SQLite database (and on PostgreSQL when DATABASE_URL points at one)
measures in a separate process each:

- the first import (every row created, with its history and themes);
- a second import of the same file (every row recognised, nothing written);
- the naive baseline: one Actor.save() (plus history and themes.set()) per row on a
  subset of BENCH_IMPORT_NAIVE rows, extrapolated to the full file.

Prints rows/s, wall time and peak RSS (resource.getrusage) of each measuring process.
The targets: 100,000 rows in at most 60 s with a peak RSS of at most 400 MB. CPU time
(user + system, of the measuring process) is printed too: on a shared machine, wall time
includes waiting for other processes.
"""

import csv
import json
import os
import random
import resource
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "results"
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
NAIVE_ROWS = int(os.environ.get("BENCH_IMPORT_NAIVE", "2000"))
SOURCE = "bench-import"
TARGET_SECONDS, TARGET_MB = 60, 400


def env_for(database_url: str) -> dict:
    return {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64), "ALLOWED_HOSTS": "localhost",
            "LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "aimf_innovation.settings"}


def generate_csv(path: Path, rows: int) -> None:
    """Rows in our template, placed in reference cities (some spelt otherwise), in
    gazetteer towns (created by the first import), or given by their point only."""
    import gzip

    cities = json.loads((ROOT / "cities" / "reference" / "cities.json").read_text())
    with gzip.open(ROOT / "cities/gazetteer/data/places.tsv.gz", "rt",
                   encoding="utf-8") as data:
        columns = {line.split("\t", 1)[0]: line.rstrip("\n").split("\t")[1:]
                   for line in data if not line.startswith("#")}
    countries = {city["country"] for city in cities}
    towns = [
        {"name": name, "country": country, "latitude": float(lat), "longitude": float(lon)}
        for name, country, lat, lon in zip(columns["name"], columns["country"],
                                           columns["latitude"], columns["longitude"],
                                           strict=True)
        if country in countries
    ]
    themes = ["social", "economic", "environmental", "digital-inclusion", "education",
              "health", "agriculture-food"]
    kinds = ["fablab", "incubator", "Incubateur", "tiers-lieu", "coworking", "tech-hub"]
    rng = random.Random(2021)  # noqa: S311 - repeatable data, not secrets
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["external_id", "name", "kind", "themes", "address", "city",
                         "country", "latitude", "longitude", "website", "email", "phone",
                         "short_description", "founded_year", "status"])
        towns = rng.sample(towns, min(2000, len(towns)))
        for number in range(rows):
            city = rng.choice(towns if number % 10 == 7 else cities)
            name = city["name"] if number % 3 else city["name"].upper()
            country = city["country"]
            if number % 20 == 11:  # coordinates only: the gazetteer gives city and country
                name = country = ""
            writer.writerow([
                f"b{number:06d}", f"Initiative {number:06d} {city['name']}",
                rng.choice(kinds), "|".join(rng.sample(themes, 2)),
                f"{number % 200} rue de l'Innovation", name, country,
                round(city["latitude"] + rng.uniform(-0.02, 0.02), 6),
                round(city["longitude"] + rng.uniform(-0.02, 0.02), 6),
                f"https://initiative-{number}.example.org", f"contact{number}@example.org",
                "+221 33 000 00 00", "Une initiative locale de test.",
                rng.randint(1990, 2024), "closed" if number % 50 == 0 else "active",
            ])


def worker(mode: str, path: str) -> None:
    """Runs inside the measured process: one import (or the naive loop), then figures."""
    import django

    django.setup()
    from django.db import transaction

    from actors.models import Actor
    from imports import import_actors

    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    start = time.perf_counter()
    if mode == "naive":
        rows = naive(path)
    else:
        report = import_actors(source_file=path, fmt="csv", source=SOURCE, progress=False)
        rows = report.created + report.updated + report.unchanged + report.skipped \
            + len(report.rejected)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_mb = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    if mode == "naive":
        with transaction.atomic():
            Actor.objects.filter(source=f"{SOURCE}-naive").delete()
    print(json.dumps({"rows": rows, "seconds": seconds, "cpu": cpu, "peak_mb": peak_mb}))


def naive(path: str) -> int:
    """The obvious loop: look the city up, full_clean(), save() and themes.set() per row."""
    from django.db import transaction
    from django.utils.text import slugify

    from actors.models import Actor, ActorKind, Theme
    from cities.models import City
    from cities.services import find_city

    kinds = {k.slug: k for k in ActorKind.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    done = 0
    with open(path, encoding="utf-8") as handle, transaction.atomic():
        for row in csv.DictReader(handle):
            if done == NAIVE_ROWS:
                break
            known = City.objects.filter(country__code=row["country"]).first()
            city = known and find_city(name=row["city"], country=known.country)
            if city is None:  # a town or a point the naive loop cannot place: left out
                continue
            actor = Actor(
                name=row["name"], slug=slugify(f"naive {row['external_id']}"),
                kind=kinds.get(row["kind"], kinds["incubator"]), city=city,
                address=row["address"], latitude=float(row["latitude"]),
                longitude=float(row["longitude"]), website=row["website"],
                email=row["email"], phone=row["phone"],
                short_description=row["short_description"],
                founded_year=int(row["founded_year"]), status=Actor.Status.PENDING,
                source=f"{SOURCE}-naive", external_id=row["external_id"],
            )
            actor.full_clean()
            actor.save()
            actor.themes.set([themes[slug] for slug in row["themes"].split("|")])
            done += 1
    return done


def measure(env: dict, mode: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", mode, str(path)], cwd=ROOT, env=env,
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def prepare(env: dict) -> None:
    for args in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)


CLEAR = f"""
from actors.models import Actor, ModerationDecision
ids = Actor.objects.filter(source__startswith={SOURCE!r}).values("id")
history = Actor.history.model
for queryset in (history.themes.model.objects.filter(actor_id__in=ids),
                 history.objects.filter(id__in=ids),
                 Actor.themes.through.objects.filter(actor_id__in=ids),
                 Actor.owners.through.objects.filter(actor_id__in=ids),
                 ModerationDecision.objects.filter(actor_id__in=ids),
                 Actor.objects.filter(source__startswith={SOURCE!r})):
    queryset._raw_delete(queryset.db)
"""


def clear(env: dict) -> None:
    """Remove the benchmark's actors and their rows in plain DELETEs (no collector)."""
    subprocess.run([sys.executable, "manage.py", "shell", "-c", CLEAR], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)


def report(label: str, env: dict, path: Path) -> None:
    first = measure(env, "import", path)
    second = measure(env, "import", path)
    naive_run = measure(env, "naive", path)
    naive_rate = naive_run["rows"] / naive_run["seconds"]
    print(f"\n{label}: importing {ROWS:,} CSV rows")
    for title, run in (("first import (all created)", first),
                       ("second import (all unchanged)", second)):
        rate = run["rows"] / run["seconds"]
        print(f"  {title:32} {run['seconds']:7.1f} s  {rate:9,.0f} rows/s  "
              f"CPU {run['cpu']:6.1f} s  peak RSS {run['peak_mb']:4.0f} MB  "
              f"({rate / naive_rate:5.1f}x the naive rate)")
    print(f"  {'naive save() per row':32} {ROWS / naive_rate:7.1f} s  {naive_rate:9,.0f} rows/s"
          f"  CPU {naive_run['cpu'] * ROWS / naive_run['rows']:6.1f} s  peak RSS "
          f"{naive_run['peak_mb']:4.0f} MB  (measured on {naive_run['rows']:,} rows, "
          "extrapolated)")
    load = os.getloadavg()[0]
    print(f"  load average {load:.1f} on {os.cpu_count()} CPUs: wall times stretch on a busy "
          "machine; CPU times (this process only) do not")
    memory = first["peak_mb"] <= TARGET_MB
    wall = first["seconds"] * ROWS / max(first["rows"], 1) <= TARGET_SECONDS
    cpu = first["cpu"] * ROWS / max(first["rows"], 1) <= TARGET_SECONDS
    verdict = "met" if memory and wall else (
        "met in CPU time, missed in wall time (the machine is busy)" if memory and cpu
        else "MISSED")
    print(f"  target {TARGET_SECONDS} s and {TARGET_MB} MB for {ROWS:,} rows: {verdict}")

def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"import-{ROWS}.csv"
    generate_csv(path, ROWS)
    print(f"Generated {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:.1f} MB)")
    database = WORK / "bench-import.sqlite3"
    database.unlink(missing_ok=True)
    env = env_for(f"sqlite:///{database}")
    prepare(env)
    report("SQLite (fresh database)", env, path)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        env = env_for(url)
        prepare(env)
        clear(env)
        report("PostgreSQL", env, path)
        clear(env)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        sys.path.insert(0, str(ROOT))
        worker(sys.argv[2], sys.argv[3])
    else:
        main()
