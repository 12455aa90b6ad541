"""Each page runs a fixed number of queries, however many rows it shows.

The counts are pinned per page type and checked twice: on the real data, and again after
adding many more rows. A growing count would mean an N+1 (a query per row) crept in.
"""

import csv
import io
import json
import math

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from lessons.models import Initiative, Lesson, Theme
from portal.core.listing import EXPORT_CHUNK
from provinces.models import Indicator, Metric, Province, Report


def add_rows(count):
    """Copy real records `count` times (same report and excerpt, so every rule still holds)."""
    themes = list(Theme.objects.all()[:3])
    for model in (Lesson, Initiative, Metric):
        originals = list(model.objects.all()[:5])
        for index in range(count):
            for original in originals:
                copy = model.objects.get(pk=original.pk)
                copy.pk = None
                copy.slug = f"{original.slug}-copy-{index}"
                copy.save()
                if model is not Metric:
                    copy.themes.set(themes)


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        b"".join(response.streaming_content)


# (page, pinned number of queries). A list page reads the keys of its rows first, then the rows
# (portal.core.listing.ListPaginator); an indicator page counts and pages its figures the same way.
PAGES = [
    # One for the years the dataset covers (its schema.org JSON-LD); the provinces' and themes'
    # counts, one grouped query per relation (portal.core.models.set_related_counts).
    ("/", 17),
    ("/en/", 17),
    ("/provinces/", 4),
    ("/provinces/yen-bai/", 19),  # portal.public.profiles: a fixed set of previews and counts
    ("/lessons/", 8),
    # Under a search, each facet with a value chosen is first counted up to the limit (two here),
    # and the page's keys are read rank by rank, one query per rank until the page is full
    # (portal.core.search.ranked_keys): at most five.
    ("/lessons/?province=yen-bai&theme=awareness&q=chuyen", 14),
    ("/initiatives/", 9),  # one more facet: the province's role
    ("/indicators/", 5),
    ("/reports/", 5),
    # Per group: counts, the keys of its results rank by rank (up to five), then those rows; the
    # themes, for a best bet.
    ("/search/?q=chuyen doi so", 33),
    ("/search/?q=tu+le", 37),  # with a best bet (the locality) and records apart
    ("/themes/", 1),
    ("/en/themes/", 1),
    ("/themes/awareness/", 5),
    ("/about/", 3),
    ("/sitemap.xml", 6),
    ("/api/v1/", 0),
    ("/data/", 25),  # the package is built to measure its files (once per data version in production)
    ("/data/catalog.ttl", 2),
    ("/data/catalog.jsonld", 2),
    ("/data/annotations.jsonld", 5),
]


@pytest.mark.parametrize(("url", "expected"), PAGES)
def test_query_count_is_pinned_and_does_not_grow(client, db, django_assert_num_queries, url, expected):
    with django_assert_num_queries(expected):
        fetch(client, url)
    add_rows(10)
    with django_assert_num_queries(expected):
        fetch(client, url)


# Exports read listing.EXPORT_CHUNK rows at a time: (export, pinned number of queries besides
# one per chunk of rows, each chunk's themes).
EXPORTS = [
    ("/lessons/?format=csv", 1),  # the rows (their report, province and locality joined)
    ("/lessons/?format=json", 1),
    ("/initiatives/?level=district&format=csv", 1),
]


def exported_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    if response["Content-Type"].startswith("application/json"):
        return json.loads(body)["count"]
    return len(list(csv.reader(io.StringIO(body)))) - 1


@pytest.mark.parametrize(("url", "fixed"), EXPORTS)
def test_an_export_makes_a_query_per_chunk_of_rows_not_per_row(client, db, url, fixed):
    for added in (0, 10):
        add_rows(added)
        with CaptureQueriesContext(connection) as captured:
            rows = exported_rows(client.get(url))
        assert rows > EXPORT_CHUNK or "level=district" in url
        assert len(captured) == fixed + math.ceil(rows / EXPORT_CHUNK), rows


def detail_urls():
    indicator = Indicator.objects.annotate(n=Count("metrics")).order_by("-n").first()
    return [
        (Lesson.objects.order_by("pk").first().get_absolute_url(), 4),
        (Initiative.objects.order_by("pk").first().get_absolute_url(), 2),
        (indicator.get_absolute_url(), 4),
        (Report.objects.get(slug="yen-bai-lam-bai-ban-2023").get_absolute_url(), 7),
        (Province.objects.get(slug="lao-cai").get_absolute_url(), 19),
    ]


def test_detail_pages_query_counts_are_pinned_and_do_not_grow(client, db, django_assert_num_queries):
    for url, expected in detail_urls():
        with django_assert_num_queries(expected):
            fetch(client, url)
    add_rows(10)
    for url, expected in detail_urls():
        with django_assert_num_queries(expected):
            fetch(client, url)
