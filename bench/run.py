"""make bench: the map's figures, each next to a naive baseline measured in the same run.

Builds two throw-away SQLite databases (10,000 and 100,000 published actors: the demo data
plus synthetic actors), serves each with gunicorn in production mode (DEBUG=0, WhiteNoise,
hashed and compressed static files), and measures in headless Chromium and in-process:

- page weight of the first load (everything but map tiles, as transferred, i.e. gzipped);
- the map feed's size per actor, and its server time uncached and cached;
- time from navigation start to a map whose markers can be clicked;
against a naive map that loads every actor as full GeoJSON into a plain
Leaflet.markercluster layer (bench/views.py, bench/static/bench/naive.js).

The mixed anonymous page load (home, directory, actor, city, feed, API, statistics) on
gunicorn alone and behind nginx's proxy_cache, as a ratio, with the staleness check after
an edit (bench/proxy.py).

The REST API: GeoJSON of every actor against DRF's ModelSerializer (in-process), and the
actors list (a page of 50) under load with wrk (12 connections, BENCH_WRK_SECONDS each,
30 by default) against a plain DRF ListAPIView with the ModelSerializer, plus the 304 path.
"""

import gzip
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "results"
CHROMIUM = "/usr/bin/chromium"
BLANK_TILE = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da636400010000050001e21b0d1b0000000049454e44ae426082"
)


def env_for(database: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(WORK / "static"),
        "LOG_LEVEL": "WARNING",
        # Load tests come from one address: the per-IP limit would measure the 429 path.
        "API_ANON_RATE": "1000000000/minute",
    }


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        stdout=subprocess.DEVNULL,
    )


def build_database(published: int) -> Path:
    """The demo data plus synthetic actors, up to `published` published actors."""
    database = WORK / f"bench-{published}.sqlite3"
    if database.exists():
        database.unlink()
    env = env_for(database)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from actors.models import Actor; print(Actor.objects.published().count())"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )
    demo = int(out.stdout.strip().splitlines()[-1])
    manage(env, "generate_actors", "--count", str(published - demo))
    return database


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving the project (and the baselines) on loopback."""

    def __init__(self, database: Path, **extra_env: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "aimf_innovation.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--log-level", "warning"],
            cwd=ROOT, env={**env_for(database), **extra_env},
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{self.url}/map/kinds.css", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


def fetch_gzipped(url: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=120) as response:
        body = response.read()
        encoded = len(body)
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
    return encoded, json.loads(body)


def load_in_browser(browser, url: str, ready: str, javascript: bool = True) -> dict:
    """Transferred bytes (all but tiles) and ms from navigation start to `ready`."""
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(
        status=200, content_type="image/png", body=BLANK_TILE))
    transfers = []

    def finished(request):
        if "tile.openstreetmap.org" not in request.url:
            sizes = request.sizes()
            transfers.append((request.url, sizes["responseBodySize"]
                              + sizes["responseHeadersSize"]))

    page.on("requestfinished", finished)
    page.goto(url, wait_until="load")
    page.wait_for_selector(ready, timeout=180_000)
    elapsed = page.evaluate("performance.now()") if javascript else None
    page.wait_for_load_state("networkidle")
    clickable = None
    if javascript:
        marker = page.locator(".kind-marker, .marker-cluster, .server-cluster").first
        clickable = marker.count() > 0
        if clickable:
            marker.click()
    context.close()
    return {"bytes": sum(size for _, size in transfers), "ms": elapsed,
            "clickable": clickable, "requests": transfers}


def server_times(database: Path) -> dict:
    """Median in-process times of the feed (uncached, cached) and of the naive GeoJSON."""
    code = r"""
import json, statistics, time, django
django.setup()
from django.core.cache import cache
from django.test import Client
client = Client(HTTP_ACCEPT_ENCODING="gzip")
def timed(url, clear):
    runs = []
    for _ in range(15):
        if clear:
            cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        runs.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(runs)
