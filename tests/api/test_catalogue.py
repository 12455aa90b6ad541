"""The DCAT catalogue at /data/catalog.ttl and /data/catalog.jsonld: it parses in both forms, says
the same thing in both, and lists every download and the API."""

import datetime

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import to_isomorphic

from portal.core.dataset_meta import DISTRIBUTIONS
from portal.core.pagecache import bump_data_version, current_data_version
from provinces.models import Report
from tests.contexts import expand

# Plain namespaces: pytest's collection trips over rdflib's closed ones (a warning per lookup).
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SITE = "http://testserver"
DATASET = URIRef(f"{SITE}/data/#dataset")
SERIALISATIONS = [
    ("/data/catalog.ttl", "turtle", "text/turtle"),
    ("/data/catalog.jsonld", "json-ld", "application/ld+json"),
]


def catalogue(client, url, form):
    response = client.get(url)
    assert response.status_code == 200
    return response, Graph().parse(data=response.content.decode("utf-8"), format=form)


@pytest.mark.parametrize(("url", "form", "media_type"), SERIALISATIONS)
def test_catalogue_parses_and_describes_the_dataset(client, db, url, form, media_type):
    response, graph = catalogue(client, url, form)
    assert response["Content-Type"].startswith(media_type)
    (catalog,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert (catalog, DCAT.dataset, DATASET) in graph
    assert (DATASET, RDF.type, DCAT.Dataset) in graph
    titles = {title.language: str(title) for title in graph.objects(DATASET, DCTERMS.title)}
    assert titles["vi"] == "CĐS tỉnh – bài học, sáng kiến và số liệu chuyển đổi số cấp tỉnh"  # Vietnamese intact
    assert "en" in titles
    assert {description.language for description in graph.objects(DATASET, DCTERMS.description)} == {"vi", "en"}
    for predicate in (DCTERMS.publisher, DCTERMS.license, DCTERMS.issued, DCTERMS.modified, DCAT.contactPoint):
        assert graph.value(DATASET, predicate) is not None, predicate
    assert graph.value(DATASET, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert URIRef("http://publications.europa.eu/resource/authority/country/VNM") in set(
        graph.objects(DATASET, DCTERMS.spatial)
    )
    assert set(graph.objects(DATASET, DCAT.theme)) and Literal("chuyển đổi số", lang="vi") in set(
        graph.objects(DATASET, DCAT.keyword)
    )


@pytest.mark.parametrize(("url", "form", "media_type"), SERIALISATIONS)
def test_catalogue_lists_every_distribution_and_each_resolves(client, db, url, form, media_type):
    _, graph = catalogue(client, url, form)
    distributions = set(graph.objects(DATASET, DCAT.distribution))
    downloads = {graph.value(node, DCAT.downloadURL) for node in distributions} - {None}
    expected = {URIRef(SITE + distribution.path()) for distribution in DISTRIBUTIONS}
    assert downloads == expected
    assert all(str(graph.value(node, DCAT.mediaType)).startswith("https://www.iana.org/") for node in distributions)
    for download in downloads:
        assert client.get(str(download).removeprefix(SITE)).status_code == 200, download
    # The API: a distribution whose access service is a DataService with its OpenAPI description.
    (api,) = (node for node in distributions if graph.value(node, DCAT.accessService) is not None)
    service = graph.value(api, DCAT.accessService)
    assert (service, RDF.type, DCAT.DataService) in graph
    assert graph.value(service, DCAT.endpointURL) == URIRef(f"{SITE}/api/v1/")
    assert client.get(str(graph.value(service, DCAT.endpointDescription)).removeprefix(SITE)).status_code == 200
    assert (service, DCAT.servesDataset, DATASET) in graph


def test_both_serialisations_are_the_same_graph(client, db):
    _, turtle = catalogue(client, "/data/catalog.ttl", "turtle")
    _, json_ld = catalogue(client, "/data/catalog.jsonld", "json-ld")
    assert to_isomorphic(turtle) == to_isomorphic(json_ld)


def test_catalogue_json_ld_expands_with_a_json_ld_processor(client, db):
    expanded = expand(client.get("/data/catalog.jsonld").json())
    types = {kind for node in expanded for kind in node.get("@type", [])}
    assert {str(DCAT.Catalog), str(DCAT.Dataset), str(DCAT.Distribution), str(DCAT.DataService)} <= types


def test_temporal_coverage_spans_the_reports_years(client, db):
    _, graph = catalogue(client, "/data/catalog.ttl", "turtle")
    period = graph.value(DATASET, DCTERMS.temporal)
    years = sorted(report.published_on.year for report in Report.objects.public().exclude(published_on=None))
    assert graph.value(period, DCAT.startDate) == Literal(str(years[0]), datatype=XSD.gYear)
    assert graph.value(period, DCAT.endDate) == Literal(str(years[-1]), datatype=XSD.gYear)


def test_modified_is_the_last_data_change(client, db):
    """dct:modified follows the data version, the time the pages' Last-Modified gives."""
    bump_data_version()
    _, graph = catalogue(client, "/data/catalog.ttl", "turtle")
    modified = graph.value(DATASET, DCTERMS.modified).toPython()
    changed = datetime.datetime.fromtimestamp(int(current_data_version()) / 1e9, tz=datetime.UTC)
    assert abs(modified - changed) < datetime.timedelta(seconds=1)
    response = client.get("/data/catalog.ttl")
    assert response["Last-Modified"] == changed.strftime("%a, %d %b %Y %H:%M:%S GMT")
