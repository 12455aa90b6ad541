"""The text `make bench` prints: the tables, the plans and one verdict line per target.

Pure functions of the figures measured by tests/perf/bench.py, so the verdicts can be tested
without running the benchmark.
"""

SEARCH_WARM_MS = 50
SEARCH_COLD_MS = 100
GROWTH = 2.0  # p95 at the large size ≤ 2× p95 at the small size
MIX_RATIO = 0.8
MEMORY_MB = 100
LOAD_SECONDS = 1.0
GENERATION_SECONDS = 120
COMPARABLE_ROWS = 0.1  # an export's ratio counts only when its row counts differ by ≤ 10%


def verdict(ok):
    return "[met]" if ok else "[MISSED]"


def comparable(small_page, large_page):
    """Pages compare across sizes; a CSV export only if it has about as many rows at both."""
    if small_page["rows"] is None:
        return True
    return abs(small_page["rows"] - large_page["rows"]) <= COMPARABLE_ROWS * max(large_page["rows"], 1)


def ratios(small, large, state):
    """{page: p95 large / p95 small} for `state` ("warm" or "cold"), comparable pages only."""
    return {
        before["page"]: after[state]["p95_ms"] / before[state]["p95_ms"]
        for before, after in zip(small["pages"], large["pages"], strict=True)
        if comparable(before, after)
    }


def worst(found):
    """(page, ratio) of the highest ratio."""
    return max(found.items(), key=lambda item: item[1])


LABEL = 38


def latency_cell(small_page, large_page, state):
    """'p50/p95 p50/p95 ratio' of one state at both sizes; * marks a ratio that is not comparable."""
    before, after = small_page[state], large_page[state]
    ratio = after["p95_ms"] / before["p95_ms"]
    mark = " " if comparable(small_page, large_page) else "*"
    return (
        f"{before['p50_ms']:.1f}/{before['p95_ms']:.1f}".rjust(13)
        + f"{after['p50_ms']:.1f}/{after['p95_ms']:.1f}".rjust(14)
        + f"{ratio:.2f}×{mark}".rjust(10)
    )


def page_table(small, large):
    sizes = f"{small['lessons']:,}".rjust(13) + f"{large['lessons']:,}".rjust(14) + "ratio ".rjust(10)
    lines = [
        " " * LABEL
        + "warm: p50/p95 ms, p95 ratio".center(37)
        + " │"
        + "cold: p50/p95 ms, p95 ratio".center(37)
        + " │ queries    │ kB",
        "page".ljust(LABEL) + sizes + " │" + sizes + " │ warm, cold │ at both",
    ]
    for before, after in zip(small["pages"], large["pages"], strict=True):
        lines.append(
            before["page"][:LABEL].ljust(LABEL)
            + latency_cell(before, after, "warm")
            + " │"
            + latency_cell(before, after, "cold")
            + f" │ {before['queries']}→{after['queries']}, {before['cold_queries']}→{after['cold_queries']}".ljust(13)
            + f" │ {before['bytes'] / 1000:.0f}→{after['bytes'] / 1000:.0f}"
        )
        if before["rows"] is not None:
            lines.append(f"{'':4}rows: {before['rows']:,} → {after['rows']:,}  ({after['url']})")
    if any(not comparable(a, b) for a, b in zip(small["pages"], large["pages"], strict=True)):
        lines.append("    * not comparable: far fewer rows at the small size (left out of the ratio and query targets)")
    return lines


def same_queries(small, large):
    """No page makes more queries at 100,000 lessons than at 100 (a search may make fewer: it
    reads its page rank by rank, and with more data the first ranks fill it)."""
    return all(
        b["queries"] <= a["queries"] and b["cold_queries"] <= a["cold_queries"]
        for a, b in zip(small["pages"], large["pages"], strict=True)
        if comparable(a, b)
    )


def page(figures, prefix):
    return next(page for page in figures["pages"] if page["page"].startswith(prefix))


def search_lines(large):
    """(lines, [(ok, text)]) for the search pages at the large size."""
    lines, targets = [], []
    for prefix in ("lesson list, search", "search page"):
        found = page(large, prefix)
        url = found["url"]
        targets.append(
            (
                found["warm"]["p95_ms"] <= SEARCH_WARM_MS,
                f"{url} warm p95 ≤ {SEARCH_WARM_MS} ms: {found['warm']['p95_ms']:.1f} ms",
            )
        )
        targets.append(
            (
                found["cold"]["p95_ms"] <= SEARCH_COLD_MS,
                f"{url} cold p95 ≤ {SEARCH_COLD_MS} ms: {found['cold']['p95_ms']:.1f} ms",
            )
        )
        plan = large["search_plans"].get(found["page"])
        if plan is None:
            continue
        lines.append(
            f"{url}: {plan['queries']} queries on the lessons table or with the search's words, right after"
            " a change; the slowest one's plan:"
        )
        lines += ["    " + line for line in plan["slowest"]]
        ok = plan["queries"] > 0 and plan["seq_scans"] == 0 and plan["reads_index"]
        targets.append(
            (
                ok,
                f"{url} reads an index, no Seq Scan on the lessons table: "
                f"{plan['seq_scans']} of {plan['queries']} queries scan it, the slowest "
                + ("reads an index" if plan["reads_index"] else "reads no index"),
            )
        )
    return lines, targets


