"""CSV and JSON exports: exactly the filtered rows, Vietnamese intact, Excel-friendly."""

import csv
import io
import zipfile

import pytest

from lessons.models import Initiative, Lesson

LESSON_COLUMNS = [
    "slug",
    "title",
    "title_en",
    "kind",
    "ordinal",
    "subject",
    "subject_en",
    "province",
    "locality",
    "themes",
    "summary_en",
    "report",
    "report_title",
    "report_publisher",
    "report_published_on",
    "report_date_precision",
    "report_date_inferred",
    "excerpt",
    "excerpt_start",
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
    data = response.json()
    assert data["count"] == Initiative.objects.filter(province__slug="nam-dinh").count()
    first = data["results"][0]
    assert first["report"] == "nam-dinh-lan-toa-cach-lam-cds"
    assert first["excerpt"] in Initiative.objects.get(slug=first["slug"]).report.body
    assert "\\u" not in response.content.decode()  # readable UTF-8, not escapes


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
    exported = client.get("/lessons/?format=json").json()["results"]
    assert next(row for row in exported if row["slug"] == a_lesson.slug)["title"] == formula
    api = client.get(f"/api/v1/lessons/{a_lesson.slug}/").json()
    assert api["title"] == formula
    package = client.get("/data/cds-tinh-portal-data.zip").content
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert "'=HYPERLINK" in archive.read("lessons.csv").decode()