client.get("/map/feed/")
plain = Client()
ours = json.loads(plain.get("/api/v1/actors/?format=geojson").content)
baseline = json.loads(plain.get("/bench/drf.geojson").content)
def runs(url, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        plain.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
print(json.dumps({
    "feed_uncached_ms": timed("/map/feed/", True),
    "feed_cached_ms": timed("/map/feed/", False),
    "naive_ms": timed("/bench/naive.geojson", False),
    "geojson_ms": runs("/api/v1/actors/?format=geojson", 5),
    "geojson_drf_ms": runs("/bench/drf.geojson", 3),
    "geojson_same_output": ours == baseline,
    "geojson_features": len(ours["features"]),
}))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env_for(database),
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "30"))
WRK_SCRIPT = ROOT / "bench" / "expect_status.lua"
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def load_test(url: str, expected: int = 200, headers: tuple[str, ...] = (),
              seconds: int = WRK_SECONDS) -> dict:
    """wrk on loopback, 12 connections: requests per second, p50/p99 and every error."""
    command = ["wrk", "-t", "2", "-c", "12", "-d", f"{seconds}s", "--latency",
               "-s", str(WRK_SCRIPT)]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run([*command, url, "--", str(expected)], capture_output=True,
                            text=True, check=True).stdout

    def latency(percentile):
        value, unit = re.search(rf"^\s+{percentile}%\s+([\d.]+)(\w+)", output, re.M).groups()
        return float(value) * UNITS_MS[unit]

    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                              r"timeout (\d+)", output)
    non_2xx_3xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "errors": (sum(map(int, socket_errors.groups())) if socket_errors else 0)
        + (int(non_2xx_3xx.group(1)) if non_2xx_3xx else 0),
        "unexpected_status": int(re.search(r"unexpected_status (\d+)", output).group(1)),
    }


def warm_load_test(url: str, expected: int = 200, headers: tuple[str, ...] = ()) -> dict:
    """A load test after 5 s of the same load: fresh workers run several times slower for
    their first thousand requests (lazy imports, SQLite's page cache), whoever serves."""
    load_test(url, expected, headers, seconds=5)
    return load_test(url, expected, headers)


def api_load_tests(database: Path) -> dict:
    """The actors list, page of 50, ours (response cache on and off) against plain DRF."""
    results = {}
    server = Server(database)
    try:
        page = f"{server.url}/api/v1/actors/"
        etag = urllib.request.urlopen(page, timeout=30).headers["ETag"]
        results["baseline"] = warm_load_test(f"{server.url}/bench/drf-actors/")
        results["ours"] = warm_load_test(page)
        results["not_modified"] = warm_load_test(page, 304, (f"If-None-Match: {etag}",))
    finally:
        server.stop()
    server = Server(database, API_RESPONSE_CACHE_MAX_BYTES="0")
    try:
        results["ours_uncached"] = warm_load_test(f"{server.url}/api/v1/actors/")
    finally:
        server.stop()
    return results


def print_load_test(label: str, figures: dict, baseline: dict | None = None) -> None:
    ratio = f"{figures['rps'] / baseline['rps']:.1f}x the baseline" if baseline else ""
    errors = figures["errors"] + figures["unexpected_status"]
    print(f"  {label:<44} {figures['rps']:>8,.0f} req/s  p50 {figures['p50_ms']:6.1f} ms  "
          f"p99 {figures['p99_ms']:6.1f} ms  errors {errors}  {ratio}")


def row(label, ours, baseline, unit, budget=None, lower_is_better=True):
    ratio = f"{baseline / ours:.1f}x better" if ours and baseline and lower_is_better else ""
    verdict = ""
    if budget is not None:
        verdict = "within budget" if ours <= budget else "OVER BUDGET"
        verdict = f"budget {budget:g} {unit}: {verdict}"
    base = f"{baseline:,.1f}" if baseline is not None else "—"
    print(f"  {label:<44} {ours:>10,.1f} {unit:<5} baseline {base:>11} {unit:<5} {ratio:<13} "
          f"{verdict}")


