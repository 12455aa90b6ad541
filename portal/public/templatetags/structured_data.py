"""Template tags that write a page's JSON-LD (templates/partials/jsonld.html), in base.html's
`structured_data` block: schema.org (portal.public.structured_data) and, on the pages of sourced
records, their Web Annotations (portal.core.annotations).

A JSON-LD <script> is data, never run, so the Content-Security-Policy's script-src 'self' does not
concern it; its text escapes "<", ">" and "&" as Django's json_script does, so that no value
(a report's text) can close the element.
"""

import json

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from portal.core import dataset_meta
from portal.core.aggregates import remembered
from portal.core.annotations import annotation_collection, web_annotation
from portal.core.freshness import last_changed
from provinces.models import Report

from .. import structured_data

register = template.Library()
PARTIAL = "partials/jsonld.html"
ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_text(document):
    return mark_safe(json.dumps(document, ensure_ascii=False, indent=1).translate(ESCAPES))


def blocks(*documents):
    return {"blocks": [script_text(document) for document in documents]}


def absolute_for(context):
    return context["request"].build_absolute_uri


@register.inclusion_tag(PARTIAL, takes_context=True)
def dataset_jsonld(context):
    """The whole dataset (home, /data/)."""
    years = remembered(("years-covered",), lambda: dataset_meta.years_covered(Report.objects.public()))
    found = blocks(structured_data.dataset(absolute_for(context), years, last_changed()))
    # Where a harvester finds the DCAT catalogue (DCAT-AP discovery by <link rel="alternate">).
    catalogue = [("text/turtle", "data-catalog-ttl"), ("application/ld+json", "data-catalog-jsonld")]
    found["links"] = [{"type": kind, "href": reverse(name), "title": "DCAT"} for kind, name in catalogue]
    return found


@register.inclusion_tag(PARTIAL, takes_context=True)
def report_jsonld(context, report):
    return blocks(structured_data.report(report, absolute_for(context)))


@register.inclusion_tag(PARTIAL, takes_context=True)
def record_jsonld(context, record):
    """A lesson or an initiative, and where it comes from."""
    absolute = absolute_for(context)
    return blocks(structured_data.sourced_record(record, absolute), web_annotation(record, absolute))


@register.inclusion_tag(PARTIAL, takes_context=True)
def indicator_jsonld(context, indicator, metrics):
    """An indicator, and where each of the figures on this page comes from."""
    absolute = absolute_for(context)
    page = absolute(context["request"].get_full_path())  # the figures of this page of the list
    sources = annotation_collection(metrics, absolute, page + "#sources", indicator.localized_name)
    return blocks(structured_data.indicator(indicator, absolute), sources)
