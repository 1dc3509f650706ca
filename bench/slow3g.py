"""make bench: pages on a slow 3G connection, tiles blocked, production settings.

The profile of issue 17: 400 kbit/s down (and up), 400 ms round trip, CPU 4x slower
(Chrome DevTools Protocol: Network.emulateNetworkConditions, Emulation.setCPUThrottling
Rate), the cache empty, map tiles refused (the tile server is unreachable). The site runs
as in production: DEBUG=0, gunicorn, static files collected, hashed and compressed, served
by WhiteNoise. The data is the demo data (139 published actors, as in the issue).

For each page: bytes transferred (headers and bodies as they came over the wire) and the
time from navigation start to the first frame painted with a marker (timed inside the page,
see OBSERVE; runs before 28 November 2026, 13:00 UTC timed when the harness noticed the
marker, 0.3-0.8 s later under the CPU slowdown: "seen by the harness" with -v). On the
actors' map a marker of its still first view (static/js/map/first-view.js, drawn before
Leaflet arrives) counts as well as a Leaflet marker. Baselines measured in the same run
(bench/views.py): the actor page with what it loaded before (Leaflet, Leaflet.markercluster
and the whole actors' map code), `/` without the head's preloads of the first view's
modules and first feed, `/` as before its still first view (Leaflet and the clustering
before the first marker, counted on Leaflet's markers only); and the issue's figures
("before").

Run alone with `python bench/slow3g.py` (about two minutes) or as part of `make bench`.
"""

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "results"
CHROMIUM = "/usr/bin/chromium"
PORT = int(os.environ.get("BENCH_SLOW3G_PORT", "8147"))
RUNS = int(os.environ.get("BENCH_SLOW3G_RUNS", "3"))

# 400 kbit/s each way, 400 ms round trip (the profile).
NETWORK = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1000 / 8,
           "uploadThroughput": 400 * 1000 / 8}
CPU_SLOWDOWN = 4
# The figures, measured on main before this work.
BEFORE = {"home": {"ms": (3200, 3500)}, "actor": {"kb": 71}}
TARGETS = {"home": {"ms": 2000}, "actor": {"kb": 40}}


def env_for(database: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(WORK / "static-slow3g"),
        "LOG_LEVEL": "WARNING",
        "API_ANON_RATE": "1000000000/minute",
    }


def manage(env: dict, *args: str) -> str:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True).stdout


def prepare() -> dict:
    """A fresh SQLite database with the demo data, static files collected."""
    WORK.mkdir(parents=True, exist_ok=True)
    database = WORK / "slow3g.sqlite3"
    if database.exists():
        database.unlink()
    env = env_for(database)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput", "--clear")
    return env


def sample_urls(env: dict) -> dict:
    """One page of each kind with a small map (the first published one)."""
    code = (
        "import json\n"
        "from actors.models import Actor\n"
        "from workshops.models import Workshop\n"
        "actor = Actor.objects.published().order_by('pk').first()\n"
        "workshop = next((w for w in Workshop.objects.order_by('pk')\n"
        "                 if w.venue_latitude is not None), None)\n"
        "print(json.dumps({'actor': actor.get_absolute_url(), 'actor_slug': actor.slug,\n"
        "                  'workshop': workshop.get_absolute_url() if workshop else None}))\n"
    )
    out = manage(env, "shell", "-c", code)
    return json.loads(out.strip().splitlines()[-1])


class Server:
    """gunicorn in production mode on loopback."""

    def __init__(self, env: dict):
        self.url = f"http://127.0.0.1:{PORT}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "aimf_innovation.wsgi:application",
             "--bind", f"127.0.0.1:{PORT}", "--workers", "2", "--log-level", "warning"],
            cwd=ROOT, env=env)
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
        self.process.wait(timeout=20)


# The first frame drawn with the first element matching the selector, seen from inside the
# page: a MutationObserver's callback runs right after the element enters the DOM, the next
# animation frame is the one that paints it. The time Playwright takes to notice it and
# answer (polling, under the CPU slowdown) is not counted.
OBSERVE = """(() => {
  const selector = %s;
  const seen = (observer) => {
    if (document.querySelector(selector)) {
      observer.disconnect();
      requestAnimationFrame(() => { window.firstReadyAt = performance.now(); });
    }
  };
  const observer = new MutationObserver(() => seen(observer));
  observer.observe(document, { childList: true, subtree: true });
})();"""


