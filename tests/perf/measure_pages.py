"""Latency and query count of each page type, warm and cold, measured inside Django on a bench database.

Run by tests/perf/bench.py as `python -m tests.perf.measure_pages RUNS COLD_RUNS` with
DJANGO_SETTINGS_MODULE=tests.perf.settings and BENCH_DATABASE_URL set; prints JSON. The page
cache is off (PAGE_CACHE_SECONDS=0), so every request renders the page and queries the database.

- warm: the same request again and again; whatever the portal remembers per data version is kept.
- cold: before each timed request, an editor's change to a record the page counts or shows
  (tests/perf/edits.py), saved and committed but not timed: the first request after a data change.

The portal is measured as a black box: records are picked with the ORM (a lesson of the busiest
province, …), the search results and the search's plans are read from what the pages do.
"""

import csv
import io
import itertools
import json
import re
import statistics
import sys
import time
from collections import Counter

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from lessons.models import Initiative, Lesson  # noqa: E402
from provinces.models import Indicator, Province  # noqa: E402

from . import edits  # noqa: E402

EXPORT_ROWS = 1000
EXPORT_STATES = 5  # exports of different filter states, for the memory and the mixed workload
SEARCH = "chuyen doi so"
SEARCH_QUERY = "q=" + SEARCH.replace(" ", "+")
LESSON_LINK = re.compile(r'href="/lessons/([\w-]+)/"')


def export_states():
    """Filter states (a province and some kinds) whose lesson counts are closest to 1,000 (at 100
    lessons: the biggest), closest first: [(query string, rows, (province slug, kinds))]."""
    counts = Counter()
    for row in Lesson.objects.order_by().values("province__slug", "kind").annotate(n=Count("pk")):
        counts[row["province__slug"], row["kind"]] = row["n"]
    kinds = sorted({kind for _, kind in counts})
    states = []
    for province in sorted({province for province, _ in counts}):
        for size in range(1, len(kinds) + 1):
            for chosen in itertools.combinations(kinds, size):
                rows = sum(counts[province, kind] for kind in chosen)
                if rows:
                    query = f"province={province}&" + "&".join(f"kind={kind}" for kind in chosen)
                    states.append((query, rows, (province, chosen)))
    states.sort(key=lambda state: (abs(state[1] - EXPORT_ROWS), state[0]))
    return states[:EXPORT_STATES]


def lesson_on(client, url):
    """The first lesson a page links to (for search: a lesson the search finds)."""
    slug = LESSON_LINK.search(client.get(url).content.decode()).group(1)
    return Lesson.objects.get(slug=slug)


