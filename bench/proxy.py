"""The mixed anonymous load on gunicorn alone and behind nginx's proxy_cache (make bench).

Home, directory, an actor, a city, the map feed, the API and the statistics, in turn, with
wrk (20 connections) against gunicorn (2 workers), then against nginx from Debian caching
what the application marks `public, s-maxage=N` (aimf_innovation/http_cache.py); and the
staleness check: an actor is renamed, and the new name must come through nginx within
s-maxage. Runs on the 10,000-actor database of bench/run.py (built if missing) when called
alone: `python bench/proxy.py`.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    UNITS_MS,
    WORK,
    Server,
    build_database,
    env_for,
    free_port,
    manage,
)

S_MAXAGE = int(os.environ.get("BENCH_S_MAXAGE", "10"))
SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "30"))
CONNECTIONS = 20
SCRIPT = ROOT / "bench" / "mixed_paths.lua"

NGINX_CONF = """
{user}
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    # Keeps what the application marks public for its s-maxage (Cache-Control is honoured:
    # private, no-cache and no-store answers, and answers setting a cookie, are not kept).
    proxy_cache_path {work}/cache levels=1:2 keys_zone=aimf:10m max_size=256m inactive=10m
                     use_temp_path=off;
    upstream app {{ server 127.0.0.1:{app_port}; keepalive 32; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_cache aimf;
            proxy_cache_key $scheme$host$request_uri;
            # Signed-in visitors and API keys always reach the application.
            proxy_cache_bypass $cookie_sessionid $http_authorization;
            proxy_no_cache $cookie_sessionid $http_authorization;
            proxy_cache_lock on;
            proxy_cache_revalidate on;
            add_header X-Cache-Status $upstream_cache_status always;
        }}
    }}
}}
"""


class Nginx:
    """nginx with its own configuration and directories, on a free port."""

    def __init__(self, app_port: int):
        self.work = Path(tempfile.mkdtemp(prefix="aimf-nginx-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        conf = self.work / "nginx.conf"
        # As root, nginx's workers would run as nobody, unable to write into this directory.
        user = "user root;" if os.geteuid() == 0 else ""
        conf.write_text(NGINX_CONF.format(work=self.work, port=self.port, app_port=app_port,
                                          user=user))
        subprocess.run(["nginx", "-c", str(conf), "-p", str(self.work), "-e",
                        str(self.work / "error.log")], check=True)
        for _ in range(50):
            try:
                urllib.request.urlopen(f"{self.url}/map/kinds.css", timeout=5)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("nginx did not start")

    def stop(self):
        subprocess.run(["nginx", "-c", str(self.work / "nginx.conf"), "-p", str(self.work),
                        "-e", str(self.work / "error.log"), "-s", "stop"], check=False)
        time.sleep(0.5)
        shutil.rmtree(self.work, ignore_errors=True)


def sample_paths(database: Path) -> list[str]:
    code = (
        "from actors.models import Actor; a = Actor.objects.published()"
        ".select_related('city').order_by('pk').first(); "
        "print(a.get_absolute_url(), a.city.get_absolute_url(), a.pk)"
    )
    out = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT,
                         env=env_for(database), check=True, capture_output=True, text=True)
    actor, city, pk = out.stdout.split()[-3:]
    return ["/", "/actors/", actor, city, "/map/feed/", "/api/v1/actors/", "/statistics/",
            f"/api/v1/actors/{pk}/"]


def mixed_load(url: str, paths: list[str], seconds: int = SECONDS) -> dict:
    # A 30 s timeout: a slow answer counts in the latency, not as an error (wrk's default
    # of 2 s is shorter than the uncached pages on a busy 2-CPU machine).
    command = ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{seconds}s", "--latency",
               "--timeout", "30s", "-s", str(SCRIPT), url, "--", *paths]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def latency(percentile):
        value, unit = re.search(rf"^\s+{percentile}%\s+([\d.]+)(\w+)", output, re.M).groups()
        return float(value) * UNITS_MS[unit]

    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                              r"timeout (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "errors": (sum(map(int, socket_errors.groups())) if socket_errors else 0)
        + int(re.search(r"unexpected_status (\d+)", output).group(1)),
    }


def rename_first_actor(database: Path, name: str) -> None:
    code = (
        "from actors.models import Actor; a = Actor.objects.published().order_by('pk')"
        f".first(); a.name = {name!r}; a.save()"
    )
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT,
                   env=env_for(database), check=True, capture_output=True)


def staleness(nginx_url: str, database: Path, paths: list[str]) -> dict:
    """Seconds from an edit until nginx serves the new name, for the actor page and API."""
    actor_page = paths[2]
    api = paths[-1]
    for path in (actor_page, api):
        urllib.request.urlopen(f"{nginx_url}{path}", timeout=30).read()  # cached now
    new_name = f"Renamed during the bench {int(time.time())}"
    rename_first_actor(database, new_name)
    edited = time.monotonic()
    fresh_after = {}
    while len(fresh_after) < 2 and time.monotonic() - edited < S_MAXAGE + 10:
        for label, path in (("page", actor_page), ("api", api)):
            if label in fresh_after:
                continue
            body = urllib.request.urlopen(f"{nginx_url}{path}", timeout=30).read().decode()
            if new_name in body:
                fresh_after[label] = time.monotonic() - edited
        time.sleep(0.25)
    return fresh_after


def proxy_bench(database: Path) -> dict:
    paths = sample_paths(database)
    server = Server(database, HTTP_CACHE_S_MAXAGE=str(S_MAXAGE))
    nginx = None
    try:
        mixed_load(server.url, paths, seconds=5)  # warm the workers
        direct = mixed_load(server.url, paths)
        nginx = Nginx(server.port)
        mixed_load(nginx.url, paths, seconds=5)
        cached = mixed_load(nginx.url, paths)
        fresh_after = staleness(nginx.url, database, paths)
    finally:
        if nginx:
            nginx.stop()
        server.stop()
    return {"paths": paths, "direct": direct, "cached": cached, "fresh_after": fresh_after,
            "s_maxage": S_MAXAGE}


def print_proxy_bench(results: dict) -> None:
    direct, cached = results["direct"], results["cached"]
    print(f"\nMixed anonymous load ({', '.join(results['paths'])}), wrk with {CONNECTIONS} "
          f"connections for {SECONDS} s\n")
    for label, figures in (("gunicorn alone (2 workers)", direct),
                           (f"behind nginx proxy_cache (s-maxage={results['s_maxage']})",
                            cached)):
        ratio = f"{figures['rps'] / direct['rps']:.1f}x gunicorn alone" \
            if figures is cached else ""
        print(f"  {label:<44} {figures['rps']:>9,.0f} req/s  p50 {figures['p50_ms']:7.1f} ms  "
              f"p99 {figures['p99_ms']:7.1f} ms  errors {figures['errors']}  {ratio}")
    fresh = results["fresh_after"]
    limit = results["s_maxage"] + 1
    no_stale = len(fresh) == 2 and all(seconds <= limit for seconds in fresh.values())
    shown = ", ".join(f"{label} {seconds:.1f} s" for label, seconds in sorted(fresh.items()))
    print(f"  {'after renaming an actor, new name via nginx':<44} {shown or 'never'} "
          f"(s-maxage {results['s_maxage']} s): "
          f"{'no stale answer beyond s-maxage' if no_stale else 'STALE BEYOND s-maxage'}")
    met = (cached["rps"] >= 10 * direct["rps"] and no_stale
           and direct["errors"] == cached["errors"] == 0)
    print(f"  {'':44} targets (>= 10x req/s behind the cache, no error, no stale answer): "
          f"{'met' if met else 'NOT MET'}")


def main():
    if not shutil.which("nginx") or not shutil.which("wrk"):
        sys.exit("the proxy bench needs nginx and wrk: apt-get install nginx wrk")
    WORK.mkdir(parents=True, exist_ok=True)
    database = WORK / "bench-10000.sqlite3"
    if not database.exists():
        print("Building the database (10,000 published actors)...", flush=True)
        database = build_database(10_000)
    manage(env_for(database), "collectstatic", "--noinput")
    print_proxy_bench(proxy_bench(database))


if __name__ == "__main__":
    main()
