"""`make bench`: the portal's speed at 100 and 100,000 lessons, on PostgreSQL, in one run.

Prints, with each target and its measured ratio (tests/perf/report.py):
- generating the synthetic data (separate bench databases, never the public data) and loading
  the real fixtures into a fresh database;
- p50/p95 latency and queries of every page type at both sizes, warm (the same request again)
  and cold (the first request after an editor's change, tests/perf/measure_pages.py), and
  PostgreSQL's plans for the search pages;
- under gunicorn in production mode: requests per second of a mixed workload with and without
  CSV exports (tests/perf/workload.py), whether a repeated export is a cache hit, a cached list
  page against a static file, and the peak memory (VmHWM) of one worker after five exports.

Figures on these shared 2-core machines move from run to run; the ratios, measured in the same
run, are what the targets are about.
"""

import argparse
import csv
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from . import workload
from .report import report
from .servers import MANAGE, ROOT, Site, drop_database, peak_rss_mb, postgres_url

RUNS = 30
COLD_RUNS = 20
MIX_ROUNDS = 3
WRK_SECONDS = 10
WRK_CONNECTIONS = 32


def bench_env(database, static_root=None):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.perf.settings",
        BENCH_DATABASE_URL=postgres_url(database),
        PAGE_CACHE_SECONDS="0",
        ALLOWED_HOSTS="testserver,127.0.0.1",
        # Production mode for every step, manage.py's included (it turns DEBUG on when no
        # SECRET_KEY is set, and collectstatic would then write no manifest).
        DEBUG="0",
        SECRET_KEY="bench-only-not-a-secret",
    )
    if static_root:
        env["STATIC_ROOT"] = str(static_root)
    return env