def pages(client):
    """[(page type, url, rows of a CSV or None, the editor's change before a cold request)]."""
    busiest = Province.objects.annotate(n=Count("lessons")).order_by("-n", "slug").first()
    middle = Lesson.objects.order_by("pk")[Lesson.objects.count() // 2]
    filtered = f"/lessons/?province={busiest.slug}&theme=digital-government"
    found = lesson_on(client, "/lessons/?" + SEARCH_QUERY)
    indicator = Indicator.objects.annotate(n=Count("metrics")).order_by("-n", "slug").first()
    (export_query, export_rows, (province, kinds)), *_ = export_states()
    exported = Lesson.objects.filter(province__slug=province, kind__in=kinds).order_by("pk").first()
    # Within the exported kinds when there are two, so the lesson stays in the export.
    export_edit = edits.Toggle(exported, "kind", next((k for k in kinds if k != exported.kind), None))
    if export_edit.values[1] is None:
        export_edit = edits.toggle_choice(exported, "kind")
    return [
        ("home", "/", None, edits.toggle_choice(middle, "kind")),
        ("lesson list", "/lessons/", None, edits.toggle_choice(middle, "kind")),
        ("lesson list, 2 filters", filtered, None, edits.toggle_choice(lesson_on(client, filtered), "kind")),
        (f'lesson list, search "{SEARCH}"', "/lessons/?" + SEARCH_QUERY, None, edits.toggle_choice(found, "kind")),
        (f'search page "{SEARCH}"', "/search/?" + SEARCH_QUERY, None, edits.toggle_choice(found, "kind")),
        ("lesson detail", middle.get_absolute_url(), None, edits.toggle_choice(middle, "kind")),
        (
            "initiative list",
            "/initiatives/",
            None,
            edits.toggle_choice(Initiative.objects.order_by("pk")[Initiative.objects.count() // 2], "level"),
        ),
        (
            "indicator detail",
            indicator.get_absolute_url(),
            None,
            edits.nudge_value(indicator.metrics.order_by("pk")[0]),
        ),
        (
            "province page",
            busiest.get_absolute_url(),
            None,
            edits.toggle_choice(busiest.lessons.order_by("pk")[0], "kind"),
        ),
        ("CSV export", f"/lessons/?format=csv&{export_query}", export_rows, export_edit),
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


def csv_rows(body):
    return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8-sig")))) - 1


def counted(client, url):
    """The number of queries one request runs, and their SQL."""
    with CaptureQueriesContext(connection) as captured:
        timed(client, url)
    return [query["sql"] for query in captured.captured_queries]


def figures(times):
    return {"p50_ms": statistics.median(times), "p95_ms": percentile(times, 0.95)}


def measure(client, name, url, rows, edit, runs, cold_runs):
    for _ in range(3):  # warm the connection, the templates and PostgreSQL's buffers
        timed(client, url)
    warm_queries = len(counted(client, url))
    _, body = timed(client, url)
    warm = [timed(client, url)[0] * 1000 for _ in range(runs)]
    edit()
    cold_queries = len(counted(client, url))
    cold = []
    for _ in range(cold_runs):
        edit()  # saved and committed, its on_commit hooks run: not timed
        cold.append(timed(client, url)[0] * 1000)
    edit.restore()
    return {
        "page": name,
        "url": url,
        "warm": figures(warm),
        "cold": figures(cold),
        "queries": warm_queries,
        "cold_queries": cold_queries,
        "bytes": len(body),
        "rows": csv_rows(body) if rows is not None else None,
        "edit": edit.description,
    }


LESSON_TABLE = Lesson._meta.db_table
SEQ_SCAN = re.compile(rf"Seq Scan on {LESSON_TABLE}\b")


def searching(sql):
    """A query on the lessons table, or one with the search's words (a search table of its own)."""
    return sql.lstrip().upper().startswith("SELECT") and (LESSON_TABLE in sql or SEARCH.split()[0] in sql)


def search_plans(client, url, edit):
    """PostgreSQL's plans for the queries a search page runs on the lessons table or with the
    search's words, right after a data change (so that nothing is remembered):
    [(milliseconds, plan lines)], slowest first."""
    if connection.vendor != "postgresql":
        return []
    edit()
    queries = [sql for sql in counted(client, url) if searching(sql)]
    edit.restore()
    plans = []
    with connection.cursor() as cursor:
        for sql in queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            lines = [row[0] for row in cursor.fetchall()]
            total = re.search(r"Execution Time: ([\d.]+) ms", lines[-1])
            plans.append((float(total.group(1)) if total else 0.0, lines))
    plans.sort(key=lambda plan: -plan[0])
    return plans


def plan_summary(plans):
    """What the search report needs: the slowest plan, and whether every plan keeps off a
    sequential scan of the lessons table while the slowest reads an index."""
    if not plans:
        return {"queries": 0, "slowest": [], "seq_scans": 0, "reads_index": False}
    slowest = plans[0][1]
    return {
        "queries": len(plans),
        "slowest": slowest,
        "seq_scans": sum(1 for _, lines in plans if any(SEQ_SCAN.search(line) for line in lines)),
        "reads_index": any("Index" in line for line in slowest),
    }


def main(runs, cold_runs):
    client = Client()
    measured = pages(client)
    results = [measure(client, *page, runs, cold_runs) for page in measured]
    plans = {
        name: plan_summary(search_plans(client, url, edit)) for name, url, _, edit in measured if SEARCH_QUERY in url
    }
    busiest = measured[8][1]
    report = {
        "lessons": Lesson.objects.count(),
        "pages": results,
        "search_plans": plans,
        "exports": [{"url": f"/lessons/?format=csv&{query}", "rows": rows} for query, rows, _ in export_states()],
        "mix": mixed_urls(busiest),
    }
    print(json.dumps(report, ensure_ascii=False))


def mixed_urls(busiest):
    """A realistic mix of a few dozen public URLs for the throughput run (tests/perf/workload.py)."""
    provinces = list(Province.objects.annotate(n=Count("lessons")).filter(n__gt=0).order_by("-n", "slug")[:4])
    lessons = Lesson.objects.order_by("pk")
    total = lessons.count()
    details = [lessons[total * share // 6].get_absolute_url() for share in range(1, 6)]
    initiatives = Initiative.objects.order_by("pk")
    initiative_details = [initiatives[initiatives.count() * share // 3].get_absolute_url() for share in (0, 1, 2)]
    indicators = [indicator.get_absolute_url() for indicator in Indicator.objects.order_by("slug")[:2]]
    first, second = provinces[0].slug, provinces[-1].slug
    return [
        "/",
        "/en/",
        "/lessons/",
        "/lessons/?page=2",
        "/lessons/?page=5",
        "/lessons/?page=20",
        f"/lessons/?province={first}",
        f"/lessons/?province={first}&page=3",
        f"/lessons/?province={second}&theme=digital-government",
        "/lessons/?theme=digital-economy&kind=lesson",
        "/lessons/?kind=task&kind=solution",
        "/lessons/?" + SEARCH_QUERY,
        "/lessons/?" + SEARCH_QUERY + "&page=2",
        "/search/?" + SEARCH_QUERY,
        "/en/lessons/",
        "/en/lessons/?page=3",
        *details,
        "/en" + details[0],
        "/initiatives/",
        "/initiatives/?level=commune",
        f"/initiatives/?province={first}",
        *initiative_details,
        "/provinces/",
        busiest,
        *(province.get_absolute_url() for province in provinces[1:]),
        "/en" + busiest,
        "/indicators/",
        *indicators,
        "/themes/digital-government/",
        "/reports/",
    ]


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30, int(sys.argv[2]) if len(sys.argv) > 2 else 20)
