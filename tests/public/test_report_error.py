"""“Báo lỗi / Report an error”: the public form that stores a reader's correction request."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from lessons.models import Initiative, Lesson, Theme
from portal.curation import corrections
from portal.curation.models import CorrectionRequest
from provinces.models import Indicator, Report
from tests.caches import empty_cache

QUERIES_OF_THE_FORM = 2  # the lesson, its themes (Lesson.objects.public() prefetches them)
SECRET_TEXT = "Con số 1.562 phải là 1.652 — Đắk Lắk ử"


@pytest.fixture(autouse=True)
def emptied_cache(db):
    empty_cache()
    yield
    empty_cache()


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def form_url(record):
    return corrections.report_error_url(record)


def send(client, record, **data):
    """GET the form (its CSRF cookie and token), then POST it as a browser would."""
    page = client.get(form_url(record))
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    fields = {"text": SECRET_TEXT, "contact": "", "website": "", "csrfmiddlewaretoken": token, **data}
    return client.post(form_url(record), fields, REMOTE_ADDR=data.pop("address", "203.0.113.7"))


def test_every_detail_page_links_to_its_form(client, db):
    records = [
        Lesson.objects.order_by("slug").first(),
        Initiative.objects.order_by("slug").first(),
        Indicator.objects.order_by("slug").first(),
        Report.objects.order_by("slug").first(),
        Theme.objects.get(slug="awareness"),
    ]
    for record in records:
        content = client.get(record.get_absolute_url()).content.decode()
        assert f'href="{form_url(record)}"' in content, record
        assert "csrfmiddlewaretoken" not in content  # the cached page holds no per-reader token


def test_stores_one_request(csrf_client, a_lesson):
    response = send(csrf_client, a_lesson, contact="ban.doc@example.org")
    assert response.status_code == 302
    assert response["Location"] == f"/report-error/lesson/{a_lesson.slug}/sent/"
    (stored,) = CorrectionRequest.objects.all()
    assert stored.record == a_lesson
    assert stored.text == SECRET_TEXT and stored.contact == "ban.doc@example.org"
    assert stored.status == CorrectionRequest.Status.NEW and stored.language == "vi"
    thanks = csrf_client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Cảm ơn bạn đã báo lỗi" in thanks.content.decode()
    assert SECRET_TEXT not in thanks.content.decode()


def test_english_form_stores_its_language(csrf_client, an_initiative):
    with translation.override("en"):
        url = form_url(an_initiative)
    assert url.startswith("/en/report-error/initiative/")
    page = csrf_client.get(url)
    assert "Report an error" in page.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = csrf_client.post(url, {"text": SECRET_TEXT, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"].startswith("/en/")
    assert CorrectionRequest.objects.get().language == "en"


def test_refuses_a_post_without_csrf_token(csrf_client, a_lesson):
    response = csrf_client.post(form_url(a_lesson), {"text": SECRET_TEXT})
    assert response.status_code == 403
    assert not CorrectionRequest.objects.exists()


def test_refuses_the_honeypot_with_a_clear_message(csrf_client, a_lesson):
    response = send(csrf_client, a_lesson, website="http://spam.example")
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="error-summary"' in content
    assert "phải để trống" in content
    assert not CorrectionRequest.objects.exists()


def test_refuses_an_oversized_request_and_keeps_the_input(csrf_client, a_lesson):
    long_text = "Đ" * (corrections.TEXT_MAX + 1)
    response = send(csrf_client, a_lesson, text=long_text)
    assert response.status_code == 400
    content = response.content.decode()
    assert "tối đa 2000 ký tự (bạn đã viết 2001)" in content
    assert '<a href="#id_text">' in content  # the summary links to the field
    assert long_text in content  # the reader's own input, to that reader, to fix it
    assert not CorrectionRequest.objects.exists()


def test_refuses_an_empty_request(csrf_client, a_lesson):
    response = send(csrf_client, a_lesson, text="   ")
    assert response.status_code == 400
    assert "Hãy viết điều gì chưa đúng." in response.content.decode()


def test_refuses_past_the_rate_limit_per_address(csrf_client, a_lesson):
    for _ in range(corrections.RATE_LIMIT):
        assert send(csrf_client, a_lesson).status_code == 302
    response = send(csrf_client, a_lesson)
    assert response.status_code == 429
    assert "hãy thử lại sau" in response.content.decode()
    assert CorrectionRequest.objects.count() == corrections.RATE_LIMIT
    # Another address is counted on its own.
    assert send(csrf_client, a_lesson, address="198.51.100.9").status_code == 302


def test_rate_limit_keeps_no_address_in_the_cache(csrf_client, a_lesson, settings):
    send(csrf_client, a_lesson)
    keys = list(cache._cache.keys())  # local-memory cache in tests
    assert keys and not any("203.0.113.7" in key for key in keys)


def test_fails_closed_when_the_cache_is_down(csrf_client, a_lesson, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(corrections.cache, "add", unreachable)
    response = send(csrf_client, a_lesson)
    assert response.status_code == 503
    assert "hãy thử lại sau vài phút" in response.content.decode()
    assert SECRET_TEXT in response.content.decode()  # kept for the reader to send again
    assert not CorrectionRequest.objects.exists()
    monkeypatch.undo()  # before the autouse fixture empties the cache again


def test_never_shows_the_submitted_text_publicly(csrf_client, client, a_lesson):
    send(csrf_client, a_lesson)
    assert CorrectionRequest.objects.count() == 1
    for url in [a_lesson.get_absolute_url(), a_lesson.report.get_absolute_url(), "/lessons/", "/search/?q=1.652"]:
        assert SECRET_TEXT not in client.get(url).content.decode(), url
    assert SECRET_TEXT not in client.get(form_url(a_lesson)).content.decode()


def test_form_page_is_never_cached(client, a_lesson, settings):
    settings.PAGE_CACHE_SECONDS = 600
    first = client.get(form_url(a_lesson))
    assert "no-store" in first["Cache-Control"] and "private" in first["Cache-Control"]
    assert first["X-Robots-Tag"] == "noindex"
    assert client.get(form_url(a_lesson)).get("X-Page-Cache") != "hit"


def test_detail_page_is_still_served_from_the_page_cache(client, a_lesson, settings):
    settings.PAGE_CACHE_SECONDS = 600
    assert client.get(a_lesson.get_absolute_url())["X-Page-Cache"] == "miss"
    again = client.get(a_lesson.get_absolute_url())
    assert again["X-Page-Cache"] == "hit"
    assert f'href="{form_url(a_lesson)}"' in again.content.decode()


@pytest.mark.parametrize("url", ["/report-error/lesson/khong-co/", "/report-error/metric/x/", "/report-error/user/1/"])
def test_unknown_records_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_drafts_take_no_report(client, a_lesson):
    Lesson.objects.filter(pk=a_lesson.pk).update(status="draft")
    assert client.get(form_url(a_lesson)).status_code == 404


def test_only_the_form_takes_posts(client, a_lesson):
    assert client.post(a_lesson.get_absolute_url(), {"text": "x"}).status_code == 405
    assert client.post(f"{form_url(a_lesson)}sent/", {"text": "x"}).status_code == 405
    assert client.put(form_url(a_lesson)).status_code == 405


def test_form_page_queries_are_pinned(client, a_lesson, django_assert_num_queries):
    """The record alone (with what its public queryset brings along); no query per anything."""
    with django_assert_num_queries(QUERIES_OF_THE_FORM):
        assert client.get(form_url(a_lesson)).status_code == 200
