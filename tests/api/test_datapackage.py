"""The whole-dataset download: a valid Frictionless Data Package that holds every field of every record."""

import csv
import io
import json
import zipfile

from frictionless import Package, validate

from lessons.models import Initiative, Lesson, Theme
from portal.api.datapackage import DATASETS
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
