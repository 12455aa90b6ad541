"""`make bench`: the portal's speed at 100 and 100,000 lessons, on PostgreSQL, in one run.

Prints, with each target and its measured ratio:
- generating the synthetic data (separate bench databases, never the public data) and loading
  the real fixtures into a fresh database;
- p50/p95 latency and queries of each uncached page at both sizes, and PostgreSQL's plan for
  search (it must read the trigram index);
- requests per second, under wrk on loopback, of a cached list page against a static file served
  by the same gunicorn + whitenoise;
- peak memory (VmHWM) of one gunicorn worker serving the 1,000-row CSV export.

Figures on these shared 2-core machines move from run to run; the ratios, measured in the same
run, are what the targets are about.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from .servers import MANAGE, ROOT, Site, drop_database, peak_rss_mb, postgres_url

RUNS = 30
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


def build(size):
    """A fresh bench database with `size` synthetic lessons; the generation time in seconds."""
    database = f"cds_bench_{size}"
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


def measure_pages(database, runs, static_root, aggregates=True):
    """Uncached pages; with `aggregates` off, every count is also computed afresh (the first
    request after a data change)."""
    env = {**bench_env(database, static_root), "AGGREGATE_CACHE_SECONDS": "3600" if aggregates else "0"}
    output = subprocess.run(
        [sys.executable, "-m", "tests.perf.measure_pages", str(runs)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output)


def real_data_load_seconds():
    """Seconds the load command reports for the real fixtures on a fresh PostgreSQL database."""
    database = "cds_bench_real_load"
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
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return rps, int(errors.group(1)) if errors else 0, socket_errors.group(1) if socket_errors else ""


def similar_static_file(static_root, size):
    """The URL of the collected, hashed static file whose size is closest to `size`."""
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = [static_root / name for name in manifest.values()]
    best = min(hashed, key=lambda path: abs(path.stat().st_size - size))
    return "/static/" + best.relative_to(static_root).as_posix()


def serve_measurements(database, workdir, export_url):
    """Throughput (cached page vs static file) and a worker's peak memory for the export."""
    site = Site(workdir, database_name=database, extra_env={"PAGE_CACHE_SECONDS": "600"})
    site.manage("collectstatic", "--noinput", "-v0")
    figures = {}
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
        server.stop()

        # One worker, one thread: the peak resident memory of exactly the process that streamed.
        single = site.start(workers=1, threads=1, extra_env={"GUNICORN_MAX_REQUESTS": "0"})
        requests.get(single.url + "/lessons/", timeout=30)
        (worker,) = single.worker_pids()
        figures["rss_before_mb"] = peak_rss_mb(worker)
        for _ in range(5):
            response = requests.get(single.url + export_url, timeout=120)
            assert response.status_code == 200
            figures["export_rows"] = response.content.count(b"\n") - 1
        figures["rss_export_mb"] = peak_rss_mb(worker)
        single.stop()
    finally:
        site.close()
    return figures


def verdict(ok):
    return "met" if ok else "MISSED"


def page_table(out, small, large):
    """One line per page; the worst p95 ratio among pages (exports excluded: their row counts differ)."""
    out(f"{'page':38} {'100 lessons p50/p95 ms':>24} {'100,000 lessons p50/p95 ms':>28} {'p95 ratio':>10}  queries")
    worst = 0.0
    for before, after in zip(small["pages"], large["pages"], strict=True):
        ratio = after["p95_ms"] / before["p95_ms"]
        label = before["page"]
        if before["rows"] is not None:
            label += f" ({before['rows']:,} → {after['rows']:,} rows)"
        else:
            worst = max(worst, ratio)
        out(
            f"{label:38} {before['p50_ms']:>11.1f} / {before['p95_ms']:<10.1f} {after['p50_ms']:>13.1f} / "
            f"{after['p95_ms']:<12.1f} {ratio:>8.2f}×  {before['queries']} → {after['queries']}"
        )
    return worst


