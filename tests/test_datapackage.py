"""The whole-dataset download: a valid Frictionless Data Package that reloads to the same rows."""

import io
import json
import zipfile

from frictionless import Package, validate

from lessons.models import Initiative, Lesson, Theme
from portal.datapackage import RESOURCES, load_package
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
    for resource in package.resources:
        assert len(resource.read_rows()) == MODELS[resource.name].objects.count()


def test_csvs_are_utf8_with_vietnamese_intact(client, db):
    with zipfile.ZipFile(io.BytesIO(download(client))) as archive:
        localities = archive.read("localities.csv").decode("utf-8")
        descriptor = json.loads(archive.read("datapackage.json"))
    assert "Tú Lệ" in localities and "Liễu Đề" in localities
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert "data/" in descriptor["citation"]


def test_package_reloads_into_an_empty_database_to_the_same_counts(client, db):
    package = download(client)
    counts = {name: model.objects.count() for name, model in MODELS.items()}
    Locality.objects.update(parent=None)
    for model in (Lesson, Initiative, Metric, Indicator, Report, Locality, Theme):
        model.objects.all().delete()
    Province.objects.update(successor=None, merged_on=None)
    Province.objects.all().delete()
    assert load_package(package) == counts
    assert {name: model.objects.count() for name, model in MODELS.items()} == counts
    lesson = Lesson.objects.get(slug="lai-chau-dic-2022-lesson-1")
    lesson.full_clean()  # the reloaded rows obey every model rule, excerpt included
    assert set(lesson.themes.values_list("slug", flat=True))
    assert Province.objects.get(slug="yen-bai").successor.slug == "lao-cai"


def test_json_download_has_every_resource(client, db):
    response = client.get("/data/cds-tinh-portal-data.json")
    data = response.json()
    for name, model in MODELS.items():
        assert len(data[name]) == model.objects.count()
    assert set(data["lessons"][0]) == {column.name for column in RESOURCES["lessons"][1]}


def test_data_page_explains_licence_and_citation(client, db):
    content = client.get("/data/").content.decode()
    assert "CC BY 4.0" in content or "Creative Commons Attribution 4.0" in content
    assert "/data/cds-tinh-portal-data.zip" in content
    assert "Cách trích dẫn" in content
