"""Every page and API list runs the same number of queries at 10 and at 1,000 lessons.

The data is synthetic (tests/perf/synthetic), generated inside the test's transaction in place
of the real data, which comes back when the transaction is rolled back.
"""

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lessons.models import Initiative, Lesson
from portal.core.listing import EXPORT_CHUNK
from provinces.models import Indicator, Province, Report
from tests.perf.synthetic import SyntheticDataGenerator

pytestmark = pytest.mark.scale  # 1,000 lessons, generated twice per test


def urls():
    """The pages to compare, with slugs looked up in whatever data is loaded."""
    province = Province.objects.order_by("slug").first()
    lesson = Lesson.objects.order_by("slug").first()
    indicator = Indicator.objects.filter(metrics__isnull=False).order_by("slug").first()
    report = Report.objects.order_by("slug").first()
    initiative = Initiative.objects.exclude(start_year=None).order_by("slug").first()
    return [
        "/",
        "/en/",
        "/lessons/",
        f"/lessons/?province={province.slug}&theme=digital-government",
        "/lessons/?q=chuyen+doi+so",
        f"/lessons/?format=json&province={province.slug}",
        lesson.get_absolute_url(),
        "/initiatives/",
        f"/initiatives/?level={initiative.level}&year={initiative.start_year}",
        "/indicators/",
        indicator.get_absolute_url(),
        "/reports/",
        report.get_absolute_url(),
        "/provinces/",
        province.get_absolute_url(),
        "/themes/digital-economy/",
        "/search/?q=chuyen+doi+so",
        "/api/v1/lessons/",
        f"/api/v1/initiatives/?province={province.slug}",
        "/api/v1/metrics/",
        "/api/v1/reports/",
    ]


def query_counts(client):
    counts = {}
    for position, url in enumerate(urls()):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, url
        counts[position] = (url, len(queries))
    return counts


@pytest.fixture
def generate(db):
    def generate(lessons):
        SyntheticDataGenerator(lessons, provinces=1, seed=7, replace=True).generate()
        assert Lesson.objects.count() == lessons

    return generate


def test_query_counts_do_not_grow_with_the_data(
    client, generate, django_assert_num_queries, django_assert_max_num_queries
):
    generate(10)
    small = query_counts(client)
    generate(1000)
    for position, url in enumerate(urls()):
        # A streamed export reads its rows a chunk at a time: one more query per chunk.
        chunks = math.ceil(1000 / EXPORT_CHUNK) - 1 if "format=" in url else 0
        # A search reads its page rank by rank until the page is full: with more data, fewer ranks.
        assert_queries = django_assert_max_num_queries if "q=" in url else django_assert_num_queries
        with assert_queries(small[position][1] + chunks):
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, (small[position][0], url)


def test_streamed_exports_add_one_query_per_chunk_of_rows(client, generate):
    """CSV exports stream: memory stays flat, and queries grow only by one per chunk of rows."""

    def export_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/lessons/", {"format": "csv"})
            rows = b"".join(response.streaming_content).decode("utf-8-sig").count("\n") - 1
        return len(queries), rows

    generate(10)
    small, small_rows = export_queries()
    generate(1000)
    large, large_rows = export_queries()
    assert (small_rows, large_rows) == (10, 1000)
    assert large - small == math.ceil(1000 / EXPORT_CHUNK) - 1