def report(small, large, small_cold, large_cold, generation, load, serving):
    lines = []
    out = lines.append
    out("=" * 100)
    out("CĐS portal benchmark on PostgreSQL. Latencies: page cache off, every page rendered and queried;")
    out("counts and facet counts remembered per data version (portal/core/aggregates.py):")
    worst = page_table(out, small, large)
    out("")
    out("The same with nothing remembered (the first request after a data change):")
    worst_cold = page_table(out, small_cold, large_cold)
    search = next(page for page in large["pages"] if page["page"].startswith("lesson list, search"))
    same_queries = all(
        a["queries"] == b["queries"]
        for pair in ((small, large), (small_cold, large_cold))
        for a, b in zip(pair[0]["pages"], pair[1]["pages"], strict=True)
    )
    out("")
    out("PostgreSQL plan of the search filter at 100,000 lessons:")
    for line in large["search_plan"]:
        out("    " + line)
    uses_index = any("search_trgm" in line for line in large["search_plan"])
    cached_rps, cached_errors, cached_socket = serving["cached"]
    out("")
    out(f"wrk -t2 -c{WRK_CONNECTIONS} -d{WRK_SECONDS}s against gunicorn (2 workers × 4 threads) + whitenoise + Redis:")
    out(f"    cached /lessons/ ({serving['page_bytes']:,} bytes): {cached_rps:>9.0f} req/s  non-2xx {cached_errors}")
    ratios = []
    for path, (rps, errors, socket_errors) in serving["static_files"]:
        ratios.append(cached_rps / rps)
        out(
            f"    static {path} ({serving['static_bytes'][path]:,} bytes): {rps:>9.0f} req/s  non-2xx {errors}"
            f"  → cached page {cached_rps / rps:.2f}×"
        )
        if socket_errors:
            out(f"      socket errors: {socket_errors}")
    if cached_socket:
        out(f"    socket errors (cached page): {cached_socket}")
    throughput = ratios[-1]
    out("")
    out(f"Peak memory of one gunicorn worker: {serving['rss_before_mb']:.1f} MB after a page, ")
    out(f"    {serving['rss_export_mb']:.1f} MB after 5 CSV exports of {serving['export_rows']:,} rows")
    out("")
    out("Targets")
    out(f"  [{verdict(worst <= 2)}] uncached p95 at 100,000 ≤ 2× p95 at 100: worst page {worst:.2f}×")
    out(f"  [{verdict(worst_cold <= 2)}]   …and right after a data change (nothing remembered): {worst_cold:.2f}×")
    out(f"  [{verdict(search['p95_ms'] <= 100)}] search p95 at 100,000 lessons ≤ 100 ms: {search['p95_ms']:.1f} ms")
    out(f"  [{verdict(uses_index)}] search reads the trigram index (plan above)")
    out(f"  [{verdict(same_queries)}] same number of queries per page at both sizes")
    out(
        f"  [{verdict(throughput >= 0.8)}] cached page ≥ 0.8× throughput of a static file of its size: "
        f"{throughput:.2f}× (against the 7 kB stylesheet: {ratios[0]:.2f}×)"
    )
    out(f"  [{verdict(load[0] < 2)}] real data load < 2 s: {load[0]:.2f} s (command wall time {load[1]:.2f} s)")
    out(f"  [{verdict(generation < 120)}] 100,000 synthetic lessons < 2 min: {generation:.1f} s")
    out(f"  [{verdict(serving['rss_export_mb'] < 150)}] worker peak memory < 150 MB: {serving['rss_export_mb']:.1f} MB")
    out("=" * 100)
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--keep", action="store_true", help="Keep the bench databases afterwards.")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: `apt-get install wrk` (make bench installs it when run as root)")
    print("Loading the real data into a fresh database…", flush=True)
    load = real_data_load_seconds()
    databases = []
    try:
        print(f"Generating {args.small:,} synthetic lessons…", flush=True)
        small_db, _ = build(args.small)
        databases.append(small_db)
        print(f"Generating {args.large:,} synthetic lessons…", flush=True)
        large_db, generation = build(args.large)
        databases.append(large_db)
        with tempfile.TemporaryDirectory() as workdir:
            static_root = Path(workdir) / "static"
            manage({**bench_env(small_db), "STATIC_ROOT": str(static_root)}, "collectstatic", "--noinput", "-v0")
            print("Measuring pages…", flush=True)
            small = measure_pages(small_db, args.runs, static_root)
            large = measure_pages(large_db, args.runs, static_root)
            small_cold = measure_pages(small_db, args.runs, static_root, aggregates=False)
            large_cold = measure_pages(large_db, args.runs, static_root, aggregates=False)
            print("Measuring throughput and memory under gunicorn…", flush=True)
            export_url = next(page["url"] for page in large["pages"] if page["page"] == "CSV export")
            serving = serve_measurements(large_db, workdir, export_url)
    finally:
        if not args.keep:
            for database in databases:
                drop_database(database)
    print(report(small, large, small_cold, large_cold, generation, load, serving))


if __name__ == "__main__":
    main()
