"""/data/catalog.ttl and /data/catalog.jsonld: the dataset described in DCAT (DCAT-AP style), so
that a national open-data catalogue (CKAN's DCAT harvester, data.europa.eu's, ...) can harvest it.

The graph is built with rdflib, never by string templates, and written in Turtle or JSON-LD from
the same graph. It states one dcat:Catalog with one dcat:Dataset, titled and described in
Vietnamese and English, with a dcat:Distribution for each download (the data package zip, the
JSON file, each list's CSV, the annotations) and one for the read API, whose dcat:accessService is
a dcat:DataService with its OpenAPI description. Its names, licence, coverage and downloads come
from portal.core.dataset_meta, as do the data package's and the schema.org Dataset's.

Identifiers are hash IRIs of /data/ (…/data/#dataset), so each resolves to the page that shows
the dataset. dct:modified is the time of the last data change (the data version of
portal.core.pagecache, the same time as the pages' Last-Modified and the feeds' <updated>).
"""

from django.db.models import Min
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, XSD

from portal.core import dataset_meta
from portal.core.freshness import last_changed
from portal.core.site import VIETNAM, portal_name
from provinces.models import Report

from .opendata import site_url

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
EU_ACCESS_RIGHTS = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
IANA_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
OPENAPI = "https://spec.openapis.org/oas/v3.0.3"

