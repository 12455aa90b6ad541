"""Latency and query count of each uncached page, measured inside Django on a bench database.

Run by tests/perf/bench.py as `python -m tests.perf.measure_pages RUNS` with
DJANGO_SETTINGS_MODULE=tests.perf.settings and BENCH_DATABASE_URL set; prints JSON. The page
cache is off (PAGE_CACHE_SECONDS=0), so every request renders the page and queries the database.
"""

import json
import statistics
import sys
import time

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from lessons.models import Lesson  # noqa: E402
from provinces.models import Indicator, Province  # noqa: E402

EXPORT_ROWS = 1000
SEARCH = "chuyen doi so"


def export_filter():
    """The province + kind filter whose lesson count is closest to 1,000 (at 100 lessons: the
    biggest such group), so that both sizes run the same kind of request."""
    rows = Lesson.objects.order_by().values("province__slug", "kind").annotate(count=Count("pk"))
    best = min(rows, key=lambda row: abs(row["count"] - EXPORT_ROWS))
    return {"province": best["province__slug"], "kind": best["kind"]}, best["count"]


def pages():
    busiest = Province.objects.annotate(n=Count("lessons")).order_by("-n").first()
    lesson = Lesson.objects.order_by("pk")[Lesson.objects.count() // 2]
    indicator = Indicator.objects.annotate(n=Count("metrics")).order_by("-n").first()
    export_params, export_rows = export_filter()
    query = "&".join(f"{key}={value}" for key, value in export_params.items())
    return [
        ("home", "/", None),
        ("lesson list", "/lessons/", None),
        ("lesson list, 2 filters", f"/lessons/?province={busiest.slug}&theme=digital-government", None),
        (f'lesson list, search "{SEARCH}"', "/lessons/?q=" + SEARCH.replace(" ", "+"), None),
        ("lesson detail", lesson.get_absolute_url(), None),
        ("initiative list", "/initiatives/", None),
        ("indicator detail", indicator.get_absolute_url(), None),
        ("CSV export", f"/lessons/?format=csv&{query}", export_rows),
    ]


def timed(client, url):
    started = time.perf_counter()
    response = client.get(url)
    if response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed, body


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def search_plan():
    """PostgreSQL's plan for the search filter: it should read the trigram index."""
    if connection.vendor != "postgresql":
        return []
    plan = Lesson.objects.search(SEARCH).values("pk").explain(analyze=True)
    return plan.splitlines()


def main(runs):
    client = Client()
    results = []
    for name, url, rows in pages():
        for _ in range(3):  # warm the connection, the templates and PostgreSQL's buffers
            timed(client, url)
        with CaptureQueriesContext(connection) as captured:
            _, body = timed(client, url)
        queries = len(captured)  # now: the next request clears the connection's query log
        times = [timed(client, url)[0] * 1000 for _ in range(runs)]
        results.append(
            {
                "page": name,
                "url": url,
                "p50_ms": statistics.median(times),
                "p95_ms": percentile(times, 0.95),
                "queries": queries,
                "bytes": len(body),
                "rows": rows,
            }
        )
    print(
        json.dumps(
            {"lessons": Lesson.objects.count(), "pages": results, "search_plan": search_plan()}, ensure_ascii=False
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
