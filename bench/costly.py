"""make bench, third step: the costliest anonymous requests at 20,000 actors.

On SQLite (and on PostgreSQL when DATABASE_URL points at one: that database is flushed),
with the demo data plus synthetic actors up to 20,000 published ones:

- the uncached server time (median, in-process, production settings, cache cleared before
  each request) of every anonymous endpoint, with the search of today (a stored folded
  text) against the naive search it replaced (every row's texts folded for every word,
  bench/naive_search.py), measured in the same run;
- the full exports: first request, then the same with an extra parameter (`&r=...`);
- an ordinary page's p50 served by gunicorn (2 workers) while 4 clients send the
  costliest search, each with different words (so that no cache helps), against the
  same page without load.

BENCH_SKIP_BASELINE=1 leaves the naive baseline out (it takes most of the run's time);
BENCH_REUSE_DATABASE=1 reuses the databases of the previous run.

Targets (issue 12.4): every anonymous request but the full exports <= 150 ms uncached;
exports from the cache after the first; the ordinary page's p50 <= 100 ms under load.
"""

import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import WORK, env_for, manage  # noqa: E402

PUBLISHED = 20_000
# Two free ports for the gunicorn runs (engineers sharing a machine pick their own).
PORTS = tuple(int(port) for port in os.environ.get("BENCH_COSTLY_PORTS", "8301,8302").split(","))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "20"))
# Eight words matching every synthetic actor ("Synthetic actor 000123", "Synthetic record
# for load tests."): the worst case, every row kept by every word.
WORDS = ["synthetic", "actor", "record", "for", "load", "tests", "synthetic", "record"]
SEARCH = " ".join(WORDS)


def bench_env(database_url: str, **extra) -> dict:
    env = env_for(WORK / "unused.sqlite3")
    env.update({"DATABASE_URL": database_url, "SEARCH_RATE_LIMIT": "",
                "MAP_FEED_RATE_LIMIT": "", **extra})
    return env


def build(database_url: str) -> None:
    env = bench_env(database_url)
    if database_url.startswith("postgres"):
        manage(env, "migrate", "--noinput")
        manage(env, "flush", "--noinput")
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from actors.models import Actor; print(Actor.objects.published().count())"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    demo = int(out.stdout.strip().splitlines()[-1])
    manage(env, "generate_actors", "--count", str(PUBLISHED - demo))
    # Planner statistics for the new rows (a server may run without autovacuum, as the
    # bench machine's does: the planner then takes 20,000 rows for a handful).
    manage(env, "shell", "-c", "from django.db import connection; "
           "connection.cursor().execute('ANALYZE')")


SERVER_TIMES = r"""
import json, os, statistics, sys, time, urllib.parse, django
django.setup()
from django.core.cache import cache
from django.db.models import Count
from django.test import Client
from cities.models import City
from bench.naive_search import install, naive_search
from actors.models import ActorQuerySet

stored_search = ActorQuerySet.search
search = sys.argv[1]
city = City.objects.annotate(n=Count("actors")).order_by("-n").first()
q = urllib.parse.urlencode({"q": search})
endpoints = {
    "home": "/",
    "home, 8-word search": f"/?{q}",
    "/actors/, 8-word search": f"/actors/?{q}",
    "/map/feed/, 8-word search": f"/map/feed/?{q}",
    "/api/v1/actors/, 8-word search": f"/api/v1/actors/?{q}",
    "city page (most actors)": city.get_absolute_url(),
    "/statistics/": "/statistics/",
}
client = Client(HTTP_ACCEPT_ENCODING="gzip")
plain = Client()  # exports compared byte for byte: no gzip (its header has a time)

def uncached(url, runs):
    times = []
    for _ in range(runs):
        cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)

for url in endpoints.values():  # warm-up: imports, SQLite's page cache
    client.get(url)
results = {"after": {}, "before": {}, "exports": {}}
for name, url in endpoints.items():
    results["after"][name] = uncached(url, 7)
ActorQuerySet.search = naive_search
for name, url in endpoints.items():
    skip = os.environ.get("BENCH_SKIP_BASELINE")
    results["before"][name] = float("nan") if skip else uncached(
        url, 3 if "search" in name else 7)
ActorQuerySet.search = stored_search
for fmt in ("geojson", "csv"):
    cache.clear()
    start = time.perf_counter()
    first = plain.get(f"/api/v1/actors/?format={fmt}")
    first_ms = (time.perf_counter() - start) * 1000
    times = []
    for n in range(5):
        start = time.perf_counter()
        again = plain.get(f"/api/v1/actors/?format={fmt}&r={n}")
        times.append((time.perf_counter() - start) * 1000)
        assert again.content == first.content
    results["exports"][fmt] = {"first_ms": first_ms, "cached_ms": statistics.median(times),
                               "bytes": len(first.content)}
results["ordinary"] = [a.get_absolute_url() for a in city.actors.published()[:1]][0]
print(json.dumps(results))
"""


def server_times(database_url: str) -> dict:
    result = subprocess.run([sys.executable, "-c", SERVER_TIMES, SEARCH], cwd=ROOT,
                            env=bench_env(database_url), capture_output=True, text=True)
    if result.returncode:
        sys.exit(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


class Gunicorn:
    def __init__(self, database_url: str, port: int, **extra):
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "aimf_innovation.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
            cwd=ROOT, env=bench_env(database_url, **extra))
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{self.url}/map/kinds.css", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def random_search(rng: random.Random) -> str:
    """Substrings of the matching words, different each time: no two requests share a
    cache entry, and every synthetic actor still matches."""
    parts = []
    for word in WORDS:
        length = rng.randint(3, len(word)) if len(word) > 3 else len(word)
        start = rng.randint(0, len(word) - length)
        parts.append(word[start:start + length])
    return " ".join(parts)