def report(small, large, generation, load, serving, runs):
    lines = ["=" * 118]
    out = lines.append
    out("CĐS portal benchmark on PostgreSQL, page cache off (every request renders the page and queries the database).")
    warm = f"  warm: the same request again ({runs['warm']} timed runs);"
    out(warm + " what the portal remembers per data version is kept.")
    out(f"  cold: the first request after a data change ({runs['cold']} timed runs): before each, an editor's change")
    out("        to a record the page counts or shows (a lesson moved between two kinds, …), saved in")
    out("        transaction.atomic() as the admin saves (history row, on_commit hooks); the change is not timed.")
    out("")
    lines += page_table(small, large)
    out("  changes made before the cold requests:")
    for item in large["pages"]:
        out(f"    {item['page']}: {item['edit']}")
    out("")
    search, search_targets = search_lines(large)
    lines += search
    out("")
    mix = serving["mix"]
    out(
        f"Mixed workload at {large['lessons']:,} lessons, gunicorn 2 workers × 4 threads, Redis, page cache on;"
        f" wrk -t2 -c{serving['connections']} over {mix['paths']} URLs, {mix['seconds']} s a run, runs interleaved:"
    )
    out(f"    without exports: {mix['plain']:>6.0f} req/s (runs: {mix['plain_runs']})")
    out(
        f"    with exports:    {mix['with_exports']:>6.0f} req/s (runs: {mix['export_runs']}) → {mix['ratio']:.2f}×;"
        f" every {mix['every']}th request a CSV export, {mix['exports']} filter states of ~{mix['export_rows']:,} rows"
    )
    if serving["dropped"]:
        out(f"    left out of the mix (did not answer 200): {', '.join(serving['dropped'])}")
    if mix["errors"]:
        out(f"    non-2xx/3xx answers: {mix['errors']}")
    out(
        f"    the same export twice ({serving['export_bytes']:,} bytes): X-Page-Cache {serving['export_cache'][0]},"
        f" then {serving['export_cache'][1]}"
    )
    out("")
    cached_rps = serving["cached"][0]
    out(f"Cached /lessons/ ({serving['page_bytes']:,} bytes) against static files, same gunicorn + whitenoise:")
    out(f"    cached page: {cached_rps:>8.0f} req/s")
    static_ratios = []
    for path, (rps, errors) in serving["static_files"]:
        static_ratios.append(cached_rps / rps)
        out(
            f"    static {path} ({serving['static_bytes'][path]:,} bytes): {rps:>8.0f} req/s  non-2xx {errors}"
            f"  → cached page {cached_rps / rps:.2f}×"
        )
    out("")
    memory = serving["memory"]
    out(f"Peak memory (VmHWM) of one gunicorn worker, one thread: {memory['page_mb']:.1f} MB after a page,")
    out(
        f"    {memory['export_mb']:.1f} MB after 5 CSV exports of different filter states "
        f"({', '.join(f'{rows:,}' for rows in memory['rows'])} rows; X-Page-Cache {', '.join(memory['cache'])})"
    )
    out("")
    warm_page, warm_ratio = worst(ratios(small, large, "warm"))
    cold_page, cold_ratio = worst(ratios(small, large, "cold"))
    targets = [
        (
            warm_ratio <= GROWTH,
            f"warm p95 at {large['lessons']:,} ≤ 2× p95 at {small['lessons']:,}: worst {warm_page} {warm_ratio:.2f}×",
        ),
        (
            cold_ratio <= GROWTH,
            f"cold p95 at {large['lessons']:,} ≤ 2× p95 at {small['lessons']:,}: worst {cold_page} {cold_ratio:.2f}×",
        ),
        *search_targets,
        (
            same_queries(small, large),
            "no page makes more queries at 100,000 lessons than at 100, warm and cold (table above)",
        ),
        (
            mix["ratio"] >= MIX_RATIO,
            f"mixed workload, a CSV export every {mix['every']}th request: ≥ {MIX_RATIO}× the mix without:"
            f" {mix['ratio']:.2f}×",
        ),
        (
            serving["export_cache"][1] == "hit",
            f"a repeated export is served from the cache: {serving['export_cache'][1]}",
        ),
        (
            static_ratios[-1] >= 0.8,
            f"cached page ≥ 0.8× throughput of a static file of its size: {static_ratios[-1]:.2f}×"
            f" (against the stylesheet: {static_ratios[0]:.2f}×)",
        ),
        (
            memory["export_mb"] < MEMORY_MB,
            f"worker peak memory after five ~1,000-row exports < {MEMORY_MB} MB: {memory['export_mb']:.1f} MB",
        ),
        (
            load[0] < LOAD_SECONDS,
            f"real data load < {LOAD_SECONDS:g} s: {load[0]:.2f} s (command wall time {load[1]:.2f} s)",
        ),
        (
            generation < GENERATION_SECONDS,
            f"{large['lessons']:,} synthetic lessons < {GENERATION_SECONDS // 60} min: {generation:.1f} s",
        ),
    ]
    out("Targets")
    for ok, text in targets:
        out(f"  {verdict(ok):8} {text}")
    out("=" * 118)
    return "\n".join(lines)
