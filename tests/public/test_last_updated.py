"""“Last updated” in every footer: the time of the last data change, which the page cache's data
version already is, so a cached page's date moves exactly when the data does."""

import re
import time

import pytest
from django.utils.http import http_date

from lessons.models import Lesson
from portal.core import freshness
from tests.caches import empty_cache

FOOTER_DATE = re.compile(r'<p class="last-updated">[^<]*<time datetime="([^"]+)">([^<]+)</time>')


@pytest.fixture
def page_cache(settings, db):
    settings.PAGE_CACHE_SECONDS = 600
    empty_cache()
    yield settings
    empty_cache()


def footer_date(response):
    match = FOOTER_DATE.search(response.content.decode())
    assert match, "no last-updated date in the footer"
    return match.groups()


@pytest.mark.parametrize("url", ["/", "/lessons/", "/provinces/lao-cai/", "/data/", "/about/", "/en/indicators/"])
def test_every_page_footer_has_the_last_change(client, db, url):
    moment, shown = footer_date(client.get(url))
    changed = freshness.last_changed()
    assert moment == changed.isoformat()
    if url.startswith("/en/"):
        assert shown == changed.strftime("%B %-d, %Y")
    else:
        assert shown == changed.strftime("%d/%m/%Y")


def test_footer_date_matches_the_last_modified_header(client, db):
    response = client.get("/lessons/")
    moment, _shown = footer_date(response)
    assert response["Last-Modified"] == http_date(freshness.last_changed().timestamp())
    assert moment == freshness.last_changed().isoformat()


def test_cached_pages_show_the_new_date_once_data_changes(client, db, page_cache, django_capture_on_commit_callbacks):
    first = client.get("/lessons/")
    assert first["X-Page-Cache"] == "miss"
    again = client.get("/lessons/")
    assert again["X-Page-Cache"] == "hit" and footer_date(again) == footer_date(first)
    time.sleep(1.1)  # the date is kept to the second
    with django_capture_on_commit_callbacks(execute=True):
        Lesson.objects.first().save()
    after = client.get("/lessons/")
    assert after["X-Page-Cache"] == "miss"
    assert footer_date(after)[0] > footer_date(first)[0]


def test_no_date_and_no_error_when_the_cache_is_down(client, db, monkeypatch):
    def unreachable():
        raise ConnectionError("cache down")

    monkeypatch.setattr(freshness, "current_data_version", unreachable)
    response = client.get("/about/")
    assert response.status_code == 200
    assert 'class="last-updated"' not in response.content.decode()
