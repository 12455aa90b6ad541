"""The whole-dataset download: a valid Frictionless Data Package that holds every field of every record."""

import csv
import io
import json
import zipfile

from frictionless import Package, validate

from lessons.models import Initiative, Lesson, Theme
from portal.api.datapackage import DATASETS
from portal.core import freshness
from provinces.models import Indicator, Locality, Metric, Province, Report

MODELS = {
    "themes": Theme, "provinces": Province, "localities": Locality, "reports": Report,
    "indicators": Indicator, "metrics": Metric, "lessons": Lesson, "initiatives": Initiative,
}  # fmt: skip


def download(client):
    response = client.get("/data/cds-tinh-portal-data.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return response.content


def test_package_validates_with_frictionless(client, db, tmp_path):
    with zipfile.ZipFile(io.BytesIO(download(client))) as archive:
        archive.extractall(tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    package = Package(str(tmp_path / "datapackage.json"))
    assert {resource.name for resource in package.resources} == {*MODELS, "annotations"}
    for resource in package.resources:
        if resource.name == "annotations":  # a JSON-LD document, read in tests/api/test_annotations.py
            continue
        assert len(resource.read_rows()) == MODELS[resource.name].objects.count()


def test_csvs_are_utf8_with_vietnamese_intact(client, db):
    with zipfile.ZipFile(io.BytesIO(download(client))) as archive:
        localities = archive.read("localities.csv").decode("utf-8")
        descriptor = json.loads(archive.read("datapackage.json"))
    assert "Tú Lệ" in localities and "Liễu Đề" in localities
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert "data/" in descriptor["citation"]


# Kept out of the package on purpose: the row id, the edit counter, the folded search copy, and
# the editorial workflow (the package holds published records only; reviewers are staff).
INTERNAL_FIELDS = {"id", "version", "search_name", "search_text", "status", "reviewed_by", "published_at"}


def test_package_holds_every_field_of_every_model(client, db):
    """A field added to a model but not to its dataset's declaration would be lost to researchers."""
    package_columns = {dataset.name: set(dataset.package_names) for dataset in DATASETS}
    for name, model in MODELS.items():
        fields = {field.name for field in model._meta.concrete_fields + model._meta.many_to_many}
        assert fields - INTERNAL_FIELDS <= package_columns[name], name


def test_package_rows_carry_the_records_values(client, db):
    with zipfile.ZipFile(io.BytesIO(download(client))) as archive:
        lessons = {row["slug"]: row for row in csv.DictReader(io.StringIO(archive.read("lessons.csv").decode()))}
        provinces = {row["slug"]: row for row in csv.DictReader(io.StringIO(archive.read("provinces.csv").decode()))}
        metrics = {row["slug"]: row for row in csv.DictReader(io.StringIO(archive.read("metrics.csv").decode()))}
    lesson = Lesson.objects.get(slug="lai-chau-dic-2022-lesson-1")
    row = lessons[lesson.slug]
    assert row["excerpt"] == lesson.excerpt and row["title"] == lesson.title
    assert row["themes"] == "|".join(sorted(lesson.themes.values_list("slug", flat=True)))
    assert row["province"] == "lai-chau" and row["report"] == lesson.report.slug
    assert "report_title" not in row  # derived columns stay in the downloads, not the normalised package
    assert provinces["yen-bai"]["successor"] == "lao-cai" and provinces["yen-bai"]["merged_on"] == "2025-07-01"
    assert provinces["lai-chau"]["successor"] == ""
    metric = Metric.objects.exclude(denominator=None).first()
    assert metrics[metric.slug]["denominator"] == format(metric.denominator.normalize(), "f")


def test_json_download_has_every_resource(client, db):
    response = client.get("/data/cds-tinh-portal-data.json")
    data = response.json()
    for name, model in MODELS.items():
        assert len(data[name]) == model.objects.count()
    lessons = next(dataset for dataset in DATASETS if dataset.name == "lessons")
    assert list(data["lessons"][0]) == lessons.package_names
    assert isinstance(data["lessons"][0]["themes"], list)


def test_data_page_explains_licence_and_citation(client, db):
    content = client.get("/data/").content.decode()
    assert "CC BY 4.0" in content or "Creative Commons Attribution 4.0" in content
    assert "/data/cds-tinh-portal-data.zip" in content
    assert "Cách trích dẫn" in content


# What each field means, said once: the table schemas and /data/ read the same declarations ----


def descriptor_of(client):
    with zipfile.ZipFile(io.BytesIO(download(client))) as archive:
        return json.loads(archive.read("datapackage.json"))


def test_every_field_is_described_in_both_languages(client, db):
    descriptor = descriptor_of(client)
    for resource in descriptor["resources"]:
        if resource.get("profile") != "tabular-data-resource":
            continue  # annotations.jsonld: a JSON-LD document, described by its own context
        for field in resource["schema"]["fields"]:
            assert field.get("description") and field.get("description_en"), (resource["name"], field["name"])
            assert field["description"] != field["description_en"], field["name"]
            assert ("unit" in field) == ("unit_en" in field)
    lessons = next(resource for resource in descriptor["resources"] if resource["name"] == "lessons")
    fields = {field["name"]: field for field in lessons["schema"]["fields"]}
    assert fields["excerpt_start"]["unit"] == "ký tự" and fields["excerpt_start"]["unit_en"] == "characters"
    assert fields["source_url"]["format"] == "uri"
    assert {"province_name_vi", "province_name_en", "theme_names_vi", "theme_names_en"} <= set(fields)
    assert "province_name" not in fields  # the page-language column is for list downloads


def test_package_carries_the_data_version_and_last_change(client, db):
    descriptor = descriptor_of(client)
    changed = freshness.last_changed()
    assert descriptor["version"] == freshness.version_label(changed)
    assert descriptor["last_modified"] == changed.isoformat()
    assert client.get("/data/cds-tinh-portal-data.json").json()["last_modified"] == changed.isoformat()


def test_package_rows_link_canonical_pages_and_name_in_both_languages(client, db):
    with zipfile.ZipFile(io.BytesIO(download(client))) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("lessons.csv").decode("utf-8"))))
    lesson = Lesson.objects.select_related("province").get(slug=rows[0]["slug"])
    assert rows[0]["web_url"] == f"http://testserver/lessons/{lesson.slug}/"
    assert rows[0]["source_url"] == f"http://testserver{lesson.get_source_url()}"
    assert (rows[0]["province_name_vi"], rows[0]["province_name_en"]) == (lesson.province.name, lesson.province.name_en)
    themes = sorted(lesson.themes.all(), key=lambda theme: theme.slug)
    assert rows[0]["theme_names_en"] == "|".join(theme.name_en for theme in themes)