def main():
    if not Path(CHROMIUM).exists():
        sys.exit("make bench needs Chromium: apt-get install chromium")
    if not shutil.which("wrk"):
        sys.exit("make bench needs wrk: apt-get install wrk")
    from playwright.sync_api import sync_playwright

    WORK.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(WORK / "static", ignore_errors=True)
    results = {}
    print("Building the databases (10,000 and 100,000 published actors)...", flush=True)
    small = build_database(10_000)
    manage(env_for(small), "collectstatic", "--noinput")
    large = build_database(100_000)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        for name, database in (("10k", small), ("100k", large)):
            server = Server(database)
            try:
                ours = load_in_browser(browser, f"{server.url}/", "#actor-map[data-state=ready]")
                naive = load_in_browser(browser, f"{server.url}/bench/naive/",
                                        "#map[data-state=ready]")
                feed_requests = [size for url, size in ours["requests"] if "/map/feed/" in url]
                results[name] = {"ours": ours, "naive": naive, "first_feed": feed_requests[0]}
                if name == "10k":
                    encoded, feed = fetch_gzipped(f"{server.url}/map/feed/")
                    naive_encoded, naive_feed = fetch_gzipped(f"{server.url}/bench/naive.geojson")
                    results[name]["feed_bytes_per_actor"] = encoded / feed["total"]
                    results[name]["naive_bytes_per_actor"] = (
                        naive_encoded / len(naive_feed["features"]))
                    results[name]["list_page"] = load_in_browser(
                        browser, f"{server.url}/actors/", "h1", javascript=False)
            finally:
                server.stop()
            results[name]["times"] = server_times(database)
        browser.close()
    print(f"Load tests of the API with wrk ({WRK_SECONDS} s each)...", flush=True)
    load = results["load"] = api_load_tests(small)

    ten, hundred = results["10k"], results["100k"]
    kb = 1024
    print("\nMap benchmarks (baseline: all actors as full GeoJSON into a plain markercluster "
          "layer)\n")
    print("With 10,000 published actors")
    row("home page, first load, gzipped (no tiles)", ten["ours"]["bytes"] / kb,
        ten["naive"]["bytes"] / kb, "KB", 150)
    row("map feed, gzipped bytes per actor", ten["feed_bytes_per_actor"],
        ten["naive_bytes_per_actor"], "B", 15)
    row("map feed server time, uncached (median)", ten["times"]["feed_uncached_ms"],
        ten["times"]["naive_ms"], "ms", 50)
    row("map feed server time, cached (median)", ten["times"]["feed_cached_ms"],
        ten["times"]["naive_ms"], "ms", 5)
    row("navigation start to clickable markers", ten["ours"]["ms"], ten["naive"]["ms"], "ms",
        1500)
    row("directory page without JavaScript, gzipped", ten["list_page"]["bytes"] / kb,
        None, "KB", 40)
    print("\nWith 100,000 published actors")
    row("first map data payload, gzipped", hundred["first_feed"] / kb,
        hundred["naive"]["bytes"] / kb, "KB", 100)
    row("home page, first load, gzipped (no tiles)", hundred["ours"]["bytes"] / kb,
        hundred["naive"]["bytes"] / kb, "KB")
    row("navigation start to clickable markers", hundred["ours"]["ms"], hundred["naive"]["ms"],
        "ms", 3000)
    row("map feed server time, uncached (median)", hundred["times"]["feed_uncached_ms"],
        hundred["times"]["naive_ms"], "ms")
    row("map feed server time, cached (median)", hundred["times"]["feed_cached_ms"],
        hundred["times"]["naive_ms"], "ms")
    print("\nREST API, GeoJSON of every published actor (baseline: DRF ModelSerializer + "
          "JSONRenderer, same FeatureCollection)\n")
    for name, data in (("10,000", ten), ("100,000", hundred)):
        times = data["times"]
        row(f"{name} actors: /api/v1/actors/?format=geojson", times["geojson_ms"],
            times["geojson_drf_ms"], "ms")
        print(f"  {'':44} same output as the baseline: {times['geojson_same_output']} "
              f"({times['geojson_features']:,} features)")
    print(f"\nREST API under load: /api/v1/actors/ (page of 50), 10,000 actors, gunicorn "
          f"(2 workers) on loopback, wrk with 12 connections for {WRK_SECONDS} s\n")
    print_load_test("baseline: DRF ListAPIView + ModelSerializer", load["baseline"])
    print_load_test("ours", load["ours"], load["baseline"])
    print_load_test("ours, response cache off", load["ours_uncached"], load["baseline"])
    print_load_test("ours, 304 (If-None-Match)", load["not_modified"])
    target = load["ours"]
    verdict = (target["rps"] >= 2 * load["baseline"]["rps"] and target["p99_ms"] <= 60
               and target["errors"] + target["unexpected_status"] == 0
               and load["not_modified"]["rps"] >= 500
               and load["not_modified"]["errors"] + load["not_modified"]["unexpected_status"] == 0)
    print(f"  {'':44} targets (2x rps, p99 <= 60 ms, no error, 304 >= 500 req/s): "
          f"{'met' if verdict else 'NOT MET'}")
    print(f"\n  markers clickable after load: 10k {ten['ours']['clickable']}, "
          f"100k {hundred['ours']['clickable']}")
    for data in (ten, hundred):
        for side in ("ours", "naive"):
            data[side].pop("requests")
    # The mixed anonymous load, direct and behind a caching nginx (bench/proxy.py).
    sys.path.insert(0, str(ROOT))
    from bench.proxy import print_proxy_bench, proxy_bench

    if shutil.which("nginx"):
        results["proxy"] = proxy_bench(small)
        print_proxy_bench(results["proxy"])
    else:
        print("\n  (the caching-proxy figures need nginx: apt-get install nginx)")
    data_for_file = {key: value for key, value in results.items()}
    (WORK / "latest.json").write_text(json.dumps(data_for_file, indent=2, default=str))
    print(f"\n  raw figures: {WORK / 'latest.json'}")


if __name__ == "__main__":
    main()