def get_ms(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
    return (time.perf_counter() - start) * 1000


def ordinary_p50(server: Gunicorn, page: str, costly_path: str, clients: int) -> dict:
    """p50 of `page` fetched in turn for LOAD_SECONDS while `clients` threads send
    the costly request (bounded: they stop with the measurement)."""
    stop = threading.Event()
    costly_times = []

    def attacker(seed):
        rng = random.Random(seed)
        while not stop.is_set() and len(costly_times) < 10_000:
            query = urllib.parse.urlencode({"q": random_search(rng)})
            try:
                costly_times.append(get_ms(f"{server.url}{costly_path}?{query}"))
            except OSError:
                costly_times.append(float("nan"))

    threads = [threading.Thread(target=attacker, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    times = []
    deadline = time.monotonic() + LOAD_SECONDS
    while time.monotonic() < deadline and len(times) < 100_000:
        times.append(get_ms(f"{server.url}{page}"))
    stop.set()
    for thread in threads:
        thread.join(timeout=180)
    return {"p50_ms": statistics.median(times), "requests": len(times),
            "costly_requests": len(costly_times),
            "costly_p50_ms": statistics.median(costly_times) if costly_times else None}


def load_tests(database_url: str, page: str, costly_path: str) -> dict:
    results = {}
    runs = [("after", PORTS[0], {}), ("before", PORTS[1], {"BENCH_NAIVE_SEARCH": "1"})]
    if os.environ.get("BENCH_SKIP_BASELINE"):
        runs = runs[:1]
    for label, port, extra in runs:
        server = Gunicorn(database_url, port, **extra)
        try:
            get_ms(f"{server.url}{page}")
            results[label] = {"idle": ordinary_p50(server, page, costly_path, 0),
                              "loaded": ordinary_p50(server, page, costly_path, 4)}
        finally:
            server.stop()
    return results


def report(name: str, times: dict, load: dict, costly_path: str) -> None:
    print(f"\nCostliest anonymous requests, {PUBLISHED:,} actors, {name}: uncached server time "
          f"(median; baseline: the naive fold-per-row search, same run)\n")
    for endpoint, ours in times["after"].items():
        before = times["before"][endpoint]
        verdict = "within budget" if ours <= 150 else "OVER BUDGET"
        print(f"  {endpoint:<36} {ours:8.1f} ms  baseline {before:8.1f} ms  "
              f"{before / ours:5.1f}x better  budget 150 ms: {verdict}")
    for fmt, figures in times["exports"].items():
        print(f"  full export, {fmt:<23} {figures['first_ms']:8.1f} ms first, then "
              f"{figures['cached_ms']:.1f} ms with &r=... (from the cache; "
              f"{figures['bytes'] / 1e6:.1f} MB)")
    print(f"\n  ordinary page {times['ordinary']} p50 (gunicorn, 2 workers), while 4 clients "
          f"send {costly_path}?q=<8 fresh words>, {LOAD_SECONDS} s:")
    for label in ("after", "before"):
        if label not in load:
            continue
        figures = load[label]
        loaded = figures["loaded"]
        verdict = "" if label == "before" else (
            "  target 100 ms: " + ("met" if loaded["p50_ms"] <= 100 else "NOT MET"))
        print(f"  {'ours' if label == 'after' else 'baseline':<9} idle "
              f"{figures['idle']['p50_ms']:7.1f} ms, under load {loaded['p50_ms']:7.1f} ms "
              f"({loaded['requests']} requests; costly request p50 "
              f"{loaded['costly_p50_ms']:.0f} ms, {loaded['costly_requests']} sent){verdict}")


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    databases = [("SQLite", f"sqlite:///{WORK / 'bench-costly.sqlite3'}")]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        databases.append(("PostgreSQL", url))
    if not (WORK / "static" / "staticfiles.json").exists():  # production: hashed names
        manage(bench_env(databases[0][1]), "collectstatic", "--noinput")
    results = {}
    for name, database_url in databases:
        if database_url.startswith("sqlite") and not os.environ.get("BENCH_REUSE_DATABASE"):
            Path(database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        print(f"Building the {name} database ({PUBLISHED:,} published actors)...", flush=True)
        if not os.environ.get("BENCH_REUSE_DATABASE"):
            build(database_url)
        times = server_times(database_url)
        searches = {endpoint: ms for endpoint, ms in times["after"].items() if "search" in endpoint}
        costliest = max(searches, key=searches.get)
        costly_path = {"/actors/, 8-word search": "/actors/", "home, 8-word search": "/",
                       "/map/feed/, 8-word search": "/map/feed/",
                       "/api/v1/actors/, 8-word search": "/api/v1/actors/"}[costliest]
        load = load_tests(database_url, times["ordinary"], costly_path)
        results[name] = {"times": times, "load": load, "costly_path": costly_path}
        report(name, times, load, costly_path)
    (WORK / "costly.json").write_text(json.dumps(results, indent=2))
    print(f"\n  raw figures: {WORK / 'costly.json'}")


if __name__ == "__main__":
    main()
