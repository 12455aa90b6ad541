"""The curated fixtures and the loaded data keep the portal's promise: every record traces back
to a verbatim sentence of its source article, and every article is covered."""

import hashlib
import json

import pytest
from django.conf import settings

from lessons.models import Initiative, Lesson
from portal.core.vntext import parse_number
from portal.curation.extraction import extract_enumerations, extract_numbers, extract_quotes
from provinces.models import Metric, Report

ROOT = settings.FIXTURES_ROOT
CURATED = sorted((ROOT / "curated").glob("*.json"))
MANIFEST = json.loads((ROOT / "articles/manifest.json").read_text(encoding="utf-8"))["reports"]


def curated(path):
    return json.loads(path.read_text(encoding="utf-8"))


def article_text(slug):
    return (ROOT / "articles" / f"{slug}.txt").read_text(encoding="utf-8")


def records(data):
    for section in ("lessons", "initiatives", "metrics"):
        for index, item in enumerate(data.get(section, [])):
            yield section, index, item


def test_every_article_has_a_curated_file():
    assert sorted(path.stem for path in CURATED) == sorted(entry["slug"] for entry in MANIFEST)


@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.stem)
def test_every_fixture_excerpt_is_verbatim(path):
    data = curated(path)
    body = article_text(data["report"])
    missing = [
        f"{section}[{index}] {item['slug']}" for section, index, item in records(data) if item["excerpt"] not in body
    ]
    assert missing == []


@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.stem)
def test_every_metric_figure_is_in_its_excerpt_and_parses(path):
    for metric in curated(path).get("metrics", []):
        assert metric["raw"] in metric["excerpt"], metric["slug"]
        parse_number(metric["raw"])


@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.stem)
def test_fixtures_are_readable_utf8_not_escaped(path):
    raw = path.read_bytes().decode("utf-8")
    assert "\\u" not in raw  # editors see "Đ", not "\u0110"


@pytest.mark.parametrize("entry", MANIFEST, ids=lambda e: e["slug"])
def test_article_copies_are_the_articles_as_received(entry):
    """Each copy in fixtures/articles still has the SHA-256 recorded when it was taken in (the
    source articles' own digests), so no edit of an article body goes unnoticed."""
    copy = (ROOT / "articles" / entry["file"]).read_bytes()
    assert hashlib.sha256(copy).hexdigest() == entry["sha256"]


def test_every_loaded_excerpt_is_a_substring_of_its_report(db):
    bodies = dict(Report.objects.values_list("pk", "body"))
    for model in (Lesson, Initiative, Metric):
        for pk, report_id, excerpt in model.objects.values_list("pk", "report_id", "excerpt"):
            assert excerpt in bodies[report_id], f"{model.__name__} {pk}"


def test_every_report_has_lessons_and_initiatives(db):
    for report in Report.objects.with_counts():
        assert report.lesson_count > 0, report.slug
        assert report.initiative_count > 0, report.slug


@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.stem)
def test_every_enumerated_item_is_captured(path):
    """Each list item the extractor finds opens, or lies inside, a curated lesson's excerpt."""
    data = curated(path)
    body = article_text(data["report"])
    spans = [
        (body.find(item["excerpt"]), body.find(item["excerpt"]) + len(item["excerpt"])) for item in data["lessons"]
    ]
    skipped = [body.find(item["text"]) for item in data.get("not_captured", [])]
    uncovered = [
        candidate.text[:60]
        for candidate in extract_enumerations(body)
        if not any(start <= candidate.start < end for start, end in spans) and candidate.start not in skipped
    ]
    assert uncovered == []


@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.stem)
def test_every_quoted_name_is_captured_or_explained(path):
    """Quoted names of four words or more are initiatives, lessons, or explained omissions."""
    data = curated(path)
    body = article_text(data["report"])
    captured = " ".join(item["excerpt"] for _, _, item in records(data))
    explained = " ".join(item["text"] for item in data.get("not_captured", []))
    missing = [
        candidate.text
        for candidate in extract_quotes(body)
        if candidate.details["words"] >= 4 and candidate.text not in captured and candidate.text not in explained
    ]
    assert missing == []


@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.stem)
def test_every_figure_is_a_metric_or_explained(path):
    """Percentages, fractions and ranks found by the extractor are metrics or explained omissions."""
    data = curated(path)
    body = article_text(data["report"])
    metric_spans = []  # (figure, start, end of the excerpt that states it)
    for metric in data["metrics"]:
        start = body.find(metric["excerpt"])
        metric_spans.append((metric["raw"], start, start + len(metric["excerpt"])))
    explained = [
        (body.find(item["text"]), body.find(item["text"]) + len(item["text"])) for item in data.get("not_captured", [])
    ]
    missing = [
        candidate.text
        for candidate in extract_numbers(body)
        if candidate.details["kind"] in {"percent", "fraction", "rank"}
        and not any(raw == candidate.text and start <= candidate.start < end for raw, start, end in metric_spans)
        and not any(start <= candidate.start < end for start, end in explained)
    ]
    assert missing == []
