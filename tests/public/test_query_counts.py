"""Each page runs a fixed number of queries, however many rows it shows.

The counts are pinned per page type and checked twice: on the real data, and again after
adding many more rows. A growing count would mean an N+1 (a query per row) crept in.
"""

import pytest
from django.db.models import Count

from lessons.models import Initiative, Lesson, Theme
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
    # Exports read 100 rows at a time (listing.EXPORT_CHUNK): the rows, then each chunk's themes.
    ("/lessons/?format=csv", 3),
    ("/lessons/?format=json", 3),
    ("/initiatives/", 9),  # one more facet: the province's role
    ("/initiatives/?level=district&format=csv", 2),
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
