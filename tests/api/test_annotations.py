"""Every lesson, initiative and metric carries its source as a W3C Web Annotation, and an
independent routine (below, sharing no code with the portal's excerpt handling) finds every
excerpt again in its report's text from the selectors alone.
"""

import csv
import io
import json
import unicodedata
import zipfile

import pytest
from rdflib import RDF, Literal, Namespace

from lessons.models import Initiative, Lesson
from provinces.models import Metric
from tests.contexts import expand, graph

OA = Namespace("http://www.w3.org/ns/oa#")
SOURCED = {"lessons": Lesson, "initiatives": Initiative, "metrics": Metric}


def reanchor(text, selectors):
    """The (start, end) the selectors pick in `text`, as an annotation client would find it.

    By position: the span [start, end), which must read exactly the quote. By quote alone: the
    one place where prefix + exact + suffix occurs. Both must name the same span.
    """
    quote = next(selector for selector in selectors if selector["type"] == "TextQuoteSelector")
    position = next(selector for selector in selectors if selector["type"] == "TextPositionSelector")
    start, end = position["start"], position["end"]
    assert text[start:end] == quote["exact"], "the position does not read the quote"
    context = quote["prefix"] + quote["exact"] + quote["suffix"]
    found = []
    at = text.find(context)
    while at != -1:
        found.append(at + len(quote["prefix"]))
        at = text.find(context, at + 1)
    assert len(found) == 1, f"the quote with its prefix and suffix occurs {len(found)} times"
    assert (found[0], found[0] + len(quote["exact"])) == (start, end), "quote and position disagree"
    return start, end


def all_pages(client, url):
    rows = []
    while url:
        page = client.get(url).json()
        rows += page["results"]
        url = page["next"]
    return rows


@pytest.mark.parametrize("name", SOURCED)
def test_every_api_record_is_found_again_from_its_selectors(client, db, name):
    records = all_pages(client, f"/api/v1/{name}/?page_size=500")
    assert len(records) == SOURCED[name].objects.public().count() > 0
    bodies = {}
    for record in records:
        annotation = record["annotation"]
        assert annotation["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert annotation["type"] == "Annotation"
        assert annotation["body"][0]["id"] == record["web_url"]
        source = annotation["target"]["source"]["id"]
        if source not in bodies:  # the report's text as the API serves it
            report = client.get(f"/api/v1/reports/{record['report']}/").json()
            assert report["web_url"] == source
            bodies[source] = report["body"]
        start, end = reanchor(bodies[source], annotation["target"]["selector"])
        assert bodies[source][start:end] == record["excerpt"], record["slug"]


def test_positions_count_code_points_of_the_nfc_text(client, db):
    """The text the positions count in is composed (NFC): "ử" is one code point, not two."""
    records = all_pages(client, "/api/v1/lessons/?page_size=500")
    record = next(record for record in records if "ử" in record["excerpt"] or "ế" in record["excerpt"])
    body = client.get(f"/api/v1/reports/{record['report']}/").json()["body"]
    assert unicodedata.is_normalized("NFC", body)
    position = record["annotation"]["target"]["selector"][1]
    assert position["end"] - position["start"] == len(record["excerpt"])
    assert len(record["excerpt"].encode("utf-8")) > len(record["excerpt"])  # not bytes


def table(archive, name):
    return csv.DictReader(io.StringIO(archive.read(f"{name}.csv").decode("utf-8")))


def test_data_package_annotations_reanchor_in_its_own_reports(client, db):
    """The data package alone is enough: annotations.jsonld against reports.csv's bodies."""
    with zipfile.ZipFile(io.BytesIO(client.get("/data/cds-tinh-portal-data.zip").content)) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
        collection = json.loads(archive.read("annotations.jsonld"))
        reports = {row["slug"]: row["body"] for row in table(archive, "reports")}
        excerpts = {row["slug"]: row["excerpt"] for name in SOURCED for row in table(archive, name)}
    resource = next(resource for resource in descriptor["resources"] if resource["name"] == "annotations")
    assert resource["path"] == "annotations.jsonld" and resource["mediatype"] == "application/ld+json"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == sum(model.objects.public().count() for model in SOURCED.values())
    pages = set()
    for annotation in items:
        report_slug = annotation["target"]["source"]["id"].rstrip("/").rsplit("/", 1)[1]
        record_slug = annotation["id"].split("#")[0].rstrip("/").rsplit("/", 1)[1]
        start, end = reanchor(reports[report_slug], annotation["target"]["selector"])
        assert reports[report_slug][start:end] == excerpts[record_slug]
        pages.add(annotation["body"][0]["id"])
    records = [record for model in SOURCED.values() for record in model.objects.public()]
    assert pages == {"http://testserver" + record.get_absolute_url() for record in records}


def test_annotations_are_json_ld_that_pyld_and_rdflib_read(client, db):
    response = client.get("/data/annotations.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    collection = response.json()
    expanded = expand(collection)
    assert expanded and expanded[0]["@type"] == ["http://www.w3.org/ns/activitystreams#OrderedCollection"]
    triples = graph(collection)
    total = collection["total"]
    assert len(set(triples.subjects(RDF.type, OA.Annotation))) == total
    assert len(set(triples.subjects(RDF.type, OA.TextPositionSelector))) == total
    assert len(set(triples.subjects(RDF.type, OA.TextQuoteSelector))) == total
    lesson = Lesson.objects.public().order_by("slug").first()
    assert (None, OA.exact, Literal(lesson.excerpt)) in triples  # Vietnamese intact
    assert set(triples.objects(None, OA.motivatedBy)) == {OA.describing}


def test_json_download_carries_the_same_annotations(client, db):
    data = client.get("/data/cds-tinh-portal-data.json").json()
    served = client.get("/data/annotations.jsonld").json()
    assert data["annotations"] == served


def test_one_api_annotation_reads_as_rdf(client, db):
    lesson = Lesson.objects.public().order_by("slug").first()
    record = client.get(f"/api/v1/lessons/{lesson.slug}/").json()
    triples = graph(record["annotation"])
    (selector,) = triples.subjects(RDF.type, OA.TextPositionSelector)
    assert triples.value(selector, OA.start).toPython() == lesson.excerpt_start
    assert triples.value(selector, OA.end).toPython() == lesson.excerpt_start + len(lesson.excerpt)


def test_the_schema_documents_the_annotation(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert "annotation" in schema["components"]["schemas"]["Lesson"]["properties"]