def manage(env, *args):
    return subprocess.run(MANAGE + list(args), cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout


def psql(database, statement):
    import psycopg2

    connection = psycopg2.connect(postgres_url(database))
    connection.autocommit = True  # VACUUM cannot run in a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def build(prefix, size):
    """A fresh bench database with `size` synthetic lessons; the generation time in seconds."""
    database = f"{prefix}_{size}"
    env = bench_env(database)
    drop_database(database)
    manage(env, "ensure_database")
    manage(env, "migrate", "--noinput", "-v0")
    started = time.perf_counter()
    manage(env, "generate_synthetic_data", "--lessons", str(size), "--replace", "-v0")
    seconds = time.perf_counter() - started
    # Fresh statistics and visibility map, as autovacuum would leave them on a live database.
    psql(database, "VACUUM ANALYZE")
    return database, seconds


def measure_pages(database, runs, cold_runs, static_root):
    """Warm and cold latency of every page type (tests/perf/measure_pages.py)."""
    output = subprocess.run(
        [sys.executable, "-m", "tests.perf.measure_pages", str(runs), str(cold_runs)],
        cwd=ROOT,
        env=bench_env(database, static_root),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output)


def real_data_load_seconds(prefix):
    """Seconds the load command reports for the real fixtures on a fresh PostgreSQL database."""
    database = f"{prefix}_real_load"
    env = {**bench_env(database), "DJANGO_SETTINGS_MODULE": "portal.settings", "DATABASE_URL": postgres_url(database)}
    env.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    drop_database(database)
    try:
        manage(env, "ensure_database")
        manage(env, "migrate", "--noinput", "-v0")
        started = time.perf_counter()
        output = manage(env, "load_portal_data")
        wall = time.perf_counter() - started
    finally:
        drop_database(database)
    reported = float(re.search(r"in ([0-9.]+) s", output).group(1))
    return reported, wall


def wrk(url):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{WRK_CONNECTIONS}", f"-d{WRK_SECONDS}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return workload.requests_per_second(output)


def similar_static_file(static_root, size):
    """The URL of the collected, hashed static file whose size is closest to `size`."""
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = [static_root / name for name in manifest.values()]
    best = min(hashed, key=lambda path: abs(path.stat().st_size - size))
    return "/static/" + best.relative_to(static_root).as_posix()


def answering(base_url, paths):
    """The paths that answer 200 (each requested once, which also fills the page cache)."""
    return [path for path in paths if requests.get(base_url + path, timeout=120).status_code == 200]


def mixed_workload(server, workdir, paths, exports, rounds=MIX_ROUNDS):
    """Requests per second of the mix without and with a CSV export every 30th request, in
    interleaved runs (the machine's other load varies); medians."""
    plain, with_exports, errors = [], [], 0
    for round_ in range(rounds):
        for name, rates, chosen in (("plain", plain, ()), ("exports", with_exports, exports)):
            rate, failed = workload.run(
                server.url, workdir, f"{name}{round_}", paths, chosen, WRK_SECONDS, WRK_CONNECTIONS
            )
            rates.append(rate)
            errors += failed
    plain_rate, export_rate = statistics.median(plain), statistics.median(with_exports)
    return {
        "paths": len(paths),
        "seconds": WRK_SECONDS,
        "every": workload.EXPORT_EVERY,
        "exports": len(exports),
        "plain": plain_rate,
        "with_exports": export_rate,
        "plain_runs": ", ".join(f"{rate:.0f}" for rate in plain),
        "export_runs": ", ".join(f"{rate:.0f}" for rate in with_exports),
        "ratio": export_rate / plain_rate,
        "errors": errors,
    }


def csv_rows(content):
    return sum(1 for _ in csv.reader(io.StringIO(content.decode("utf-8-sig")))) - 1


def serve_measurements(database, workdir, large):
    """Under gunicorn in production mode: cached page vs static file, the mixed workload, and a
    worker's peak memory for CSV exports."""
    site = Site(workdir, database_name=database, extra_env={"PAGE_CACHE_SECONDS": "600"})
    site.manage("collectstatic", "--noinput", "-v0")
    exports = [export["url"] for export in large["exports"]]
    figures = {"connections": WRK_CONNECTIONS}
    try:
        server = site.start(workers=2, threads=4)
        page_url = server.url + "/lessons/"
        css = re.search(r'href="(/static/css/[^"]+\.css)"', requests.get(page_url, timeout=30).text).group(1)
        assert requests.get(page_url, timeout=30).headers["X-Page-Cache"] == "hit"
        figures["page_bytes"] = len(requests.get(page_url, timeout=30).content)
        # Bytes on the wire cost time too: compare with the site's stylesheet and with the static
        # file closest in size to the page.
        similar = similar_static_file(Path(site.env["STATIC_ROOT"]), figures["page_bytes"])
        figures["static_files"] = [(css, wrk(server.url + css)), (similar, wrk(server.url + similar))]
        figures["static_bytes"] = {
            path: len(requests.get(server.url + path, timeout=30).content) for path, _ in figures["static_files"]
        }
        figures["cached"] = wrk(page_url)

        # The first export stays out of the mix: is asking for it a second time a cache hit?
        twice = [requests.get(server.url + exports[0], timeout=120) for _ in range(2)]
        figures["export_cache"] = [response.headers.get("X-Page-Cache", "(no header)") for response in twice]
        figures["export_bytes"] = len(twice[1].content)
        paths = answering(server.url, large["mix"])
        figures["dropped"] = sorted(set(large["mix"]) - set(paths))
        figures["mix"] = mixed_workload(server, workdir, paths, exports[1:])
        figures["mix"]["export_rows"] = round(statistics.mean(export["rows"] for export in large["exports"][1:]))
        server.stop()

        # One worker, one thread: the peak resident memory of exactly the process that streamed.
        # A cache namespace of its own (a new key prefix), so each of the five exports is produced.
        single = site.start(
            workers=1, threads=1, extra_env={"GUNICORN_MAX_REQUESTS": "0", "CACHE_KEY_PREFIX": f"mem-{os.getpid()}"}
        )
        requests.get(single.url + "/lessons/", timeout=30)
        (worker,) = single.worker_pids()
        memory = {"page_mb": peak_rss_mb(worker), "rows": [], "cache": []}
        for url in exports:
            response = requests.get(single.url + url, timeout=120)
            assert response.status_code == 200, url
            memory["rows"].append(csv_rows(response.content))
            memory["cache"].append(response.headers.get("X-Page-Cache", "(no header)"))
        memory["export_mb"] = peak_rss_mb(worker)
        figures["memory"] = memory
        single.stop()
    finally:
        site.close()
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--runs", type=int, default=RUNS, help="timed warm requests per page")
    parser.add_argument("--cold-runs", type=int, default=COLD_RUNS, help="timed cold requests per page")
    parser.add_argument(
        "--database-prefix", default="cds_bench", help="bench databases are PREFIX_<size> (must contain 'bench')"
    )
    parser.add_argument("--keep", action="store_true", help="Keep the bench databases afterwards.")
    args = parser.parse_args()
    if "bench" not in args.database_prefix:
        parser.error("--database-prefix must contain 'bench'")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `apt-get install wrk` (make bench installs it when run as root)")
    started = time.monotonic()
    print("Loading the real data into a fresh database…", flush=True)
    load = real_data_load_seconds(args.database_prefix)
    databases = []
    try:
        print(f"Generating {args.small:,} synthetic lessons…", flush=True)
        small_db, _ = build(args.database_prefix, args.small)
        databases.append(small_db)
        print(f"Generating {args.large:,} synthetic lessons…", flush=True)
        large_db, generation = build(args.database_prefix, args.large)
        databases.append(large_db)
        with tempfile.TemporaryDirectory() as workdir:
            static_root = Path(workdir) / "static"
            manage({**bench_env(small_db), "STATIC_ROOT": str(static_root)}, "collectstatic", "--noinput", "-v0")
            print("Measuring pages, warm and cold…", flush=True)
            small = measure_pages(small_db, args.runs, args.cold_runs, static_root)
            large = measure_pages(large_db, args.runs, args.cold_runs, static_root)
            print("Measuring throughput and memory under gunicorn…", flush=True)
            serving = serve_measurements(large_db, workdir, large)
    finally:
        if not args.keep:
            for database in databases:
                drop_database(database)
    runs = {"warm": args.runs, "cold": args.cold_runs}
    print(report(small, large, generation, load, serving, runs))
    print(f"(the whole benchmark took {(time.monotonic() - started) / 60:.1f} min)")


if __name__ == "__main__":
    main()
