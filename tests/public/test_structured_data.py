"""The pages' JSON-LD: every block parses with a JSON-LD processor (pyld) and with rdflib, says what
the page is (a Dataset, a Report with its publisher and date, a record with its source), keeps
Vietnamese intact, and cannot be broken out of by a record's text."""

import json
import re

import pytest
from django.db.models import Count
from rdflib import Literal, Namespace, URIRef

from lessons.models import Initiative, Lesson
from portal.core.dataset_meta import DISTRIBUTIONS
from provinces.models import Indicator, Report
from provinces.views import METRICS_PER_PAGE
from tests.contexts import expand, graph

BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
SDO = Namespace("http://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
SITE = "http://testserver"


def blocks(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return [json.loads(text) for text in BLOCK.findall(response.content.decode())]


def page_urls():
    indicator = Indicator.objects.public().annotate(n=Count("metrics")).order_by("-n").first()
    records = [Lesson.objects.public().order_by("slug").first(), Initiative.objects.public().order_by("slug").first()]
    pages = ["/", "/data/", indicator.get_absolute_url()]
    pages += [record.get_absolute_url() for record in records]
    pages += [report.get_absolute_url() for report in Report.objects.public()]
    return pages + ["/en" + page for page in pages]


def test_every_block_parses_with_pyld_and_rdflib(client, db):
    for url in page_urls():
        found = blocks(client, url)
        assert found, url
        for document in found:
            assert expand(document), url
            assert len(graph(document)) > 0, url


def dataset_of(client, url):
    (dataset,) = (block for block in blocks(client, url) if block.get("@type") == "Dataset")
    return dataset


@pytest.mark.parametrize("url", ["/", "/data/", "/en/", "/en/data/"])
def test_home_and_data_pages_describe_the_dataset(client, db, url):
    dataset = dataset_of(client, url)
    assert dataset["@id"] == f"{SITE}/data/#dataset"  # the DCAT catalogue's dataset
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["creator"]["@type"] == "Organization" and dataset["creator"]["name"]
    assert dataset["spatialCoverage"]["@type"] == "Place"
    years = sorted(report.published_on.year for report in Report.objects.public().exclude(published_on=None))
    assert dataset["temporalCoverage"] == f"{years[0]}/{years[-1]}"
    urls = {download["contentUrl"] for download in dataset["distribution"]}
    assert urls == {SITE + distribution.path() for distribution in DISTRIBUTIONS}
    for download in dataset["distribution"]:
        assert client.get(download["contentUrl"].removeprefix(SITE)).status_code == 200


def test_home_and_data_pages_point_harvesters_to_the_catalogue(client, db):
    for url in ("/", "/data/"):
        content = client.get(url).content.decode()
        assert '<link rel="alternate" type="text/turtle" href="/data/catalog.ttl" title="DCAT">' in content
        assert '<link rel="alternate" type="application/ld+json" href="/data/catalog.jsonld" title="DCAT">' in content


def test_dataset_name_follows_the_page_language_with_vietnamese_intact(client, db):
    assert dataset_of(client, "/")["name"] == "CĐS tỉnh – bài học, sáng kiến và số liệu chuyển đổi số cấp tỉnh"
    assert dataset_of(client, "/en/")["name"].startswith("CĐS tỉnh – lessons")
    raw = client.get("/").content.decode()
    assert "chuyển đổi số cấp tỉnh" in BLOCK.search(raw).group(1)  # written as UTF-8, not \\u escapes


def expected_date(report):
    """The date as the source gives it, written here independently of the portal's code."""
    day = report.published_on
    return {"year": str(day.year), "month": f"{day.year}-{day.month:02d}", "day": str(day)}[report.date_precision]


def test_report_pages_are_reports_with_publisher_and_date(client, db):
    reports = list(Report.objects.public())
    assert reports
    for report in reports:
        (node,) = (block for block in blocks(client, report.get_absolute_url()) if block.get("@type") == "Report")
        assert node["headline"] == report.title
        if report.publisher:
            assert node["publisher"] == {"@type": "Organization", "name": report.publisher}
        else:
            assert "publisher" not in node  # unknown, never guessed
        if report.published_on is None:
            assert "datePublished" not in node and "temporalCoverage" not in node
        elif report.date_inferred:  # implied by the text: not a publication date
            assert "datePublished" not in node and node["temporalCoverage"] == expected_date(report)
        else:
            assert node["datePublished"] == expected_date(report)
        triples = graph(node)
        assert (URIRef(node["@id"]), SDO.headline, Literal(report.title)) in triples  # Vietnamese intact


def test_report_dates_keep_precision_and_inferred_flag(client, db):
    """Whatever the real data holds, each case is checked on a report set to it."""
    report = Report.objects.public().exclude(published_on=None).first()
    for precision, inferred, key, value in [
        ("month", False, "datePublished", f"{report.published_on.year}-{report.published_on.month:02d}"),
        ("year", False, "datePublished", str(report.published_on.year)),
        ("year", True, "temporalCoverage", str(report.published_on.year)),
    ]:
        Report.objects.filter(pk=report.pk).update(date_precision=precision, date_inferred=inferred)
        (node,) = (block for block in blocks(client, report.get_absolute_url()) if block.get("@type") == "Report")
        assert node[key] == value
        assert ("datePublished" in node) is not inferred


@pytest.mark.parametrize("model", [Lesson, Initiative])
def test_record_pages_carry_schema_org_and_their_web_annotation(client, db, model):
    record = model.objects.public().order_by("slug").first()
    work, annotation = blocks(client, record.get_absolute_url())
    assert work["@type"] == "CreativeWork" and work["@id"] == SITE + record.get_absolute_url()
    assert work["isBasedOn"]["@id"] == SITE + record.report.get_absolute_url()
    assert annotation["type"] == "Annotation"
    assert annotation == client.get(f"/api/v1/{model._meta.model_name}s/{record.slug}/").json()["annotation"]
    position = next(s for s in annotation["target"]["selector"] if s["type"] == "TextPositionSelector")
    assert record.report.body[position["start"] : position["end"]] == record.excerpt


def test_indicator_page_annotates_each_figure_it_shows(client, db):
    indicator = Indicator.objects.public().annotate(n=Count("metrics")).order_by("-n").first()
    dataset, sources = blocks(client, indicator.get_absolute_url())
    assert dataset["@type"] == "Dataset" and dataset["variableMeasured"]["name"] == indicator.name
    items = sources["first"]["items"]
    shown = indicator.metrics.public().count()
    assert sources["total"] == len(items) == min(shown, METRICS_PER_PAGE) > 0  # the figures on this page
    triples = graph(sources)
    assert len(set(triples.subjects(None, OA.TextPositionSelector))) == len(items)


def test_a_record_text_cannot_close_the_script(client, db):
    lesson = Lesson.objects.public().order_by("slug").first()
    hostile = "</script><script>alert(1)</script> & <!--"
    Lesson.objects.filter(pk=lesson.pk).update(title=hostile)
    content = client.get(lesson.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in content
    work = blocks(client, lesson.get_absolute_url())[0]
    assert work["name"] == hostile  # escaped in the page, intact once parsed


def test_csp_still_forbids_inline_scripts(client, db):
    """JSON-LD blocks are data, not scripts: the policy needs no 'unsafe-inline' for them."""
    response = client.get(Lesson.objects.public().first().get_absolute_url())
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