def load(browser, url: str, ready: str) -> dict:
    """One cold load on the slow profile: bytes transferred and ms to `ready` (in the page;
    `seen_ms`: when the harness saw it, as measured before 28 November 2026, 13:00 UTC)."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.add_init_script(OBSERVE % json.dumps(ready))
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    sizes = {}
    urls = {}

    def received(event):
        urls[event["requestId"]] = event["response"]["url"]

    def finished(event):
        sizes[event["requestId"]] = event["encodedDataLength"]

    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="commit")
    page.wait_for_selector(ready, state="attached", timeout=60_000)
    seen_ms = page.evaluate("performance.now()")
    page.wait_for_function("window.firstReadyAt !== undefined", timeout=10_000)
    ms = page.evaluate("window.firstReadyAt")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    context.close()
    requests = sorted(((urls.get(key, "?"), size) for key, size in sizes.items()),
                      key=lambda item: -item[1])
    return {"ms": ms, "seen_ms": seen_ms, "bytes": sum(size for _, size in requests),
            "requests": requests}


def median_load(browser, url: str, ready: str) -> dict:
    runs = [load(browser, url, ready) for _ in range(RUNS)]
    runs.sort(key=lambda run: run["ms"])
    middle = runs[len(runs) // 2]
    return {**middle, "all_ms": [run["ms"] for run in runs],
            "all_seen_ms": [run["seen_ms"] for run in runs]}


FIRST_MARKER = ".leaflet-marker-pane .leaflet-marker-icon"
LEAFLET_MARKER = f"#actor-map {FIRST_MARKER}"
# A still first-view marker or a Leaflet one, whichever comes first.
MAP_MARKER = f"#actor-map .first-view .still-point, {LEAFLET_MARKER}"
STILL_MARKER = ".mini-map .still-point"
PAGES = (
    # (key, label, path, ready selector, baseline path, baseline ready selector)
    ("home", "/ (map of the actors)", "/", MAP_MARKER, "/bench/map-no-preload/", MAP_MARKER),
    ("home-leaflet", "/ with Leaflet first", "/bench/map-leaflet-first/", LEAFLET_MARKER,
     None, None),
    ("actor", "an actor page", "{actor}", STILL_MARKER,
     "/bench/actor-full-assets/{actor_slug}/", STILL_MARKER),
    ("workshop", "a workshop page", "{workshop}", STILL_MARKER, None, None),
)


def measure() -> dict:
    from playwright.sync_api import sync_playwright

    env = prepare()
    urls = sample_urls(env)
    results = {}
    server = Server(env)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"])
            for key, label, path, ready, baseline, baseline_ready in PAGES:
                if "{" in path and not urls.get(key):
                    continue
                path = path.format(**urls)
                results[key] = {
                    "label": label, "path": path,
                    "ours": median_load(browser, f"{server.url}{path}", ready),
                    "full": (median_load(browser, f"{server.url}{baseline.format(**urls)}",
                                         baseline_ready) if baseline else None),
                }
            browser.close()
    finally:
        server.stop()
    return results


def report(results: dict) -> None:
    kb = 1000
    print("\nSlow 3G (400 kbit/s, 400 ms RTT, CPU 4x slower), tiles blocked, production "
          f"settings, demo data; median of {RUNS} cold loads\n")
    print(f"  {'page':<24} {'transferred':>12} {'first marker':>13}   "
          f"{'baseline, same run':>22}   {'before (issue 17)':>18}   target")
    for key, data in results.items():
        ours, full = data["ours"], data["full"]
        before = BEFORE.get(key, {})
        target = TARGETS.get(key, {})
        if "ms" in before:
            low, high = before["ms"]
            before_text = f"{low / 1000:.1f}-{high / 1000:.1f} s"
        elif "kb" in before:
            before_text = f"{before['kb']} KB"
        else:
            before_text = "—"
        if "ms" in target:
            met = ours["ms"] <= target["ms"]
            target_text = f"<= {target['ms'] / 1000:.1f} s: {'met' if met else 'NOT MET'}"
        elif "kb" in target:
            met = ours["bytes"] / kb <= target["kb"]
            target_text = f"<= {target['kb']} KB: {'met' if met else 'NOT MET'}"
        else:
            target_text = ""
        baseline = (f"{full['bytes'] / kb:>8.1f} KB {full['ms'] / 1000:>7.2f} s" if full
                    else f"{'—':>22}")
        print(f"  {data['label']:<24} {ours['bytes'] / kb:>9.1f} KB {ours['ms'] / 1000:>11.2f} s"
              f"   {baseline}   {before_text:>18}   {target_text}")
    print("\n  (KB = 1,000 bytes, headers included; first marker = navigation start to the "
          "first frame painted with a marker,\n  timed in the page; on the actors' map a marker "
          "of the still first view (drawn before Leaflet) or a Leaflet marker)\n  "
          "baselines: / without its preloads "
          "(bench/map-no-preload/); the actor page with Leaflet, Leaflet.markercluster and "
          "the\n  whole actors' map code, as before (bench/actor-full-assets/); \"/ with "
          "Leaflet first\": / as before its still\n  first view, first Leaflet marker "
          "(bench/map-leaflet-first/)")


def main():
    if not Path(CHROMIUM).exists():
        sys.exit("bench/slow3g.py needs Chromium: apt-get install chromium")
    results = measure()
    report(results)
    if "-v" in sys.argv:
        for key, data in results.items():
            for side in ("ours", "full"):
                if not data[side]:
                    continue
                print(f"\n{key} {side}: {data[side]['all_ms']} (seen by the harness: "
                      f"{data[side]['all_seen_ms']})")
                for url, size in data[side]["requests"]:
                    print(f"  {size:>8} {url}")
    WORK.mkdir(parents=True, exist_ok=True)
    for data in results.values():
        for side in ("ours", "full"):
            if data[side]:
                data[side]["requests"] = [list(item) for item in data[side]["requests"]]
    (WORK / "slow3g.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
