"""Where a record's fact comes from, as a W3C Web Annotation (Web Annotation Data Model).

One function, `web_annotation()`, writes it for every lesson, initiative and metric; the API's
objects, the JSON download, the data package's annotations.jsonld and the detail pages' JSON-LD
all use it, so a harvester gets the same provenance whichever way it reads the portal.

- target: the source report as the portal keeps it, i.e. its page on the portal (the text the
  selectors count in is the portal's copy, which the original article URL may not serve any more:
  that URL is given as the target's `via` when the report has one). Two selectors pick the
  same passage: a TextQuoteSelector (the verbatim excerpt with up to QUOTE_CONTEXT characters
  before and after it) and a TextPositionSelector (start and end).
- positions count Unicode code points (Python string indices) in the report's body as stored,
  which is in NFC (portal.core.models.CleanText): the `body` of /api/v1/reports/<slug>/ and of
  reports.csv in the data package. `end` is exclusive, as the model prescribes.
- body: the record's page on the portal, and its title or name (Vietnamese; English as well
  when curators wrote an English summary) as textual bodies.
- id: the annotation inside the record's API object (/api/v1/<records>/<slug>/#annotation, its key).

Takes the record and a function that makes a path absolute; reads only the record's report, which
every public queryset of sourced records loads with it.
"""

from django.urls import reverse
from django.utils import translation

from .excerpts import anchor
from .site import portal_name

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUOTE_CONTEXT = 32  # code points of prefix and suffix: enough to tell repeated phrases apart


def excerpt_span(record):
    """(start, end) of the record's excerpt in its report's body, in code points."""
    body = record.report.body
    start = anchor(body, record.excerpt, record.excerpt_start)
    return start, start + len(record.excerpt)


def text_bodies(record):
    with translation.override("vi"):
        label = str(record)
    texts = {"vi": label, "en": getattr(record, "summary_en", "")}
    return [
        {"type": "TextualBody", "value": text, "language": language, "format": "text/plain", "purpose": "describing"}
        for language, text in texts.items()
        if text
    ]


def web_annotation(record, absolute, context=True):
    """The record's source as a Web Annotation (a dict ready for JSON); `context=False` leaves
    out "@context", for annotations listed inside a collection that states it once."""
    report = record.report
    start, end = excerpt_span(record)
    body = report.body
    with translation.override("vi"):  # the canonical pages, whatever the reader's language
        record_page = absolute(record.get_absolute_url())
        report_page = absolute(report.get_absolute_url())
        site = absolute("/")
        creator = portal_name()
    api_object = absolute(reverse(f"api:{record._meta.model_name}-detail", kwargs={"slug": record.slug}))
    target = {
        "type": "SpecificResource",
        "source": {"id": report_page, "type": "Text", "format": "text/html", "language": report.language},
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": record.excerpt,
                "prefix": body[max(0, start - QUOTE_CONTEXT) : start],
                "suffix": body[end : end + QUOTE_CONTEXT],
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }
    if report.url:
        target["via"] = report.url
    annotation = {
        "id": f"{api_object}#annotation",
        "type": "Annotation",
        "motivation": "describing",
        "creator": {"id": site, "type": "Organization", "name": creator, "homepage": site},
        "body": [{"id": record_page, "type": "Text", "format": "text/html", "language": "vi"}, *text_bodies(record)],
        "target": target,
    }
    return {"@context": CONTEXT, **annotation} if context else annotation


def annotation_collection(records, absolute, collection_id, label):
    """Many records' annotations as one AnnotationCollection, its single page embedded."""
    items = [web_annotation(record, absolute, context=False) for record in records]
    page_id = collection_id + ("-page-1" if "#" in collection_id else "#page-1")  # one fragment at most
    return {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"id": page_id, "type": "AnnotationPage", "startIndex": 0, "items": items},
    }