def test_data_page_describes_each_resource(client, db):
    response = client.get("/data/")
    content = response.content.decode()
    sizes = {}
    with zipfile.ZipFile(io.BytesIO(download(client))) as archive:
        sizes = {info.filename: info.file_size for info in archive.infolist()}
    for dataset in DATASETS:
        resource = next(item for item in response.context["resources"] if item["name"] == dataset.name)
        assert resource["count"] == MODELS[dataset.name].objects.count()
        assert resource["size"] == sizes[f"{dataset.name}.csv"]
        assert f'id="resource-{dataset.name}"' in content
        for column in dataset.package_columns:
            assert f"<code>{column.name}</code>" in content, column.name
    assert "Ký tự" in content or "ký tự" in content  # a unit
    assert "Vị trí bắt đầu của đoạn trích trong toàn văn báo cáo" in content  # a meaning
    assert freshness.version_label(freshness.last_changed()) in content
    assert "Thay đổi lần cuối" in content and "Phiên bản dữ liệu" in content


def test_english_data_page_is_english_throughout(client, db):
    content = client.get("/en/data/").content.decode()
    assert "Where the excerpt starts in the report’s full text" in content
    assert "Vị trí bắt đầu" not in content and "ký tự" not in content
    assert "Last changed" in content and "Data version" in content
    assert "Data package" in content  # the citation, in English
    assert "Dữ liệu do cổng biên soạn" not in content
    vietnamese = client.get("/data/").content.decode()
    assert 'lang="en"' not in vietnamese.split("<main", 1)[-1]  # no English paragraph on the Vietnamese page


def test_data_page_queries_are_pinned(client, db, django_assert_num_queries, settings):
    """A count per resource and the package's rows (one query per resource and per prefetched
    relation) to measure its files, and the sourced records with their reports for the
    annotations; with the aggregate cache on, the package is measured once per data version and
    only the counts remain."""
    settings.AGGREGATE_CACHE_SECONDS = 0
    with django_assert_num_queries(len(DATASETS) + 17):
        assert client.get("/data/").status_code == 200
    settings.AGGREGATE_CACHE_SECONDS = 600
    client.get("/data/")
    with django_assert_num_queries(len(DATASETS)):
        assert client.get("/data/").status_code == 200
