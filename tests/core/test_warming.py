"""Warming the most visited pages before a data change shows (portal/core/warming.py).

The first reader of a popular page after an editor's save must find its counts remembered and
the page itself rendered under the new version, and still see the edit.
"""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lessons.models import Lesson
from portal.core import pagecache, warming
from tests.caches import empty_cache
from tests.core.test_caching import (
    REDIS_URL,
    redis_caches,
    require_redis,
)

STATUS = pagecache.CACHE_STATUS_HEADER


@pytest.fixture
def warming_on(settings):
    settings.WARM_SECONDS = 5.0
    settings.AGGREGATE_CACHE_SECONDS = 600
    empty_cache()
    warming.LOCAL_POPULARITY.clear()
    yield settings
    warming.LOCAL_POPULARITY.clear()
    empty_cache()


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def test_pages_rendered_for_readers_are_counted_but_exports_and_warming_are_not(client, db, warming_on):
    client.get("/lessons/?province=yen-bai")
    client.get("/lessons/?province=yen-bai")
    client.get("/initiatives/")
    client.get("/lessons/?format=csv")
    client.get("/lessons/?unknown=1")  # not a page the cache keys: never warmed
    top = warming.most_visited(10)
    assert top[0] == "http://testserver/lessons/?province=yen-bai"
    assert set(top) == {"http://testserver/lessons/?province=yen-bai", "http://testserver/initiatives/"}


def test_tracked_urls_use_the_canonical_query(client, db, warming_on):
    client.get("/lessons/?theme=digital-government&province=yen-bai&utm_source=zalo")
    assert warming.most_visited(10) == ["http://testserver/lessons/?province=yen-bai&theme=digital-government"]


def test_recent_renders_outweigh_older_ones(db, warming_on):
    now = time.time()
    era_start = warming.era_and_weight(now)[0] * warming.POPULARITY_HALF_LIFE * warming.ERA_HALF_LIVES
    popularity = warming.LocalPopularity()
    for _ in range(3):
        popularity.record("http://testserver/old/", era_start + 1)
    popularity.record("http://testserver/new/", era_start + 1 + 2 * warming.POPULARITY_HALF_LIFE)
    # Three renders two half-lives ago weigh 3/4 of one render now.
    assert popularity.top(2, era_start + 2 * warming.POPULARITY_HALF_LIFE) == [
        "http://testserver/new/",
        "http://testserver/old/",
    ]


def test_the_first_reader_after_a_change_finds_the_counts_ready_and_sees_the_edit(
    client, db, warming_on, django_capture_on_commit_callbacks
):
    url = "/lessons/?province=yen-bai"
    client.get(url)
    warm_queries, _ = queries_of(client, url)
    lesson = Lesson.objects.filter(province__slug="yen-bai").order_by("pk").first()
    before = pagecache.current_data_version()
    with django_capture_on_commit_callbacks(execute=True):
        lesson.title = "Bài học Đổi mới – đã sửa"
        lesson.save()
    assert pagecache.current_data_version() != before
    first_queries, response = queries_of(client, url)
    assert first_queries == warm_queries
    assert "Bài học Đổi mới – đã sửa" in response.content.decode()


def test_without_warming_the_first_reader_recounts(client, db, warming_on, django_capture_on_commit_callbacks):
    """The counterpart of the test above: proof that warming is what saved the queries."""
    url = "/lessons/?province=yen-bai"
    client.get(url)
    warm_queries, _ = queries_of(client, url)
    warming_on.WARM_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        Lesson.objects.filter(province__slug="yen-bai").order_by("pk").first().save()
    first_queries, _ = queries_of(client, url)
    assert first_queries > warm_queries


def test_a_warmed_page_is_in_the_page_cache_under_the_new_version(
    client, db, warming_on, django_capture_on_commit_callbacks, django_assert_num_queries
):
    warming_on.PAGE_CACHE_SECONDS = 600
    client.get("/initiatives/")
    with django_capture_on_commit_callbacks(execute=True):
        Lesson.objects.order_by("pk").first().save()
    with django_assert_num_queries(0):
        response = client.get("/initiatives/")
    assert response.headers[STATUS] == "hit"


def test_warming_stops_at_its_time_and_the_version_switches_anyway(
    client, db, warming_on, django_capture_on_commit_callbacks, monkeypatch
):
    for url in ("/lessons/", "/initiatives/", "/provinces/", "/reports/"):
        client.get(url)
    rendered = []

    def slow_render(handler, url):
        rendered.append(url)
        time.sleep(0.3)

    monkeypatch.setattr(warming, "render", slow_render)
    warming_on.WARM_SECONDS = 0.5
    before = pagecache.current_data_version()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        Lesson.objects.order_by("pk").first().save()
    assert len(rendered) == 2  # started at 0 and 0.3 s; not at 0.6 s
    assert time.monotonic() - started < 2
    assert pagecache.current_data_version() != before


def test_a_failing_warm_never_fails_the_save(client, db, warming_on, django_capture_on_commit_callbacks, monkeypatch):
    client.get("/lessons/")

    def broken(handler, url):
        raise RuntimeError("boom")

    monkeypatch.setattr(warming, "render", broken)
    before = pagecache.current_data_version()
    with django_capture_on_commit_callbacks(execute=True):
        Lesson.objects.order_by("pk").first().save()
    assert pagecache.current_data_version() != before


def test_warming_leaves_the_editors_language_alone(client, db, warming_on, django_capture_on_commit_callbacks):
    from django.utils import translation

    client.get("/en/lessons/")
    translation.activate("vi")
    with django_capture_on_commit_callbacks(execute=True):
        Lesson.objects.order_by("pk").first().save()
    assert translation.get_language() == "vi"


def test_popularity_is_shared_through_redis(client, db, settings):
    require_redis()
    import uuid

    settings.CACHES = redis_caches(REDIS_URL, f"test-{uuid.uuid4().hex}")
    settings.WARM_SECONDS = 1.0
    client.get("/provinces/")
    client.get("/provinces/")
    client.get("/reports/")
    popularity = warming.popularity()
    assert isinstance(popularity, warming.RedisPopularity)
    assert warming.most_visited(5) == ["http://testserver/provinces/", "http://testserver/reports/"]
    era, _ = warming.era_and_weight(time.time())
    popularity.client().delete(popularity.key(era))
