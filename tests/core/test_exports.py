"""CSV and JSON exports: exactly the filtered rows, Vietnamese intact, Excel-friendly."""

import csv
import html
import io
import json
import re
import zipfile
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from lessons.models import Initiative, Lesson, Theme
from portal.core import freshness
from provinces.models import Metric, Province
from tests.downloads import downloaded_json

LESSON_COLUMNS = [
    "slug",
    "title",
    "title_en",
    "kind",
    "ordinal",
    "subject",
    "subject_en",
    "province",
    "province_name",
    "locality",
    "themes",
    "theme_names",
    "summary_en",
    "report",
    "report_title",
    "report_publisher",
    "report_published_on",
    "report_date_precision",
    "report_date_inferred",
    "excerpt",
    "excerpt_start",
    "web_url",
    "source_url",
]


def read_csv(response):
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_has_bom_stable_columns_and_vietnamese(client, db):
    response = client.get("/lessons/?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(response)
    assert list(rows[0].keys()) == LESSON_COLUMNS
    assert len(rows) == Lesson.objects.count()
    text = " ".join(row["excerpt"] for row in rows)
    assert "Đ" in text and "ử" in text
    lesson = Lesson.objects.select_related("report").get(slug=rows[0]["slug"])
    start = int(rows[0]["excerpt_start"])  # the passage, located in the report's body
    assert lesson.report.body[start : start + len(rows[0]["excerpt"])] == rows[0]["excerpt"]


def test_csv_rows_match_the_filtered_pages(client, db):
    url = "/lessons/?province=yen-bai&theme=awareness"
    rows = read_csv(client.get(url + "&format=csv"))
    on_pages, number = [], 1
    while True:
        page = client.get(f"{url}&page={number}").context["page_obj"]
        on_pages += [lesson.slug for lesson in page.object_list]
        if not page.has_next():
            break
        number += 1
    assert [row["slug"] for row in rows] == on_pages


def test_json_export_of_initiatives(client, db):
    response = client.get("/initiatives/?province=nam-dinh&format=json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = b"".join(response.streaming_content).decode()
    data = json.loads(body)
    assert data["count"] == Initiative.objects.filter(province__slug="nam-dinh").count()
    first = data["results"][0]
    assert first["report"] == "nam-dinh-lan-toa-cach-lam-cds"
    assert first["excerpt"] in Initiative.objects.get(slug=first["slug"]).report.body
    assert "\\u" not in body  # readable UTF-8, not escapes


@pytest.mark.parametrize(
    ("url", "filename"),
    [
        ("/lessons/?format=csv", "lessons.csv"),
        (
            "/lessons/?province=lao-cai&theme=digital-economy&format=csv",
            "lessons_province-lao-cai_theme-digital-economy.csv",
        ),
        ("/initiatives/?q=Chợ 4.0&format=json", "initiatives_q-cho-4-0.json"),
    ],
)
def test_filename_says_what_was_filtered(client, db, url, filename):
    assert f'filename="{filename}"' in client.get(url)["Content-Disposition"]


def test_bad_parameter_in_export_is_400(client, db):
    assert client.get("/lessons/?province=ha-noi&format=csv").status_code == 400


def test_a_cell_a_spreadsheet_would_run_is_neutralised_in_csv_not_in_json(client, a_lesson):
    formula = '=HYPERLINK("https://evil.example","Đ ử")'
    Lesson.objects.filter(pk=a_lesson.pk).update(title=formula, subject="@SUM(1+1)")
    rows = {row["slug"]: row for row in read_csv(client.get("/lessons/?format=csv"))}
    assert rows[a_lesson.slug]["title"] == "'" + formula
    assert rows[a_lesson.slug]["subject"] == "'@SUM(1+1)"
    exported = downloaded_json(client.get("/lessons/?format=json"))["results"]
    assert next(row for row in exported if row["slug"] == a_lesson.slug)["title"] == formula
    api = client.get(f"/api/v1/lessons/{a_lesson.slug}/").json()
    assert api["title"] == formula
    package = client.get("/data/cds-tinh-portal-data.zip").content
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert "'=HYPERLINK" in archive.read("lessons.csv").decode()


# Downloads that carry their own meaning ------------------------------------------------------

SOURCED_LISTS = ["/lessons/", "/initiatives/"]


def passage_text_at(page_html, anchor):
    """The text from the element with id=`anchor` on, tags and the links to records quoted
    inside it ("+số liệu") removed, if that element is inside a highlighted passage (a link of
    class "passage"); None otherwise."""
    position = page_html.find(f'id="{anchor}"')
    if position < 0:
        return None
    before = page_html[:position]
    if before.rfind('<a class="passage ') <= before.rfind("</a>"):
        return None  # not highlighted
    rest = page_html[page_html.rfind("<", 0, position) :]
    rest = re.sub(r'<a class="passage-also[^"]*"[^>]*>.*?</a>', "", rest)
    return html.unescape(re.sub(r"<[^>]+>", "", rest))


def squeeze(text):
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("url", SOURCED_LISTS)
def test_every_csv_rows_source_url_resolves_to_the_highlighted_passage(client, db, url):
    rows = read_csv(client.get(url + "?format=csv"))
    assert rows
    pages = {}
    for row in rows:
        source = urlsplit(row["source_url"])
        assert (source.scheme, source.netloc) == ("http", "testserver"), row["source_url"]
        if source.path not in pages:
            pages[source.path] = client.get(source.path).content.decode()
        text = passage_text_at(pages[source.path], source.fragment)
        assert text is not None, row["source_url"]
        assert squeeze(text).startswith(squeeze(row["excerpt"])), row["source_url"]
        web = urlsplit(row["web_url"])
        assert (web.scheme, web.netloc) == ("http", "testserver")
        assert client.get(web.path).status_code == 200


def test_metric_rows_link_their_page_and_passage(client, db):
    indicator = Metric.objects.public().order_by("slug").first().indicator
    rows = read_csv(client.get(indicator.get_absolute_url() + "?format=csv"))
    for row in rows:
        assert row["web_url"] == f"http://testserver{indicator.get_absolute_url()}#{row['slug']}"
        assert row["source_url"].startswith(f"http://testserver/reports/{row['report']}/#metric-")


def test_names_beside_slugs_in_the_pages_language(client, db):
    lesson = Lesson.objects.public().filter(themes__slug="digital-government").order_by("slug").first()
    themes = sorted(lesson.themes.all(), key=lambda theme: theme.slug)
    vietnamese = {row["slug"]: row for row in read_csv(client.get("/lessons/?format=csv"))}[lesson.slug]
    assert vietnamese["province_name"] == lesson.province.name
    assert vietnamese["theme_names"] == "|".join(theme.name for theme in themes)
    assert "Chính quyền số" in vietnamese["theme_names"]
    assert vietnamese["web_url"] == f"http://testserver/lessons/{lesson.slug}/"
    english = {row["slug"]: row for row in read_csv(client.get("/en/lessons/?format=csv"))}[lesson.slug]
    assert english["province_name"] == lesson.province.name_en
    assert english["theme_names"] == "|".join(theme.name_en for theme in themes)
    assert "Digital government" in english["theme_names"]
    assert english["web_url"] == f"http://testserver/en/lessons/{lesson.slug}/"
    assert english["province"] == vietnamese["province"]  # slugs do not change with the language
    exported = downloaded_json(client.get("/en/lessons/?format=json"))
    row = next(row for row in exported["results"] if row["slug"] == lesson.slug)
    assert row["theme_names"] == [theme.name_en for theme in themes]


def test_names_are_neutralised_in_csv_too(client, a_lesson):
    theme = a_lesson.themes.order_by("slug").first()
    Theme.objects.filter(pk=theme.pk).update(name="=1+2", name_en="+cmd|' /C calc'!A0")
    Province.objects.filter(pk=a_lesson.province_id).update(name="@SUM(1)")
    row = {row["slug"]: row for row in read_csv(client.get("/lessons/?format=csv"))}[a_lesson.slug]
    assert row["province_name"] == "'@SUM(1)"
    assert row["theme_names"].startswith("'") and "=1+2" in row["theme_names"]
    english = {row["slug"]: row for row in read_csv(client.get("/en/lessons/?format=csv"))}[a_lesson.slug]
    assert english["theme_names"].startswith("'")
    with zipfile.ZipFile(io.BytesIO(client.get("/data/cds-tinh-portal-data.zip").content)) as archive:
        package_rows = list(csv.DictReader(io.StringIO(archive.read("lessons.csv").decode())))
    package_row = next(row for row in package_rows if row["slug"] == a_lesson.slug)
    assert package_row["province_name_vi"] == "'@SUM(1)"
    assert package_row["theme_names_en"].startswith("'")


def test_downloads_carry_the_time_of_the_last_change(client, db):
    page = client.get("/lessons/")
    last_modified = page["Last-Modified"]
    for url in ["/lessons/?format=csv", "/initiatives/?format=json", "/data/cds-tinh-portal-data.zip"]:
        assert client.get(url)["Last-Modified"] == last_modified, url
    changed = freshness.last_changed()
    assert downloaded_json(client.get("/lessons/?format=json"))["last_modified"] == freshness.version_label(changed)
    assert http_date(changed.timestamp()) == last_modified


@pytest.mark.parametrize("output", ["csv", "json"])
@pytest.mark.parametrize("url", ["/lessons/", "/initiatives/"])
def test_downloads_never_read_the_reports_full_text(client, db, url, output):
    """A 1,000-row export carried 1,000 copies of its reports' bodies in memory."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"format": output})
        b"".join(response.streaming_content)
    selected = " ".join(query["sql"] for query in queries)
    table = url.strip("/").rstrip("s")
    assert '"provinces_report"."body"' not in selected
    assert '"provinces_report"."search_text"' not in selected
    assert f'"lessons_{table}"."search_text"' not in selected


def test_json_download_is_one_document_even_when_empty(client, db):
    empty = downloaded_json(client.get("/lessons/", {"q": "khongcotunaynhu", "format": "json"}))
    assert empty["count"] == 0 and empty["results"] == []
    full = downloaded_json(client.get("/lessons/", {"format": "json"}))
    assert full["count"] == len(full["results"]) == Lesson.objects.public().count()
