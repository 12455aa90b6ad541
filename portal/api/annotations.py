"""The provenance of every sourced record as one collection of Web Annotations, for the
downloads: annotations.jsonld in the data package, and the "annotations" of the JSON download.

Each annotation is made by portal.core.annotations.web_annotation(), as in the API and on the pages.
"""

import json

from django.urls import reverse

from lessons.datasets import INITIATIVES, LESSONS
from portal.core.annotations import annotation_collection
from provinces.datasets import METRICS

SOURCED = (LESSONS, INITIATIVES, METRICS)

RESOURCE = {
    "name": "annotations",
    "path": "annotations.jsonld",
    "profile": "data-resource",
    "format": "jsonld",
    "mediatype": "application/ld+json",
    "encoding": "utf-8",
    "description": (
        "Where each lesson, initiative and metric comes from: one W3C Web Annotation per record "
        "(http://www.w3.org/ns/anno.jsonld), its target the source report with a TextQuoteSelector "
        "and a TextPositionSelector. Positions count Unicode code points of the report's body as in "
        "reports.csv (NFC); end is exclusive."
    ),
}


def collection(site_url):
    records = [row for dataset in SOURCED for row in dataset.rows().order_by("slug")]
    return annotation_collection(
        records,
        lambda path: site_url + path,
        site_url + reverse("data-annotations"),
        "Provenance of every lesson, initiative and metric",
    )


def collection_document(site_url):
    return json.dumps(collection(site_url), ensure_ascii=False, indent=1)
