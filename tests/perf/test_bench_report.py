"""The benchmark's verdicts and its wrk script, checked on made-up figures (no benchmark is run)."""

import pytest

from tests.perf import workload
from tests.perf.report import report

URLS = {
    "home": "/",
    'lesson list, search "chuyen doi so"': "/lessons/?q=chuyen+doi+so",
    'search page "chuyen doi so"': "/search/?q=chuyen+doi+so",
    "CSV export": "/lessons/?format=csv&province=p",
}
PAGES = list(URLS)


def figures(lessons, p95, cold_p95, rows=None, queries=3):
    """Bench figures for PAGES with the given p95s (ms); the export has `rows` rows."""
    return {
        "lessons": lessons,
        "pages": [
            {
                "page": name,
                "url": URLS[name],
                "warm": {"p50_ms": p95[index] / 2, "p95_ms": p95[index]},
                "cold": {"p50_ms": cold_p95[index] / 2, "p95_ms": cold_p95[index]},
                "queries": queries,
                "cold_queries": queries + 2,
                "rows": rows if name == "CSV export" else None,
                "bytes": 30_000,
                "edit": "Lesson.kind task ↔ lesson",
            }
            for index, name in enumerate(PAGES)
        ],
        "search_plans": {
            PAGES[1]: {
                "queries": 2,
                "slowest": ["Index Scan using x on lessons_lesson"],
                "seq_scans": 0,
                "reads_index": True,
            },
            PAGES[2]: {"queries": 2, "slowest": ["Seq Scan on lessons_lesson"], "seq_scans": 1, "reads_index": False},
        },
    }


SERVING = {
    "connections": 32,
    "mix": {
        "paths": 36,
        "seconds": 10,
        "every": 30,
        "exports": 4,
        "export_rows": 1000,
        "plain": 1000.0,
        "with_exports": 700.0,
        "plain_runs": "1000",
        "export_runs": "700",
        "ratio": 0.7,
        "errors": 0,
    },
    "dropped": [],
    "export_cache": ["miss", "hit"],
    "export_bytes": 400_000,
    "cached": (900.0, 0),
    "page_bytes": 28000,
    "static_files": [("/static/a.css", (1000.0, 0)), ("/static/b.woff", (1000.0, 0))],
    "static_bytes": {"/static/a.css": 15000, "/static/b.woff": 23000},
    "memory": {"page_mb": 80.0, "export_mb": 99.5, "rows": [1000] * 5, "cache": ["miss"] * 5},
}


def targets(small, large):
    text = report(small, large, generation=50.0, load=(0.9, 1.2), serving=SERVING, runs={"warm": 30, "cold": 20})
    return [line.strip() for line in text.splitlines() if line.strip().startswith(("[met]", "[MISSED]"))]


def line(found, words):
    return next(text for text in found if words in text)


def test_each_target_is_judged_on_its_figures_and_names_the_worst_page():
    small = figures(100, [10, 10, 20, 10], [20, 20, 40, 20], rows=100)
    large = figures(100_000, [15, 45, 60, 500], [50, 90, 120, 900], rows=1_000)
    found = targets(small, large)
    assert (
        line(found, "warm p95 at")
        == '[MISSED] warm p95 at 100,000 ≤ 2× p95 at 100: worst lesson list, search "chuyen doi so" 4.50×'
    )
    assert line(found, "cold p95 at").endswith('worst lesson list, search "chuyen doi so" 4.50×')
    assert (
        line(found, "/lessons/?q=chuyen+doi+so warm") == "[met]    /lessons/?q=chuyen+doi+so warm p95 ≤ 50 ms: 45.0 ms"
    )
    assert line(found, "/lessons/?q=chuyen+doi+so cold").startswith("[met]")
    assert line(found, "/search/?q=chuyen+doi+so warm") == "[MISSED] /search/?q=chuyen+doi+so warm p95 ≤ 50 ms: 60.0 ms"
    assert line(found, "/search/?q=chuyen+doi+so cold").startswith("[MISSED]")
    assert line(found, "mixed workload").startswith("[MISSED]")
    assert line(found, "repeated export").startswith("[met]")
    assert line(found, "peak memory").startswith("[met]")
    assert line(found, "real data load").startswith("[met]")
    assert line(found, "no page makes more queries").startswith("[met]")


def test_an_export_with_far_fewer_rows_at_the_small_size_is_left_out_of_the_ratios():
    # The export grows 50× with its rows; every other page stays within 2×.
    small = figures(100, [10, 10, 10, 10], [10, 10, 10, 10], rows=100)
    large = figures(100_000, [15, 15, 15, 500], [15, 15, 15, 500], rows=1_000)
    found = targets(small, large)
    assert line(found, "warm p95 at").startswith("[met]")
    assert line(found, "cold p95 at").startswith("[met]")


def test_an_export_with_about_as_many_rows_at_both_sizes_counts():
    small = figures(100, [10, 10, 10, 10], [10, 10, 10, 10], rows=980)
    large = figures(100_000, [15, 15, 15, 500], [15, 15, 15, 500], rows=1_000)
    assert line(targets(small, large), "warm p95 at").endswith("worst CSV export 50.00×")


def test_more_queries_with_more_data_are_missed_and_fewer_are_not():
    small = figures(100, [10] * 4, [10] * 4, rows=100, queries=3)
    large = figures(100_000, [10] * 4, [10] * 4, rows=1_000, queries=4)
    assert line(targets(small, large), "no page makes more queries").startswith("[MISSED]")
    assert line(targets(large, small), "no page makes more queries").startswith("[met]")


def test_the_search_plan_is_missed_when_a_query_scans_the_lessons_table():
    found = targets(figures(100, [10] * 4, [10] * 4, rows=100), figures(100_000, [10] * 4, [10] * 4, rows=1_000))
    assert line(found, "/lessons/?q=chuyen+doi+so reads an index").startswith("[met]")
    assert line(found, "/search/?q=chuyen+doi+so reads an index").startswith("[MISSED]")
    assert "1 of 2 queries scan it, the slowest reads no index" in line(found, "/search/?q=chuyen+doi+so reads")


def test_every_thirtieth_request_is_an_export_in_turn():
    paths = [f"/p{number}/" for number in range(7)]
    exports = ["/e1.csv", "/e2.csv"]
    requested = workload.sequence(paths, exports, every=30, count=120)
    assert [requested[n - 1] for n in (30, 60, 90, 120)] == ["/e1.csv", "/e2.csv", "/e1.csv", "/e2.csv"]
    others = [path for n, path in enumerate(requested, start=1) if n % 30]
    assert set(others) == set(paths) and not set(others) & set(exports)
    assert requested[:8] == [*paths, "/p0/"]


def test_without_exports_the_script_cycles_through_the_paths_only():
    assert workload.sequence(["/a/", "/b/"], (), count=60) == ["/a/", "/b/"] * 30
    text = workload.script_text(["/a/", "/b/"])
    assert 'paths = {"/a/", "/b/"}' in text and "exports = {}" in text


def test_the_script_refuses_a_path_that_would_break_the_lua_string():
    with pytest.raises(ValueError):
        workload.script_text(['/lessons/?q="x"'])