# The JSON-LD is compacted with these prefixes, so that it reads as DCAT-AP examples do.
PREFIXES = {"dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "vcard": VCARD, "xsd": XSD}


def both_languages(graph, subject, predicate, texts):
    for language, text in texts.items():
        graph.add((subject, predicate, Literal(text, lang=language)))


def build_graph(site):
    """The catalogue as an rdflib Graph; `site` is the portal's absolute root without its final "/"."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)

    def page(path):
        return URIRef(site + path)

    with translation.override("vi"):
        data_page = site + reverse("data")
        about_page = page(reverse("about"))
        publisher_name = portal_name()
    catalog, dataset = URIRef(data_page + "#catalog"), URIRef(data_page + "#dataset")
    publisher, licence = URIRef(site + "/"), URIRef(dataset_meta.LICENSE["path"])
    changed = last_changed()  # None while the cache is unreachable: then no dct:modified
    modified = Literal(changed.replace(microsecond=0).isoformat(), datatype=XSD.dateTime) if changed else None
    reports = Report.objects.public()

    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(publisher_name, lang="vi")))
    graph.add((publisher, FOAF.homepage, publisher))

    graph.add((catalog, RDF.type, DCAT.Catalog))
    both_languages(graph, catalog, DCTERMS.title, dataset_meta.TITLE)
    both_languages(graph, catalog, DCTERMS.description, dataset_meta.DESCRIPTION)
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, FOAF.homepage, publisher))
    graph.add((catalog, DCTERMS.license, licence))
    if modified is not None:
        graph.add((catalog, DCTERMS.modified, modified))
    graph.add((catalog, DCAT.dataset, dataset))
    for code in ("VIE", "ENG"):
        graph.add((catalog, DCTERMS.language, URIRef(EU_LANGUAGE + code)))

    graph.add((dataset, RDF.type, DCAT.Dataset))
    both_languages(graph, dataset, DCTERMS.title, dataset_meta.TITLE)
    both_languages(graph, dataset, DCTERMS.description, dataset_meta.DESCRIPTION)
    graph.add((dataset, DCTERMS.identifier, Literal(dataset_meta.NAME)))
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCTERMS.creator, publisher))
    graph.add((dataset, DCTERMS.license, licence))
    graph.add((dataset, DCTERMS.accessRights, URIRef(EU_ACCESS_RIGHTS)))
    graph.add((dataset, DCAT.landingPage, URIRef(data_page)))
    if modified is not None:
        graph.add((dataset, DCTERMS.modified, modified))
    first_published = reports.order_by().aggregate(first=Min("published_at"))["first"]
    if first_published is not None:
        issued = first_published.astimezone(VIETNAM).replace(microsecond=0)
        graph.add((dataset, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.dateTime)))
    for code in ("VIE", "ENG"):
        graph.add((dataset, DCTERMS.language, URIRef(EU_LANGUAGE + code)))
    add_temporal(graph, dataset, dataset_meta.years_covered(reports))
    graph.add((dataset, DCTERMS.spatial, URIRef(dataset_meta.SPATIAL["eu_country"])))
    graph.add((dataset, DCTERMS.spatial, URIRef(dataset_meta.SPATIAL["geonames"])))
    for theme in dataset_meta.EU_THEMES:
        graph.add((dataset, DCAT.theme, URIRef(theme)))
    for language, words in dataset_meta.KEYWORDS.items():
        for word in words:
            graph.add((dataset, DCAT.keyword, Literal(word, lang=language)))
    contact = URIRef(data_page + "#contact")
    graph.add((dataset, DCAT.contactPoint, contact))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(publisher_name, lang="vi")))
    graph.add((contact, VCARD.hasURL, about_page))

    for distribution in dataset_meta.DISTRIBUTIONS:
        with translation.override("vi"):
            url = page(distribution.path())
        node = URIRef(f"{data_page}#distribution-{distribution.key}")
        graph.add((dataset, DCAT.distribution, node))
        graph.add((node, RDF.type, DCAT.Distribution))
        both_languages(graph, node, DCTERMS.title, distribution.title)
        graph.add((node, DCAT.accessURL, url))
        graph.add((node, DCAT.downloadURL, url))
        graph.add((node, DCAT.mediaType, URIRef(IANA_MEDIA_TYPE + distribution.media_type)))
        graph.add((node, DCTERMS.format, URIRef(EU_FILE_TYPE + distribution.format)))
        graph.add((node, DCTERMS.license, licence))
        if modified is not None:
            graph.add((node, DCTERMS.modified, modified))

    add_api(graph, site, dataset, licence, data_page)
    return graph


def add_temporal(graph, dataset, years):
    if years is None:
        return
    period = URIRef(str(dataset).replace("#dataset", "#period"))
    graph.add((dataset, DCTERMS.temporal, period))
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((period, DCAT.startDate, Literal(str(years[0]), datatype=XSD.gYear)))
    graph.add((period, DCAT.endDate, Literal(str(years[1]), datatype=XSD.gYear)))


def add_api(graph, site, dataset, licence, data_page):
    """The read API: a distribution whose access service is a dcat:DataService."""
    endpoint = URIRef(site + dataset_meta.api_endpoint())
    service, node = URIRef(f"{endpoint}#service"), URIRef(f"{data_page}#distribution-api")
    graph.add((service, RDF.type, DCAT.DataService))
    both_languages(graph, service, DCTERMS.title, dataset_meta.API["title"])
    graph.add((service, DCAT.endpointURL, endpoint))
    graph.add((service, DCAT.endpointDescription, URIRef(site + reverse(dataset_meta.API["url_name"]))))
    graph.add((service, DCTERMS.conformsTo, URIRef(OPENAPI)))
    with translation.override("vi"):
        graph.add((service, FOAF.page, URIRef(site + reverse(dataset_meta.API["docs_url_name"]))))
    graph.add((service, DCAT.servesDataset, dataset))
    graph.add((service, DCTERMS.license, licence))
    graph.add((dataset, DCAT.distribution, node))
    graph.add((node, RDF.type, DCAT.Distribution))
    both_languages(graph, node, DCTERMS.title, dataset_meta.API["title"])
    graph.add((node, DCAT.accessURL, endpoint))
    graph.add((node, DCAT.accessService, service))
    graph.add((node, DCAT.mediaType, URIRef(IANA_MEDIA_TYPE + "application/json")))
    graph.add((node, DCTERMS.license, licence))


def catalog_turtle(request):
    body = build_graph(site_url(request)).serialize(format="turtle", encoding="utf-8")
    return HttpResponse(body, content_type="text/turtle; charset=utf-8")


def catalog_jsonld(request):
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    body = build_graph(site_url(request)).serialize(format="json-ld", context=context, indent=1, encoding="utf-8")
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")
