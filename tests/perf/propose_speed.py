"""How long proposing candidates takes for a 10,000-word article (target: under 2 s).

    DEBUG=1 python -m tests.perf.propose_speed

The article is the five real ones, one after another and repeated, cut at 10,000 words. It is
proposed in a transaction that is rolled back, so the database is left as it was. Prints the
best and the median of five runs, and the number of candidates.
"""

import statistics
import time

import django

django.setup()

from django.db import transaction  # noqa: E402

from portal.curation.review import propose  # noqa: E402
from provinces.models import Province, Report  # noqa: E402

WORDS = 10_000
RUNS = 5


class RolledBack(Exception):
    pass


def ten_thousand_words():
    texts = [report.body for report in Report.objects.order_by("slug")]
    words, paragraphs = 0, []
    while words < WORDS:
        for paragraph in "\n".join(texts).split("\n"):
            take = paragraph.split()[: WORDS - words]
            paragraphs.append(" ".join(take))
            words += len(take)
            if words >= WORDS:
                break
    return "\n".join(paragraphs)


def main():
    body = ten_thousand_words()
    seconds, count = [], 0
    try:
        with transaction.atomic():
            report = Report.objects.create(slug="do-toc-do", title="Đo tốc độ", title_en="Speed", body=body)
            report.provinces.set(Province.objects.filter(slug="yen-bai"))
            for _ in range(RUNS):
                started = time.perf_counter()
                count = len(propose(report))
                seconds.append(time.perf_counter() - started)
            raise RolledBack
    except RolledBack:
        pass
    print(f"article: {len(body.split()):,} words; candidates: {count:,}")
    best, median = min(seconds), statistics.median(seconds)
    print(f"propose: best {best:.3f} s, median {median:.3f} s over {RUNS} runs (target < 2 s)")


if __name__ == "__main__":
    main()
